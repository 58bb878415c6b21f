package org.fusedtomo.geometry;

import java.util.Arrays;

/**
 * Parallel-beam acquisition geometry of a tilt series: projections of {@code width} x {@code height}
 * pixels at the given tilt angles (degrees). The tilt axis is parallel to y and passes through the
 * detector centre {@code (width-1)/2}. At tilt θ a voxel at (x, z) lands on detector coordinate
 * {@code u = x cos θ + z sin θ}, all measured in pixels from the centre.
 */
public final class TiltGeometry {

	private final int width;
	private final int height;
	private final double[] anglesDeg;

	public TiltGeometry(int width, int height, double[] anglesDeg) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("Projection size must be positive, got " + width + " x " + height);
		if (anglesDeg == null || anglesDeg.length == 0)
			throw new IllegalArgumentException("A tilt series needs at least one angle");
		for (int i = 0; i < anglesDeg.length; i++)
			if (!Double.isFinite(anglesDeg[i]))
				throw new IllegalArgumentException("Tilt angle " + i + " is not a finite number: " + anglesDeg[i]);
		this.width = width;
		this.height = height;
		this.anglesDeg = anglesDeg.clone();
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int angleCount() {
		return anglesDeg.length;
	}

	/** Tilt angle {@code i} in degrees. */
	public double angleDeg(int i) {
		return anglesDeg[i];
	}

	/** A copy of the tilt angles in degrees. */
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	/** The same projections restricted to the given angle indices, in that order. */
	public TiltGeometry subset(int[] indices) {
		double[] a = new double[indices.length];
		for (int i = 0; i < indices.length; i++)
			a[i] = anglesDeg[indices[i]];
		return new TiltGeometry(width, height, a);
	}

	/** Evenly spaced angles from {@code first} to {@code last} inclusive (degrees). */
	public static double[] range(double first, double last, double step) {
		if (!(step > 0) || last < first)
			throw new IllegalArgumentException("Angle range " + first + ":" + last + ":" + step + " needs first <= last and step > 0");
		int n = (int) Math.floor((last - first) / step + 1e-9) + 1;
		double[] a = new double[n];
		for (int i = 0; i < n; i++)
			a[i] = first + i * step;
		return a;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TiltGeometry t && t.width == width && t.height == height && Arrays.equals(t.anglesDeg, anglesDeg);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * width + height) + Arrays.hashCode(anglesDeg);
	}

	@Override
	public String toString() {
		return "TiltGeometry[" + width + " x " + height + ", " + anglesDeg.length + " angles " + anglesDeg[0] + ".." + anglesDeg[anglesDeg.length - 1] + " deg]";
	}
}
