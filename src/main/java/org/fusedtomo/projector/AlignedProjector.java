package org.fusedtomo.projector;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/**
 * A projector onto the <em>raw</em> (unaligned) frame of each projection: the wrapped projector's projection
 * (the aligned frame: tilt axis vertical through the detector centre) moved by each projection's rigid
 * transform, so that an alignment is applied inside the forward model and the counts are never resampled
 * (issue 17, item 2; docs/fused-study.md, "The alignment inside the forward model"). The transform is the
 * alignment model of {@code align.Alignment}: {@code raw(c + t_i + R(q − c)) = aligned(q)}, with
 * {@code c = ((w−1)/2, (h−1)/2)}, {@code t_i = (tx_i, ty_i)} in pixels and R the turn by φ of
 * {@code geometry.ShiftInterpolation}. The forward reads each raw pixel p from the aligned projection at
 * {@code q(p) = c + R⁻¹(p − c − t_i)} by bilinear interpolation of the model (not of the data); a raw pixel whose q lies
 * outside {@code [0, w−1] x [0, h−1]} is not covered by the aligned frame: its model value is 0 and the data there must
 * be marked not measured ({@link #markUncovered}, then {@link MaskedProjector} leaves it out of every term).
 * {@link #back} is the exact transpose (the bilinear weights spread, then the wrapped back projection).
 * Thread-safe as the wrapped projector; each call allocates one tilt series. Cost: the wrapped call plus
 * four multiply-adds per pixel.
 */
public final class AlignedProjector implements Projector {

	private final Projector inner;
	private final double rotationDeg;
	private final double[] tx;
	private final double[] ty;
	/** The shift the warp applies: (tx, ty), or what the wrapped projector's rays leave of it ({@link #withRayOffsets}). */
	private final double[] warpTx;
	private final double[] warpTy;

	/**
	 * @param inner the projector onto the aligned frame (same tilt geometry as the raw series)
	 * @param rotationDeg φ, the in-plane turn of the tilt axis from +y, degrees
	 * @param tx horizontal displacement of each projection in pixels (axis offset plus dx_i), one per angle
	 * @param ty vertical displacement of each projection in pixels, one per angle
	 * @throws IllegalArgumentException on a count that differs from the angles or a non-finite value
	 */
	public AlignedProjector(Projector inner, double rotationDeg, double[] tx, double[] ty) {
		int n = inner.tiltGeometry().angleCount();
		if (tx.length != n || ty.length != n)
			throw new IllegalArgumentException("An aligned projector needs one shift per angle: " + n + " angles, " + tx.length + " x and " + ty.length + " y shifts");
		if (!Double.isFinite(rotationDeg) || !Arrays.stream(tx).allMatch(Double::isFinite) || !Arrays.stream(ty).allMatch(Double::isFinite))
			throw new IllegalArgumentException("An aligned projector needs finite shifts and rotation, got rotation " + rotationDeg + " deg");
		this.inner = inner;
		this.rotationDeg = rotationDeg;
		this.tx = tx.clone();
		this.ty = ty.clone();
		this.warpTx = tx.clone();
		this.warpTy = ty.clone();
	}

	private AlignedProjector(Projector inner, double rotationDeg, double[] tx, double[] ty, double[] warpTx, double[] warpTy) {
		this.inner = inner;
		this.rotationDeg = rotationDeg;
		this.tx = tx.clone();
		this.ty = ty.clone();
		this.warpTx = warpTx;
		this.warpTy = warpTy;
	}

	/**
	 * The same model with the per-projection x shift inside the Joseph kernel instead of in the warp
	 * ({@link Projectors#withOffsets}: each ray moved, no interpolation of the projection for it). With {@code v = R⁻¹t_i},
	 * the rays carry {@code v_x}; the warp is left with {@code q = c + R⁻¹(p − c) − (0, v_y)}: the y shift by linear
	 * interpolation between detector rows (slices) and, with an axis rotation, the turn, whose interpolation is the same
	 * for every projection. The same coverage as the constructor's.
	 */
	public static AlignedProjector withRayOffsets(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, double rotationDeg, double[] tx, double[] ty) {
		int n = tilts.angleCount();
		if (tx.length != n || ty.length != n)
			throw new IllegalArgumentException("An aligned projector needs one shift per angle: " + n + " angles, " + tx.length + " x and " + ty.length + " y shifts");
		double[][] split = raySplit(rotationDeg, tx, ty);
		AlignedProjector checked = new AlignedProjector(Projectors.withOffsets(volume, tilts, parallelism, split[0]), rotationDeg, tx, ty);
		return new AlignedProjector(checked.inner, rotationDeg, tx, ty, split[1], split[2]);
	}

	/** {ray offsets v_x, warp tx, warp ty} of {@link #withRayOffsets}: the warp's translation is R(0, v_y), so that R⁻¹ of it is (0, v_y). */
	private static double[][] raySplit(double rotationDeg, double[] tx, double[] ty) {
		int n = tx.length;
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double[] offsets = new double[n], wx = new double[n], wy = new double[n];
		for (int a = 0; a < n; a++) {
			offsets[a] = tx[a] * cos + ty[a] * sin;
			double vy = -tx[a] * sin + ty[a] * cos;
			wx[a] = rotationDeg == 0 ? 0 : -vy * sin;
			wy[a] = rotationDeg == 0 ? ty[a] : vy * cos;
		}
		return new double[][] { offsets, wx, wy };
	}

	/** {@link #markUncovered(TiltSeries, double, double[], double[])} as {@link #withRayOffsets}' projector marks: also where its warp's own sample leaves the frame. */
	public static TiltSeries markUncoveredByRays(TiltSeries raw, double rotationDeg, double[] tx, double[] ty) {
		double[][] split = raySplit(rotationDeg, tx, ty);
		return markUncovered(markUncovered(raw, rotationDeg, tx, ty), rotationDeg, split[1], split[2]);
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return inner.volumeGeometry();
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return inner.tiltGeometry();
	}

	@Override
	public void forward(Volume volume, TiltSeries out) {
		Projectors.checkSizes(volumeGeometry(), tiltGeometry(), volume, out);
		TiltSeries aligned = new TiltSeries(tiltGeometry(), volume.calibration());
		inner.forward(volume, aligned);
		float[] src = aligned.data(), dst = out.data();
		Arrays.fill(dst, 0f);
		for (int a = 0; a < tx.length; a++)
			warp(a, src, dst, aligned.projectionOffset(a), false);
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volumeGeometry(), tiltGeometry(), out, projections);
		TiltSeries aligned = new TiltSeries(tiltGeometry(), projections.calibration());
		float[] raw = projections.data(), dst = aligned.data();
		for (int a = 0; a < tx.length; a++)
			warp(a, dst, raw, projections.projectionOffset(a), true);
		inner.back(aligned, out);
	}

	/**
	 * Projection a: forward, {@code raw(p) = bilinear(aligned, q(p))}; transposed, each covered {@code raw(p)} added
	 * to the four aligned pixels around q(p) with the same weights.
	 */
	private void warp(int a, float[] aligned, float[] raw, int off, boolean transpose) {
		int w = tiltGeometry().width(), h = tiltGeometry().height();
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		// NB: what the rays carry is not sampled again: the warp's own translation, R⁻¹ of (tx − warpTx, ty − warpTy).
		double ex = tx[a] - warpTx[a], ey = ty[a] - warpTy[a];
		double rayX = ex * cos + ey * sin, rayY = -ex * sin + ey * cos;
		for (int y = 0; y < h; y++) {
			double py = y - cy - ty[a];
			for (int x = 0; x < w; x++) {
				double px = x - cx - tx[a];
				// NB: R⁻¹ turns by −φ.
				double qx = cx + px * cos + py * sin, qy = cy - px * sin + py * cos;
				if (!(qx >= 0 && qy >= 0 && qx <= w - 1 && qy <= h - 1))
					continue;
				qx += rayX;
				qy += rayY;
				// NB: with the rays and a turn, the warp's own sample may leave the frame where q does not: not covered either.
				if (!(qx >= 0 && qy >= 0 && qx <= w - 1 && qy <= h - 1))
					continue;
				int x0 = Math.min((int) qx, w - 2), y0 = Math.min((int) qy, h - 2);
				double ax = qx - x0, ay = qy - y0;
				int i = off + y0 * w + x0, p = off + y * w + x;
				if (w == 1 || h == 1) {
					// NB: a single row or column: the one pixel itself (q is on it).
					i = off + (int) Math.rint(qy) * w + (int) Math.rint(qx);
					if (transpose)
						aligned[i] += raw[p];
					else
						raw[p] = aligned[i];
					continue;
				}
				double w00 = (1 - ax) * (1 - ay), w10 = ax * (1 - ay), w01 = (1 - ax) * ay, w11 = ax * ay;
				if (transpose) {
					double v = raw[p];
					aligned[i] += (float) (w00 * v);
					aligned[i + 1] += (float) (w10 * v);
					aligned[i + w] += (float) (w01 * v);
					aligned[i + w + 1] += (float) (w11 * v);
				}
				else
					raw[p] = (float) (w00 * aligned[i] + w10 * aligned[i + 1] + w01 * aligned[i + w] + w11 * aligned[i + w + 1]);
			}
		}
	}

	/**
	 * A copy of {@code raw} with NaN (not measured) at each pixel p whose aligned position {@code q(p)} (see the class
	 * comment; {@code rotationDeg}, {@code tx}, {@code ty} as the constructor takes them) lies outside the frame.
	 */
	public static TiltSeries markUncovered(TiltSeries raw, double rotationDeg, double[] tx, double[] ty) {
		if (tx.length != raw.angleCount() || ty.length != raw.angleCount())
			throw new IllegalArgumentException("Marking uncovered pixels needs one shift per angle: " + raw.angleCount() + " angles, " + tx.length + " x and " + ty.length + " y shifts");
		TiltSeries out = raw.copy();
		float[] d = out.data();
		int w = raw.width(), h = raw.height();
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		for (int a = 0; a < raw.angleCount(); a++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double px = x - cx - tx[a], py = y - cy - ty[a];
					double qx = cx + px * cos + py * sin, qy = cy - px * sin + py * cos;
					if (!(qx >= 0 && qy >= 0 && qx <= w - 1 && qy <= h - 1))
						d[raw.projectionOffset(a) + y * w + x] = Float.NaN;
				}
		return out;
	}
}
