package org.fusedtomo.projector;

import java.util.SplittableRandom;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * Power-method estimate of the squared operator norm ‖A‖² of a projector, the largest eigenvalue of
 * AᵀA. Gradient methods on ½‖Ax − b‖² take their step 1/L from it (L = ‖A‖²).
 * <p>
 * The iteration starts from a seeded random positive volume, because AᵀA has non-negative entries and
 * its top eigenvector is non-negative (Perron-Frobenius): a positive start has a large component along
 * it, so few iterations suffice (10 to 20 give three or four digits on tomography operators).
 * The estimate is the Rayleigh quotient ‖Ax‖²/‖x‖² of the last iterate, so it never exceeds the true
 * value and approaches it from below; callers that need an upper bound multiply by a small margin.
 */
public final class OperatorNorm {

	private OperatorNorm() {}

	/**
	 * Estimates ‖A‖² with {@code iterations} power iterations (each one forward and one back projection)
	 * from a start drawn with {@code seed}; the same arguments give the same value.
	 *
	 * @throws IllegalArgumentException if {@code iterations < 1}
	 */
	public static double squared(Projector projector, int iterations, long seed) {
		if (iterations < 1)
			throw new IllegalArgumentException("Power method iterations must be at least 1, got " + iterations);
		VolumeGeometry g = projector.volumeGeometry();
		Iteration power = new Iteration(projector, start(g, 0, g.height(), seed));
		double estimate = 0;
		for (int k = 0; k < iterations; k++) {
			double xx = power.sumOfSquares();
			if (xx == 0)
				return 0; // x lies in the null space of AᵀA: A is zero
			estimate = power.step(1 / Math.sqrt(xx));
		}
		return estimate;
	}

	/**
	 * The y slices {@code [yFrom, yTo)} of the power method's start for a volume of geometry {@code whole}
	 * (x, y, z order, {@code yTo − yFrom} slices high): the same values {@link #squared} starts from, for an
	 * engine that runs the iterations on slabs of y slices and sums {@link Iteration}'s values over them.
	 * Cost: one random draw per voxel of the whole volume.
	 */
	public static float[] start(VolumeGeometry whole, int yFrom, int yTo, long seed) {
		return start(whole, new int[] { yFrom, yTo }, seed)[0];
	}

	/**
	 * {@link #start(VolumeGeometry, int, int, long)} for consecutive slabs at once, slab i the slices
	 * {@code [bounds[i], bounds[i + 1])}: one random draw per voxel of the whole volume for all of them.
	 */
	public static float[][] start(VolumeGeometry whole, int[] bounds, long seed) {
		int w = whole.width(), h = whole.height(), d = whole.depth(), parts = bounds.length - 1;
		float[][] v = new float[parts][];
		for (int i = 0; i < parts; i++) {
			int yFrom = bounds[i], yTo = bounds[i + 1], n = yTo - yFrom;
			if (yFrom < 0 || yTo > h || n < 1)
				throw new IllegalArgumentException("Slices [" + yFrom + ", " + yTo + ") are not inside the " + h + " of " + whole);
			v[i] = new float[w * n * d];
		}
		SplittableRandom random = new SplittableRandom(seed);
		int[] at = new int[parts];
		for (int z = 0; z < d; z++)
			for (int y = 0, i = 0; y < h; y++) {
				while (i < parts && y >= bounds[i + 1])
					i++;
				float[] part = i < parts && y >= bounds[i] ? v[i] : null;
				for (int x = 0; x < w; x++) {
					float value = (float) (0.5 + random.nextDouble());
					if (part != null)
						part[at[i]++] = value;
				}
			}
		return v;
	}

	/**
	 * The power method's iterate x and its steps on one projector: {@link #squared} for a whole volume, or one
	 * slab's part where the sums of squares are added over slabs (the projector is block diagonal over y slices).
	 * Mutable; the iterate belongs to it.
	 */
	public static final class Iteration {
		private final Projector projector;
		private final Volume x;
		private final TiltSeries ax;

		/** @param start the iterate, of the projector's volume size; owned from now on */
		public Iteration(Projector projector, float[] start) {
			this.projector = projector;
			VolumeGeometry g = projector.volumeGeometry();
			if (start.length != g.voxelCount())
				throw new IllegalArgumentException("A power-method start of " + start.length + " values does not fit " + g);
			this.x = new Volume(ArrayImgs.floats(start, g.width(), g.height(), g.depth()), Calibration.PIXEL);
			this.ax = TiltSeries.zeros(projector.tiltGeometry());
		}

		/** ‖x‖² of the iterate, in double. */
		public double sumOfSquares() {
			return FloatArrays.sumOfSquares(x.data());
		}

		/** Scales x by {@code factor} (1/‖x‖ of the whole volume), returns ‖Ax‖² and sets x ← AᵀAx. */
		public double step(double factor) {
			scale(x.data(), factor);
			projector.forward(x, ax);
			double estimate = FloatArrays.sumOfSquares(ax.data()); // ‖Ax‖² with ‖x‖ = 1
			projector.back(ax, x);
			return estimate;
		}

		/** The iterate's values (x, y, z order), not a copy. */
		public float[] values() {
			return x.data();
		}
	}

	private static void scale(float[] a, double factor) {
		float f = (float) factor;
		for (int i = 0; i < a.length; i++)
			a[i] *= f;
	}
}
