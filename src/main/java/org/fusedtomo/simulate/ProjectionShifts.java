package org.fusedtomo.simulate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;

/**
 * One in-plane shift per projection, in pixels: a shift (dx, dy) moves the image content by +dx in x
 * and +dy in y, so content at (x, y) appears at (x + dx, y + dy). Undo it with {@link #negated()}.
 * Immutable; arrays are copied in and out.
 *
 * @param dxPx shift along x (perpendicular to the tilt axis) per projection, pixels
 * @param dyPx shift along y (along the tilt axis) per projection, pixels
 */
public record ProjectionShifts(double[] dxPx, double[] dyPx) {

	public ProjectionShifts {
		if (dxPx == null || dyPx == null || dxPx.length != dyPx.length)
			throw new IllegalArgumentException("Shifts need as many x as y values, got " + (dxPx == null ? "none" : dxPx.length) + " and " + (dyPx == null ? "none" : dyPx.length));
		for (int i = 0; i < dxPx.length; i++)
			if (!Double.isFinite(dxPx[i]) || !Double.isFinite(dyPx[i]))
				throw new IllegalArgumentException("Shift of projection " + i + " is not finite: (" + dxPx[i] + ", " + dyPx[i] + ")");
		dxPx = dxPx.clone();
		dyPx = dyPx.clone();
	}

	/** No shift for each of {@code count} projections. */
	public static ProjectionShifts zeros(int count) {
		return new ProjectionShifts(new double[count], new double[count]);
	}

	@Override
	public double[] dxPx() {
		return dxPx.clone();
	}

	@Override
	public double[] dyPx() {
		return dyPx.clone();
	}

	public int count() {
		return dxPx.length;
	}

	public double dx(int projection) {
		return dxPx[projection];
	}

	public double dy(int projection) {
		return dyPx[projection];
	}

	/** The shifts that undo these. */
	public ProjectionShifts negated() {
		double[] x = new double[dxPx.length], y = new double[dyPx.length];
		for (int i = 0; i < x.length; i++) {
			x[i] = -dxPx[i];
			y[i] = -dyPx[i];
		}
		return new ProjectionShifts(x, y);
	}

	/**
	 * These shifts, taken at {@code anglesDeg} (one per projection, any order), linearly interpolated in
	 * angle to {@code targetAnglesDeg}. Targets outside the range take the shift of the nearest end
	 * angle; at a repeated angle the first projection with it counts. Cost O((n + m) log n).
	 */
	public ProjectionShifts interpolate(double[] anglesDeg, double[] targetAnglesDeg) {
		if (anglesDeg.length != count())
			throw new IllegalArgumentException("Interpolating " + count() + " shifts needs as many angles, got " + anglesDeg.length);
		if (count() == 0)
			throw new IllegalArgumentException("Cannot interpolate from an empty set of shifts");
		Integer[] order = IntStream.range(0, count()).boxed().toArray(Integer[]::new);
		// NB: a stable sort, so the first of equal angles comes first.
		Arrays.sort(order, Comparator.comparingDouble(i -> anglesDeg[i]));
		double[] x = new double[targetAnglesDeg.length], y = new double[targetAnglesDeg.length];
		for (int t = 0; t < targetAnglesDeg.length; t++) {
			double a = targetAnglesDeg[t];
			int lo = 0, hi = order.length - 1;
			if (a <= anglesDeg[order[lo]]) {
				x[t] = dxPx[order[lo]];
				y[t] = dyPx[order[lo]];
				continue;
			}
			if (a >= anglesDeg[order[hi]]) {
				int last = order[first(order, anglesDeg, hi)];
				x[t] = dxPx[last];
				y[t] = dyPx[last];
				continue;
			}
			// Largest lo with angle(lo) <= a; then angle(lo) <= a < angle(lo + 1).
			while (hi - lo > 1) {
				int mid = (lo + hi) >>> 1;
				if (anglesDeg[order[mid]] <= a)
					lo = mid;
				else
					hi = mid;
			}
			int i0 = order[first(order, anglesDeg, lo)], i1 = order[lo + 1];
			double w = (a - anglesDeg[i0]) / (anglesDeg[i1] - anglesDeg[i0]);
			x[t] = dxPx[i0] + w * (dxPx[i1] - dxPx[i0]);
			y[t] = dyPx[i0] + w * (dyPx[i1] - dyPx[i0]);
		}
		return new ProjectionShifts(x, y);
	}

	/** The first sorted position holding the same angle as position {@code k}. */
	private static int first(Integer[] order, double[] angles, int k) {
		while (k > 0 && angles[order[k - 1]] == angles[order[k]])
			k--;
		return k;
	}

	/**
	 * A copy of {@code series} with projection i shifted by (dx(i), dy(i)) by
	 * {@link ShiftInterpolation#DEFAULT} (bilinear, zero fill outside the image). Bilinear interpolation
	 * keeps the sum and moves the centre of mass by exactly the shift (for content away from the edges),
	 * but smooths by a tent of width below one pixel at fractional shifts. Integer shifts are exact.
	 * Cost O(pixels).
	 */
	public TiltSeries applyTo(TiltSeries series) {
		if (series.angleCount() != count())
			throw new IllegalArgumentException("Series has " + series.angleCount() + " projections but there are " + count() + " shifts");
		TiltSeries out = series.zerosLike();
		// NB: shift samples dst(q) = src(q + t), so content moving by +d needs t = −d.
		for (int a = 0; a < count(); a++)
			ShiftInterpolation.DEFAULT.shift(series.data(), series.projectionOffset(a), out.data(), out.projectionOffset(a), series.width(), series.height(),
				-dxPx[a], -dyPx[a]);
		return out;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ProjectionShifts s && Arrays.equals(s.dxPx, dxPx) && Arrays.equals(s.dyPx, dyPx);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(dxPx) + Arrays.hashCode(dyPx);
	}

	@Override
	public String toString() {
		return "ProjectionShifts[dx=" + Arrays.toString(dxPx) + ", dy=" + Arrays.toString(dyPx) + "]";
	}
}
