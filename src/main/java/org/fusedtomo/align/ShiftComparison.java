package org.fusedtomo.align;

/**
 * Two alignments' raw displacements compared at the tilts of the first, in the pixels of the second.
 * Each is {@code axisOffset + dx} in x and {@code dy} in y; a reference at other tilts is read by
 * {@link Alignment#shiftAt}. Each column has its mean over the tilts removed, since an alignment is
 * known only up to a translation (tomviz' are relative to one reference tilt, ours to the axis).
 *
 * @param anglesDeg the compared tilts, degrees, in the first alignment's order
 * @param dx the first alignment's x, times {@code scale}, mean removed, pixels
 * @param dy its y, likewise
 * @param referenceDx the reference's x, mean removed, pixels
 * @param referenceDy the reference's y, likewise
 * @param rmsX root mean square of {@code dx − referenceDx}, pixels
 * @param rmsY root mean square of {@code dy − referenceDy}, pixels
 */
public record ShiftComparison(double[] anglesDeg, double[] dx, double[] dy, double[] referenceDx, double[] referenceDy, double rmsX, double rmsY) {

	public ShiftComparison {
		anglesDeg = anglesDeg.clone();
		dx = dx.clone();
		dy = dy.clone();
		referenceDx = referenceDx.clone();
		referenceDy = referenceDy.clone();
	}

	/**
	 * @param ours the alignment to check
	 * @param reference the one to compare with, at any tilts covering ours
	 * @param scale reference pixels per pixel of {@code ours} (the binning factor of {@code ours})
	 */
	public static ShiftComparison of(Alignment ours, Alignment reference, double scale) {
		if (!(scale > 0) || !Double.isFinite(scale))
			throw new IllegalArgumentException("Shift comparison scale must be a positive number, got " + scale);
		int n = ours.angleCount();
		double[] angles = ours.anglesDeg(), x = new double[n], y = new double[n], rx = new double[n], ry = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = scale * (ours.axisOffsetPx() + ours.dx(i));
			y[i] = scale * ours.dy(i);
			double[] s = reference.shiftAt(angles[i]);
			rx[i] = reference.axisOffsetPx() + s[0];
			ry[i] = s[1];
		}
		centre(x);
		centre(y);
		centre(rx);
		centre(ry);
		return new ShiftComparison(angles, x, y, rx, ry, rms(x, rx), rms(y, ry));
	}

	private static void centre(double[] v) {
		double mean = java.util.Arrays.stream(v).average().orElse(0);
		for (int i = 0; i < v.length; i++)
			v[i] -= mean;
	}

	private static double rms(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++)
			sum += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(sum / a.length);
	}

	@Override
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	@Override
	public double[] dx() {
		return dx.clone();
	}

	@Override
	public double[] dy() {
		return dy.clone();
	}

	@Override
	public double[] referenceDx() {
		return referenceDx.clone();
	}

	@Override
	public double[] referenceDy() {
		return referenceDy.clone();
	}
}
