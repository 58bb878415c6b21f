package org.fusedtomo.align;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;

/**
 * The alignment of a tilt series, as data (DESIGN §3): per-projection shifts and the tilt axis, in the
 * pixels of the raw projections. Immutable; arrays are copied in and out.
 * <p>
 * <b>Model.</b> In raw projection i the tilt axis is the line through {@code (cx + axisOffset, cy)}
 * turned by {@code axisRotation} from the +y direction (by R of {@link ShiftInterpolation}), and the
 * whole projection is displaced by {@code (dx_i, dy_i)}; {@code c = ((w-1)/2, (h-1)/2)}.
 * {@link #apply} undoes this: {@code aligned(q) = raw(c + (axisOffset + dx_i, dy_i) + R(q − c))}, so in
 * the aligned series the tilt axis is vertical through the detector centre, as the projectors expect.
 * The offset and the mean of dx only ever appear summed; {@link #centred()} moves that mean into the
 * offset. A rigid translation of the object ({@code t_x cos θ + t_z sin θ} in dx, a constant in dy) is
 * not observable from the data; centre-of-mass alignment fixes it by putting the object's centre of
 * mass on the axis.
 *
 * @see AlignmentJson for saving and loading
 */
public final class Alignment {

	private final double[] anglesDeg;
	private final double[] dx;
	private final double[] dy;
	private final double axisRotationDeg;
	private final double axisOffsetPx;
	private final List<String> methods;

	/**
	 * @param anglesDeg tilt angles in degrees, finite, one per projection
	 * @param dx horizontal displacement of each projection in pixels
	 * @param dy vertical displacement of each projection in pixels
	 * @param axisRotationDeg in-plane rotation of the tilt axis from vertical, degrees
	 * @param axisOffsetPx horizontal offset of the tilt axis from the centre of the detector, pixels
	 * @param methods the alignment steps that produced this, in order (e.g. "centre-of-mass")
	 * @throws IllegalArgumentException on mismatched lengths or non-finite values
	 */
	public Alignment(double[] anglesDeg, double[] dx, double[] dy, double axisRotationDeg, double axisOffsetPx, List<String> methods) {
		if (anglesDeg == null || anglesDeg.length == 0)
			throw new IllegalArgumentException("An alignment needs at least one tilt angle");
		if (dx == null || dy == null || dx.length != anglesDeg.length || dy.length != anglesDeg.length)
			throw new IllegalArgumentException("An alignment needs one dx and one dy per angle: " + anglesDeg.length + " angles, "
				+ (dx == null ? "no" : dx.length) + " dx, " + (dy == null ? "no" : dy.length) + " dy");
		checkFinite("anglesDeg", anglesDeg);
		checkFinite("dx", dx);
		checkFinite("dy", dy);
		if (!Double.isFinite(axisRotationDeg))
			throw new IllegalArgumentException("Tilt-axis rotation must be finite, got " + axisRotationDeg + " degrees");
		if (!Double.isFinite(axisOffsetPx))
			throw new IllegalArgumentException("Tilt-axis offset must be finite, got " + axisOffsetPx + " px");
		this.anglesDeg = anglesDeg.clone();
		this.dx = dx.clone();
		this.dy = dy.clone();
		this.axisRotationDeg = axisRotationDeg;
		this.axisOffsetPx = axisOffsetPx;
		this.methods = List.copyOf(methods == null ? List.of() : methods);
	}

	private static void checkFinite(String name, double[] values) {
		for (int i = 0; i < values.length; i++)
			if (!Double.isFinite(values[i]))
				throw new IllegalArgumentException("Alignment " + name + "[" + i + "] is not a finite number: " + values[i]);
	}

	/** No shifts and a vertical, centred axis at the given angles (degrees). */
	public static Alignment identity(double[] anglesDeg) {
		int n = anglesDeg.length;
		return new Alignment(anglesDeg, new double[n], new double[n], 0, 0, List.of());
	}

	/** A copy of the tilt angles in degrees. */
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	public int angleCount() {
		return anglesDeg.length;
	}

	/** A copy of the horizontal displacements in pixels. */
	public double[] dx() {
		return dx.clone();
	}

	/** A copy of the vertical displacements in pixels. */
	public double[] dy() {
		return dy.clone();
	}

	public double dx(int i) {
		return dx[i];
	}

	public double dy(int i) {
		return dy[i];
	}

	public double axisRotationDeg() {
		return axisRotationDeg;
	}

	public double axisOffsetPx() {
		return axisOffsetPx;
	}

	/** The steps that produced this alignment, in order. */
	public List<String> methods() {
		return methods;
	}

	/** This alignment with the given shifts (pixels) and {@code method} appended to the record. */
	public Alignment withShifts(double[] newDx, double[] newDy, String method) {
		return new Alignment(anglesDeg, newDx, newDy, axisRotationDeg, axisOffsetPx, append(method));
	}

	/** This alignment with the given tilt axis (degrees, pixels) and {@code method} appended. */
	public Alignment withAxis(double rotationDeg, double offsetPx, String method) {
		return new Alignment(anglesDeg, dx, dy, rotationDeg, offsetPx, append(method));
	}

	/**
	 * This alignment after a further shift of each <em>aligned</em> projection by {@code (ux_i, uy_i)}
	 * pixels, i.e. {@code aligned'(q) = aligned(q + u_i)}; the shift is turned into raw pixels by R.
	 */
	public Alignment plusAlignedShifts(double[] ux, double[] uy, String method) {
		if (ux.length != dx.length || uy.length != dy.length)
			throw new IllegalArgumentException("Shift update needs " + dx.length + " values, got " + ux.length + " and " + uy.length);
		double phi = Math.toRadians(axisRotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double[] nx = new double[dx.length], ny = new double[dy.length];
		for (int i = 0; i < nx.length; i++) {
			nx[i] = dx[i] + ux[i] * cos - uy[i] * sin;
			ny[i] = dy[i] + ux[i] * sin + uy[i] * cos;
		}
		return withShifts(nx, ny, method);
	}

	/**
	 * The same transform with zero-mean dx: the mean is moved into the axis offset. {@link #apply}
	 * gives the same result; the offset then reads as the tilt axis position for the series as a whole.
	 */
	public Alignment centred() {
		double mean = Arrays.stream(dx).average().orElse(0);
		double[] nx = dx.clone();
		for (int i = 0; i < nx.length; i++)
			nx[i] -= mean;
		return new Alignment(anglesDeg, nx, dy, axisRotationDeg, axisOffsetPx + mean, methods);
	}

	private List<String> append(String method) {
		List<String> m = new ArrayList<>(methods);
		if (method != null)
			m.add(method);
		return m;
	}

	/**
	 * The shift {@code {dx, dy}} in pixels at tilt {@code angleDeg}: the stored value at a stored angle
	 * (within 1e-6°), linear interpolation between the two nearest stored angles otherwise, and the
	 * value of the nearest end outside the stored range. A tilt stored several times (repeated
	 * exposures, {@link RepeatedTilts}) counts with the mean shift of its exposures. Cost: O(angles log angles).
	 */
	public double[] shiftAt(double angleDeg) {
		if (!Double.isFinite(angleDeg))
			throw new IllegalArgumentException("Cannot look up the shift of a non-finite angle: " + angleDeg);
		RepeatedTilts tilts = RepeatedTilts.of(anglesDeg);
		int n = tilts.tiltCount();
		double[] a = tilts.anglesDeg(), mx = new double[n], my = new double[n];
		for (int t = 0; t < n; t++) {
			for (int i : tilts.exposures(t)) {
				mx[t] += dx[i] / tilts.exposureCount(t);
				my[t] += dy[i] / tilts.exposureCount(t);
			}
		}
		if (angleDeg <= a[0])
			return new double[] { mx[0], my[0] };
		if (angleDeg >= a[n - 1])
			return new double[] { mx[n - 1], my[n - 1] };
		for (int t = 0; t + 1 < n; t++) {
			if (Math.abs(a[t] - angleDeg) < 1e-6)
				return new double[] { mx[t], my[t] };
			if (angleDeg < a[t + 1]) {
				double f = (angleDeg - a[t]) / (a[t + 1] - a[t]);
				return new double[] { mx[t] + f * (mx[t + 1] - mx[t]), my[t] + f * (my[t + 1] - my[t]) };
			}
		}
		return new double[] { mx[n - 1], my[n - 1] };
	}

	/**
	 * This alignment at the tilts {@code targetAnglesDeg} (degrees): the shift of each from
	 * {@link #shiftAt}, the same axis and methods. A HAADF alignment (or a simulated drift) carried to
	 * the tilts of a chemical series. Cost: O(targets · angles log angles).
	 */
	public Alignment atAngles(double[] targetAnglesDeg) {
		double[] nx = new double[targetAnglesDeg.length], ny = new double[targetAnglesDeg.length];
		for (int t = 0; t < nx.length; t++) {
			double[] s = shiftAt(targetAnglesDeg[t]);
			nx[t] = s[0];
			ny[t] = s[1];
		}
		return new Alignment(targetAnglesDeg, nx, ny, axisRotationDeg, axisOffsetPx, methods);
	}

	/**
	 * The inverse of {@link #apply}: a new series in which each projection of {@code aligned} is turned
	 * and displaced as this alignment describes, {@code raw(p) = aligned(c + R⁻¹(p − c − t_i))} with
	 * {@code t_i = (axisOffset + dx_i, dy_i)}. With no rotation and offset, content moves by
	 * {@code (+dx_i, +dy_i)}: this is how the simulator applies its drift, so that the drift it reports is
	 * the alignment that undoes it. Shifts come by index or from {@link #shiftAt} as in {@link #apply}.
	 * Same interpolation; content leaving the frame is lost. Cost: one bilinear sample per pixel.
	 */
	public TiltSeries applyInverse(TiltSeries aligned) {
		TiltSeries out = aligned.zerosLike();
		int w = aligned.width(), h = aligned.height();
		boolean own = matches(aligned.geometry());
		double phi = Math.toRadians(axisRotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		for (int a = 0; a < aligned.angleCount(); a++) {
			double[] s = own ? new double[] { dx[a], dy[a] } : shiftAt(aligned.angleDeg(a));
			double tx = axisOffsetPx + s[0], ty = s[1];
			// NB: the source point is c − R⁻¹t + R⁻¹(p − c); with no rotation exactly −t.
			double ux = axisRotationDeg == 0 ? tx : tx * cos + ty * sin, uy = axisRotationDeg == 0 ? ty : -tx * sin + ty * cos;
			ShiftInterpolation.DEFAULT.transform(aligned.data(), aligned.projectionOffset(a), out.data(), out.projectionOffset(a), w, h, -axisRotationDeg, -ux, -uy);
		}
		return out;
	}

	/** {@link #apply(TiltSeries, ShiftInterpolation)} with {@link ShiftInterpolation#DEFAULT}. */
	public TiltSeries apply(TiltSeries series) {
		return apply(series, ShiftInterpolation.DEFAULT);
	}

	/**
	 * A new, aligned series (see the class comment): each projection resampled once, rotation and
	 * shift together, by {@code interpolation}. The series may have other angles than this alignment
	 * (a chemical series aligned by its HAADF series): then shifts come from {@link #shiftAt}; with the
	 * same angles they are taken by index. Calibration
	 * and angles are kept; the input is not modified. Cost: one bilinear sample per pixel.
	 *
	 * @throws IllegalArgumentException when a tilt lies beyond this alignment's angles ({@link #requireCovers}; callers
	 *         that can name the alignment's file check first)
	 */
	public TiltSeries apply(TiltSeries series, ShiftInterpolation interpolation) {
		// NB: by index when the angles are ours, so repeated angles keep their own shifts.
		boolean own = matches(series.geometry());
		if (!own)
			requireCovers(series.anglesDeg(), null);
		TiltSeries out = series.zerosLike();
		int w = series.width(), h = series.height();
		for (int a = 0; a < series.angleCount(); a++) {
			double[] s = own ? new double[] { dx[a], dy[a] } : shiftAt(series.angleDeg(a));
			interpolation.transform(series.data(), series.projectionOffset(a), out.data(), out.projectionOffset(a), w, h,
				axisRotationDeg, axisOffsetPx + s[0], s[1]);
		}
		return out;
	}

	/**
	 * This alignment (of a HAADF series of {@code haadfWidth} x {@code haadfHeight} pixels) in the pixels of a
	 * {@code width} x {@code height} chemical series recorded at {@code sampling} on the HAADF grid (issue 17,
	 * part 5), so that {@link #apply} moves that series as it moves the HAADF, without resampling it onto the
	 * HAADF grid: shifts and axis offset divided by the factor f, and, because {@link #apply} turns each image
	 * about its own centre while the HAADF turns about the HAADF centre, the difference of the two centres
	 * d (in chemical pixels) turned into the shifts as {@code (I − R) d}; with no axis rotation the origin
	 * does not matter.
	 */
	public Alignment inSampling(org.fusedtomo.data.ChemicalSampling sampling, int haadfWidth, int haadfHeight, int width, int height) {
		if (sampling.isFull() && haadfWidth == width && haadfHeight == height)
			return this;
		double f = sampling.factor();
		// NB: HAADF centre in chemical pixels, whose pixel i is centred on HAADF x = originX + f i + (f - 1) / 2.
		double cx = ((haadfWidth - 1) / 2.0 - sampling.originX() - (f - 1) / 2) / f, cy = ((haadfHeight - 1) / 2.0 - sampling.originY() - (f - 1) / 2) / f;
		double ddx = cx - (width - 1) / 2.0, ddy = cy - (height - 1) / 2.0;
		double phi = Math.toRadians(axisRotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double ex = ddx - (ddx * cos - ddy * sin), ey = ddy - (ddx * sin + ddy * cos);
		double[] nx = new double[dx.length], ny = new double[dy.length];
		for (int i = 0; i < nx.length; i++) {
			nx[i] = dx[i] / f;
			ny[i] = dy[i] / f + ey;
		}
		return withShifts(nx, ny, null).withAxis(axisRotationDeg, axisOffsetPx / f + ex, null);
	}

	/**
	 * Refuses tilts beyond this alignment's angles by more than its largest angle step (at least 0.5°):
	 * shifts there would be guesses, not interpolations ({@link #shiftAt} would repeat the nearest end's).
	 *
	 * @param anglesDeg the tilts of the series to align, degrees
	 * @param name names this alignment in the message (e.g. its file), or null
	 * @throws IllegalArgumentException naming the first tilt outside and the alignment's range
	 */
	public void requireCovers(double[] anglesDeg, String name) {
		double[] a = this.anglesDeg.clone();
		Arrays.sort(a);
		double step = 0;
		for (int i = 1; i < a.length; i++)
			step = Math.max(step, a[i] - a[i - 1]);
		double tolerance = Math.max(step, 0.5);
		for (double t : anglesDeg)
			if (t < a[0] - tolerance || t > a[a.length - 1] + tolerance)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "tilt %.2f deg is outside the angles of the alignment%s (%.2f to %.2f deg)", t,
					name == null ? "" : " " + name, a[0], a[a.length - 1]));
	}

	/** Whether this alignment was made for these angles (same count and values within 1e-6°). */
	public boolean matches(TiltGeometry geometry) {
		if (geometry.angleCount() != anglesDeg.length)
			return false;
		for (int i = 0; i < anglesDeg.length; i++)
			if (Math.abs(geometry.angleDeg(i) - anglesDeg[i]) > 1e-6)
				return false;
		return true;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Alignment a && Arrays.equals(a.anglesDeg, anglesDeg) && Arrays.equals(a.dx, dx) && Arrays.equals(a.dy, dy)
			&& Double.compare(a.axisRotationDeg, axisRotationDeg) == 0 && Double.compare(a.axisOffsetPx, axisOffsetPx) == 0 && a.methods.equals(methods);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] { Arrays.hashCode(anglesDeg), Arrays.hashCode(dx), Arrays.hashCode(dy), axisRotationDeg, axisOffsetPx }) * 31 + methods.hashCode();
	}

	@Override
	public String toString() {
		return "Alignment[" + anglesDeg.length + " angles, axis " + axisRotationDeg + " deg, offset " + axisOffsetPx + " px, methods " + methods + "]";
	}
}
