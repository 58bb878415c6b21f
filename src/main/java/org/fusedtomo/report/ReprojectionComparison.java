package org.fusedtomo.report;

import java.awt.Color;
import java.awt.Font;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.fusedtomo.data.TiltSeries;

/**
 * A montage that shows how well aligned data and a model agree: one row per chosen projection, with
 * the data, the reprojection of a reconstruction and their difference (data − reprojection). Data and
 * reprojection share one grey scale (the data's 0.5–99.5 percentiles); the difference is shown on a
 * symmetric scale of ± the data's range, red where the data is brighter and blue where the model is.
 * Misalignment shows as paired red/blue edges.
 */
public final class ReprojectionComparison {

	private static final int GAP = 4;
	private static final int LABEL_WIDTH = 72;
	private static final int HEADER = 22;
	private static final int MIN_TILE = 160;

	private ReprojectionComparison() {}

	/** The projection indices of the lowest tilt, the tilt nearest 0° and the highest tilt, without repeats. */
	public static int[] extremesAndZero(double[] anglesDeg) {
		int lo = 0, hi = 0, zero = 0;
		for (int i = 1; i < anglesDeg.length; i++) {
			if (anglesDeg[i] < anglesDeg[lo])
				lo = i;
			if (anglesDeg[i] > anglesDeg[hi])
				hi = i;
			if (Math.abs(anglesDeg[i]) < Math.abs(anglesDeg[zero]))
				zero = i;
		}
		return java.util.stream.IntStream.of(lo, zero, hi).distinct().toArray();
	}

	/**
	 * The montage of projections {@code indices} of {@code data} and {@code model}, which must have the
	 * same geometry. Cost O(pixels of the data) for the percentiles.
	 */
	public static ImagePlus montage(String title, TiltSeries data, TiltSeries model, int[] indices) {
		return montage(title, data, model, indices, new String[] { "data", "reprojection", "data - reprojection" });
	}

	/** {@link #montage(String, TiltSeries, TiltSeries, int[])} with other column headers (three). */
	public static ImagePlus montage(String title, TiltSeries data, TiltSeries model, int[] indices, String[] headers) {
		return montage(title, data, model, indices, headers, null);
	}

	/**
	 * {@link #montage(String, TiltSeries, TiltSeries, int[], String[])} with a label per row ({@code rowLabels}, one per index)
	 * instead of the tilt angle: a 2D map has no tilt ("0.0°" was drawn for fused2d's single image).
	 */
	public static ImagePlus montage(String title, TiltSeries data, TiltSeries model, int[] indices, String[] headers, String[] rowLabels) {
		if (rowLabels != null && rowLabels.length != indices.length)
			throw new IllegalArgumentException("A reprojection comparison needs one row label per projection, got " + rowLabels.length + " for " + indices.length);
		if (headers.length != 3)
			throw new IllegalArgumentException("A reprojection comparison has 3 columns, got " + headers.length + " headers");
		if (!data.geometry().equals(model.geometry()))
			throw new IllegalArgumentException("Data " + data.geometry() + " and model " + model.geometry() + " must have the same geometry");
		if (indices.length == 0)
			throw new IllegalArgumentException("A reprojection comparison needs at least one projection");
		int w = data.width(), h = data.height();
		int zoom = Math.max(1, (int) Math.ceil(MIN_TILE / (double) Math.max(w, h)));
		int tw = zoom * w, th = zoom * h;
		ColorProcessor canvas = new ColorProcessor(LABEL_WIDTH + 3 * tw + 2 * GAP, HEADER + indices.length * (th + GAP));
		canvas.setColor(Color.BLACK);
		canvas.fill();
		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		canvas.setAntialiasedText(true);
		canvas.setColor(Color.LIGHT_GRAY);
		for (int c = 0; c < 3; c++)
			canvas.drawString(headers[c], LABEL_WIDTH + c * (tw + GAP), HEADER - 4);
		float[] range = Orthoslices.percentiles(data.data(), 0.005, 0.995);
		float span = range[1] - range[0];
		int y0 = HEADER;
		for (int row = 0; row < indices.length; row++) {
			int a = indices[row];
			FloatProcessor d = projection(data, a), m = projection(model, a), diff = projection(data, a);
			for (int i = 0; i < diff.getPixelCount(); i++)
				diff.setf(i, d.getf(i) - m.getf(i));
			canvas.insert(grey(d, range[0], span, zoom), LABEL_WIDTH, y0);
			canvas.insert(grey(m, range[0], span, zoom), LABEL_WIDTH + tw + GAP, y0);
			canvas.insert(signed(diff, span, zoom), LABEL_WIDTH + 2 * (tw + GAP), y0);
			canvas.setColor(Color.LIGHT_GRAY);
			canvas.drawString(rowLabels == null ? String.format("%.1f°", data.angleDeg(a)) : rowLabels[row], 4, y0 + th / 2 + 7);
			y0 += th + GAP;
		}
		return new ImagePlus(title, canvas);
	}

	private static FloatProcessor projection(TiltSeries s, int a) {
		float[] p = new float[s.width() * s.height()];
		System.arraycopy(s.data(), s.projectionOffset(a), p, 0, p.length);
		return new FloatProcessor(s.width(), s.height(), p);
	}

	static ColorProcessor grey(FloatProcessor p, float lo, float span, int zoom) {
		ColorProcessor out = new ColorProcessor(p.getWidth(), p.getHeight());
		for (int i = 0; i < p.getPixelCount(); i++) {
			int v = (int) Math.round(255 * Math.max(0, Math.min(1, (p.getf(i) - lo) / span)));
			out.set(i, (v << 16) | (v << 8) | v);
		}
		return enlarged(out, zoom);
	}

	private static ColorProcessor signed(FloatProcessor p, float span, int zoom) {
		ColorProcessor out = new ColorProcessor(p.getWidth(), p.getHeight());
		for (int i = 0; i < p.getPixelCount(); i++) {
			double t = Math.max(-1, Math.min(1, p.getf(i) / span));
			int v = (int) Math.round(255 * Math.abs(t));
			out.set(i, t >= 0 ? v << 16 : v);
		}
		return enlarged(out, zoom);
	}

	static ColorProcessor enlarged(ColorProcessor p, int zoom) {
		p.setInterpolationMethod(ColorProcessor.NONE);
		return (ColorProcessor) p.resize(zoom * p.getWidth(), zoom * p.getHeight());
	}
}
