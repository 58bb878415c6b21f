package org.fusedtomo.report;

import java.awt.Color;
import java.awt.Font;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.fusedtomo.data.Volume;

/**
 * A montage of the central orthoslices of volumes: one row per volume (element), with the XY slice
 * at the central z, the XZ slice at the central y and the ZY slice at the central x, each stretched
 * to its own 0.5–99.5 percentile range and tinted in the element's colour.
 */
public final class Orthoslices {

	private static final int GAP = 4;
	private static final int LABEL_WIDTH = 110;
	private static final int HEADER = 22;
	private static final int MIN_TILE = 160;

	private Orthoslices() {}

	/** The montage of the named volumes, in map order; one row per entry. */
	public static ImagePlus montage(String title, Map<String, Volume> volumes) {
		if (volumes.isEmpty())
			throw new IllegalArgumentException("A montage needs at least one volume");
		Volume first = volumes.values().iterator().next();
		int nx = first.width(), ny = first.height(), nz = first.depth();
		// NB: small volumes are enlarged (nearest neighbour) so that each tile is at least ~160 px.
		int zoom = Math.max(1, (int) Math.ceil(MIN_TILE / (double) Math.max(nx, Math.max(ny, nz))));
		int rowHeight = zoom * Math.max(ny, nz);
		int width = LABEL_WIDTH + zoom * (2 * nx + nz) + 2 * GAP;
		int height = volumes.size() * (rowHeight + GAP) + HEADER;
		ColorProcessor canvas = new ColorProcessor(width, height);
		canvas.setColor(Color.BLACK);
		canvas.fill();
		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		canvas.setAntialiasedText(true);
		canvas.setColor(Color.LIGHT_GRAY);
		int top = HEADER - 4;
		canvas.drawString("XY (z=" + nz / 2 + ")", LABEL_WIDTH, top);
		canvas.drawString("XZ (y=" + ny / 2 + ")", LABEL_WIDTH + zoom * nx + GAP, top);
		canvas.drawString("ZY (x=" + nx / 2 + ")", LABEL_WIDTH + 2 * (zoom * nx + GAP), top);
		int index = 0, y0 = HEADER;
		for (Map.Entry<String, Volume> e : volumes.entrySet()) {
			Volume v = e.getValue();
			if (v.width() != nx || v.height() != ny || v.depth() != nz)
				throw new IllegalArgumentException("Volume " + e.getKey() + " is " + v.geometry() + " but the montage is " + first.geometry());
			Color colour = ElementColours.of(e.getKey(), index++);
			List<FloatProcessor> slices = List.of(sliceXY(v, nz / 2), sliceXZ(v, ny / 2), sliceZY(v, nx / 2));
			float[] range = percentiles(v.data(), 0.005, 0.995);
			int x0 = LABEL_WIDTH;
			for (FloatProcessor s : slices) {
				s.setInterpolationMethod(FloatProcessor.NONE);
				FloatProcessor big = (FloatProcessor) s.resize(zoom * s.getWidth(), zoom * s.getHeight());
				canvas.insert(tint(big, range, colour), x0, y0);
				x0 += big.getWidth() + GAP;
			}
			canvas.setColor(colour);
			canvas.drawString(e.getKey(), 4, y0 + rowHeight / 2 + 7);
			y0 += rowHeight + GAP;
		}
		return new ImagePlus(title, canvas);
	}

	static FloatProcessor sliceXY(Volume v, int z) {
		FloatProcessor p = new FloatProcessor(v.width(), v.height());
		for (int y = 0; y < v.height(); y++)
			for (int x = 0; x < v.width(); x++)
				p.setf(x, y, v.get(x, y, z));
		return p;
	}

	static FloatProcessor sliceXZ(Volume v, int y) {
		FloatProcessor p = new FloatProcessor(v.width(), v.depth());
		for (int z = 0; z < v.depth(); z++)
			for (int x = 0; x < v.width(); x++)
				p.setf(x, z, v.get(x, y, z));
		return p;
	}

	static FloatProcessor sliceZY(Volume v, int x) {
		FloatProcessor p = new FloatProcessor(v.depth(), v.height());
		for (int y = 0; y < v.height(); y++)
			for (int z = 0; z < v.depth(); z++)
				p.setf(z, y, v.get(x, y, z));
		return p;
	}

	/** The values at the two quantiles (fractions in [0,1]) of the data. */
	public static float[] percentiles(float[] data, double low, double high) {
		float[] s = data.clone();
		Arrays.sort(s);
		float lo = s[(int) Math.floor(low * (s.length - 1))], hi = s[(int) Math.ceil(high * (s.length - 1))];
		return new float[] { lo, hi > lo ? hi : lo + 1 };
	}

	private static ColorProcessor tint(FloatProcessor p, float[] range, Color c) {
		ColorProcessor out = new ColorProcessor(p.getWidth(), p.getHeight());
		float lo = range[0], span = range[1] - range[0];
		for (int i = 0; i < p.getPixelCount(); i++) {
			double t = Math.max(0, Math.min(1, (p.getf(i) - lo) / span));
			int r = (int) Math.round(t * c.getRed()), g = (int) Math.round(t * c.getGreen()), b = (int) Math.round(t * c.getBlue());
			out.set(i, (r << 16) | (g << 8) | b);
		}
		return out;
	}
}
