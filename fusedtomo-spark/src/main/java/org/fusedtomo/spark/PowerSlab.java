package org.fusedtomo.spark;

import java.io.Serializable;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;

/**
 * One slab's part of the power method for ‖A‖² ({@link OperatorNorm}): its slices of the iterate. The
 * projector is block diagonal over y slices, so only ‖x‖² and ‖Ax‖² need summing over slabs, which the
 * driver does between steps. Immutable: {@link #next} returns a new part, so a retried task starts from
 * the same one.
 *
 * @param values the slab's slices of the iterate (x, y, z order)
 * @param sumOfSquares ‖x‖² of this part, after the last step
 * @param estimate ‖Ax‖² of this part at the last step (0 before the first)
 */
record PowerSlab(Slab slab, int width, int depth, double[] anglesDeg, float[] values, double sumOfSquares, double estimate) implements Serializable {

	/** The slab's part {@code v} of {@link OperatorNorm#squared}'s start ({@link OperatorNorm#start}) for a volume {@code width} x ... x {@code depth}. */
	static PowerSlab start(Slab slab, int width, int depth, double[] anglesDeg, float[] v) {
		return new PowerSlab(slab, width, depth, anglesDeg, v, FloatArrays.sumOfSquares(v), 0);
	}

	/** One power iteration with x scaled by {@code factor} (1/‖x‖ of the whole volume). */
	PowerSlab next(double factor, Parallelism parallelism) {
		Projector p = Projectors.create(new VolumeGeometry(width, slab.slices(), depth), new TiltGeometry(width, slab.slices(), anglesDeg), parallelism);
		OperatorNorm.Iteration power = new OperatorNorm.Iteration(p, values.clone());
		double e = power.step(factor);
		return new PowerSlab(slab, width, depth, anglesDeg, power.values(), power.sumOfSquares(), e);
	}
}
