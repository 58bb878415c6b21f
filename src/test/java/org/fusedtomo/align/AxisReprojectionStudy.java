package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;

/**
 * A study harness for docs/real-data.md (an experiment, not used by the product): refines a tilt-axis rotation by the projections themselves, every pixel, not only their sums along lines
 * ({@link AxisProfiles}): the data stay as recorded and a model of them moves. The series is aligned with the
 * current rotation and shifts ({@link Alignment#apply}), reconstructed by SIRT and reprojected ({@link SirtReprojection});
 * then, with that model fixed, Gauss–Newton steps fit the rotation (shared) and each projection's shift (its own) to
 * the raw pixels, {@code raw(s) ≈ M(c + R(−φ)(s − c − t))}, the shifts eliminated per projection (a Schur complement),
 * as the Cramér–Rao bound of {@code AxisBound} has them. The model is rebuilt at the new axis {@value #ROUNDS} times,
 * since a model made at a wrong axis explains part of that error.
 * <p>
 * NB: the data are never resampled per candidate (resampled noise moves a residual's minimum, as in {@link AxisProfiles});
 * the model is smooth, so its bilinear samples barely depend on the candidate.
 */
public class AxisReprojectionStudy {

	/** SIRT iterations of each model ({@code -Dsirt=N}). */
	static final int SIRT_ITERATIONS = Integer.getInteger("sirt", 20);
	/** Models built, each followed by {@link #STEPS} Gauss–Newton steps ({@code -Drounds=N}). */
	static final int ROUNDS = Integer.getInteger("rounds", 3);
	static final int STEPS = Integer.getInteger("steps", 2);
	/** Pixels of the aligned frame's edge left out (their model is filled from outside the raw frame). */
	static final int MARGIN = 2;

	/**
	 * @param rotationDeg the estimate
	 * @param sigmaDeg its jackknife standard error over projections, at the last step
	 */
	record Result(double rotationDeg, double sigmaDeg, double[] dx, double[] dy) {}

	/**
	 * Arguments {@code phantom seed rotation counts start}: the series of {@link MisalignedAcquisition} (drift RMS 4 px), the
	 * refinement started {@code start} deg off the truth with the true shifts; {@code -DheldOut=true} for even/odd models,
	 * {@code -DmodelAt=DEG} to build every model at that rotation (e.g. the truth), {@code -Ddebug=true} for every step.
	 */
	public static void main(String[] args) {
		double rot = Double.parseDouble(args[2]), dose = Double.parseDouble(args[3]), start = Double.parseDouble(args[4]);
		MisalignedAcquisition s = new MisalignedAcquisition(args[0], org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, 4, rot, 0,
			Long.parseLong(args[1]), MisalignedAcquisition.N);
		TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(s.haadf, Monitor.NONE).series();
		Result r = refine(clean, rot + start, s.truth.dx(), s.truth.dy(), new Parallelism(Integer.getInteger("threads", 2)), Monitor.NONE);
		System.out.printf("%s seed %s rot %s counts %s, started %+.2f deg off: %.4f +- %.4f (err %+.4f)%n", args[0], args[1], args[2], args[3], start, r.rotationDeg(),
			r.sigmaDeg(), r.rotationDeg() - rot);
		System.exit(0);
	}

	/**
	 * The rotation near {@code rotationDeg} on the background-subtracted raw {@code series}, starting from shifts
	 * {@code (dx, dy)} in the model of {@link Alignment} (offset 0).
	 */
	static Result refine(TiltSeries series, double rotationDeg, double[] dx, double[] dy, Parallelism parallelism, Monitor monitor) {
		int n = series.angleCount(), w = series.width(), h = series.height();
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		double phi = Math.toRadians(rotationDeg), sigma = Double.POSITIVE_INFINITY;
		double[] tx = dx.clone(), ty = dy.clone();
		float[] raw = series.data();
		for (int round = 0; round < ROUNDS; round++) {
			monitor.checkCancelled();
			String at = System.getProperty("modelAt");
			Alignment al = new Alignment(series.anglesDeg(), tx, ty, at != null ? Double.parseDouble(at) : Math.toDegrees(phi), 0, null);
			TiltSeries aligned = al.apply(series);
			TiltSeries model = Boolean.getBoolean("heldOut") ? heldOut(aligned, parallelism)
				: SirtReprojection.of(aligned, SIRT_ITERATIONS, parallelism, Monitor.NONE).model();
			float[] m = model.data();
			for (int step = 0; step < STEPS; step++) {
				double cos = Math.cos(phi), sin = Math.sin(phi);
				double[] num = new double[n], den = new double[n];
				double[][] fdd = new double[n][], bd = new double[n][], fpd = new double[n][];
				for (int a = 0; a < n; a++) {
					int off = series.projectionOffset(a);
					double fpp = 0, fpx = 0, fpy = 0, fxx = 0, fxy = 0, fyy = 0, bp = 0, bx = 0, by = 0;
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++) {
							// v = R(−φ)(s − c − t): the aligned position of raw pixel s.
							double sx = x - cx - tx[a], sy = y - cy - ty[a];
							double vx = cos * sx + sin * sy, vy = -sin * sx + cos * sy;
							double px = vx + cx, py = vy + cy;
							if (px < MARGIN || py < MARGIN || px > w - 1 - MARGIN || py > h - 1 - MARGIN)
								continue;
							int x0 = (int) px, y0 = (int) py;
							double ax = px - x0, ay = py - y0;
							int i = off + y0 * w + x0;
							double m00 = m[i], m10 = m[i + 1], m01 = m[i + w], m11 = m[i + w + 1];
							double val = (1 - ay) * ((1 - ax) * m00 + ax * m10) + ay * ((1 - ax) * m01 + ax * m11);
							// NB: the gradient of the bilinear interpolant is discontinuous at pixel edges; central differences of the model, interpolated, are smooth.
							double gx = (1 - ay) * ((1 - ax) * ddx(m, i, w) + ax * ddx(m, i + 1, w)) + ay * ((1 - ax) * ddx(m, i + w, w) + ax * ddx(m, i + w + 1, w));
							double gy = (1 - ay) * ((1 - ax) * ddy(m, i, w) + ax * ddy(m, i + 1, w)) + ay * ((1 - ax) * ddy(m, i + w, w) + ax * ddy(m, i + w + 1, w));
							double r = raw[off + y * w + x] - val;
							// d v/dφ = (v_y, −v_x); d v/dt = −R(−φ).
							double gp = gx * vy - gy * vx;
							double gtx = -(gx * cos - gy * sin), gty = -(gx * sin + gy * cos);
							fpp += gp * gp;
							fpx += gp * gtx;
							fpy += gp * gty;
							fxx += gtx * gtx;
							fxy += gtx * gty;
							fyy += gty * gty;
							bp += gp * r;
							bx += gtx * r;
							by += gty * r;
						}
					double det = fxx * fyy - fxy * fxy;
					// Schur complement: the rotation's information and score with this projection's shift fitted.
					double ix = det > 0 ? (fyy * fpx - fxy * fpy) / det : 0, iy = det > 0 ? (fxx * fpy - fxy * fpx) / det : 0;
					num[a] = bp - ix * bx - iy * by;
					den[a] = fpp - ix * fpx - iy * fpy;
					fdd[a] = new double[] { fxx, fxy, fyy, det };
					bd[a] = new double[] { bx, by };
					fpd[a] = new double[] { fpx, fpy };
				}
				double sn = 0, sd = 0;
				for (int a = 0; a < n; a++) {
					sn += num[a];
					sd += den[a];
				}
				if (!(sd > 0))
					return new Result(Math.toDegrees(phi), Double.POSITIVE_INFINITY, tx, ty);
				double dphi = sn / sd;
				// Jackknife over projections of this step.
				double mean = 0;
				double[] left = new double[n];
				for (int a = 0; a < n; a++) {
					left[a] = (sn - num[a]) / (sd - den[a]);
					mean += left[a] / n;
				}
				double var = 0;
				for (double v : left)
					var += (v - mean) * (v - mean);
				sigma = Math.toDegrees(Math.sqrt(var * (n - 1) / n));
				for (int a = 0; a < n; a++) {
					double[] f = fdd[a];
					if (!(f[3] > 0))
						continue;
					double rx = bd[a][0] - fpd[a][0] * dphi, ry = bd[a][1] - fpd[a][1] * dphi;
					tx[a] += Math.max(-1, Math.min(1, (f[2] * rx - f[1] * ry) / f[3]));
					ty[a] += Math.max(-1, Math.min(1, (f[0] * ry - f[1] * rx) / f[3]));
				}
				phi += Math.max(-Math.toRadians(0.5), Math.min(Math.toRadians(0.5), dphi));
				if (Boolean.getBoolean("debug"))
					System.out.printf("  round %d step %d: rot %.4f (step %.4f) +- %.4f%n", round, step, Math.toDegrees(phi), Math.toDegrees(dphi), sigma);
			}
		}
		return new Result(Math.toDegrees(phi), sigma, tx, ty);
	}

	/**
	 * Each projection's model from the projections of the other parity (even from odd, odd from even): a model of all
	 * projections absorbs each one's own content (its streak along its own rays reprojects onto it), the tilt axis' error included.
	 */
	static TiltSeries heldOut(TiltSeries aligned, Parallelism parallelism) {
		int n = aligned.angleCount();
		TiltSeries out = aligned.zerosLike();
		for (int parity = 0; parity < 2; parity++) {
			int p = parity;
			int[] seen = java.util.stream.IntStream.range(0, n).filter(i -> i % 2 == p).toArray(), held = java.util.stream.IntStream.range(0, n).filter(i -> i % 2 != p).toArray();
			TiltSeries m = SirtReprojection.model(aligned.subset(seen), aligned.subset(held).geometry(), SIRT_ITERATIONS, parallelism);
			int size = aligned.width() * aligned.height();
			for (int k = 0; k < held.length; k++)
				System.arraycopy(m.data(), m.projectionOffset(k), out.data(), out.projectionOffset(held[k]), size);
		}
		return out;
	}

	private static double ddx(float[] m, int i, int w) {
		return 0.5 * (m[i + 1] - m[i - 1]);
	}

	private static double ddy(float[] m, int i, int w) {
		return 0.5 * (m[i + w] - m[i - w]);
	}
}
