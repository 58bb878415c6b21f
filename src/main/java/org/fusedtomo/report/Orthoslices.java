package org.fusedtomo.report;

import java.awt.Color;
import java.awt.Font;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.fusedtomo.data.CentralSlices;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.Percentiles;

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
	/** The quantiles of the display range. */
	public static final double LOW = 0.005, HIGH = 0.995;

	private Orthoslices() {}

	/** The montage of the named volumes, in map order; one row per entry. */
	public static ImagePlus montage(String title, Map<String, Volume> volumes) {
		Map<String, CentralSlices> rows = new LinkedHashMap<>();
		volumes.forEach((name, v) -> rows.put(name, central(v)));
		return montageOfSlices(title, rows);
	}

	/** What a montage shows of {@code v}: its central slices, stretched to its 0.5–99.5 percentile range. */
	public static CentralSlices central(Volume v) {
		return CentralSlices.of(v, percentiles(v.data(), LOW, HIGH));
	}

	/**
	 * The montage of the named volumes' central slices (e.g. taken from a volume that was never whole in
	 * memory, with its range from {@link #percentiles}' quantiles {@value #LOW} and {@value #HIGH}), in map order.
	 */
	public static ImagePlus montageOfSlices(String title, Map<String, CentralSlices> volumes) {
		if (volumes.isEmpty())
			throw new IllegalArgumentException("A montage needs at least one volume");
		CentralSlices first = volumes.values().iterator().next();
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
		for (Map.Entry<String, CentralSlices> e : volumes.entrySet()) {
			CentralSlices v = e.getValue();
			if (v.width() != nx || v.height() != ny || v.depth() != nz)
				throw new IllegalArgumentException("Volume " + e.getKey() + " is " + v.width() + " x " + v.height() + " x " + v.depth() + " but the montage is " + nx + " x " + ny + " x " + nz);
			Color colour = ElementColours.of(e.getKey(), index++);
			List<FloatProcessor> slices = List.of(new FloatProcessor(nx, ny, v.xy()), new FloatProcessor(nx, nz, v.xz()), new FloatProcessor(nz, ny, v.zy()));
			int x0 = LABEL_WIDTH;
			for (FloatProcessor s : slices) {
				s.setInterpolationMethod(FloatProcessor.NONE);
				FloatProcessor big = (FloatProcessor) s.resize(zoom * s.getWidth(), zoom * s.getHeight());
				canvas.insert(tint(big, v.range(), colour), x0, y0);
				x0 += big.getWidth() + GAP;
			}
			canvas.setColor(colour);
			canvas.drawString(e.getKey(), 4, y0 + rowHeight / 2 + 7);
			y0 += rowHeight + GAP;
		}
		return new ImagePlus(title, canvas);
	}

	/** The values at the two quantiles (fractions in [0,1]) of the data ({@link Percentiles#of}). */
	public static float[] percentiles(float[] data, double low, double high) {
		return displayRange(Percentiles.of(data, low, high));
	}

	/** The display range of two quantiles {lo, hi}: hi above lo (lo + 1 when they are equal). */
	public static float[] displayRange(float[] quantiles) {
		return new float[] { quantiles[0], quantiles[1] > quantiles[0] ? quantiles[1] : quantiles[0] + 1 };
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
