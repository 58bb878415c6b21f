package org.fusedtomo.recon.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DoubleLoopKernel} on the JDK Vector API: each vector of floats widens into two of doubles of the same
 * shape (as in {@link VectorPowerKernel}, whose note on species this follows), the double arithmetic runs on
 * those, and a plain loop rounds a block of results to float. NB: not narrowed on the Vector API: JDK 17 runs
 * a double-to-float {@code convertShape} partly in Java on a float species of half the shape, which polluted
 * the type profiles inside FloatVector and DoubleVector so much that C2 fell back to Java for the stores of the
 * TV and power kernels (a run 40 % slower). The plain-Java loop does the rest of a range, and all of it below
 * 256-bit SIMD. Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorDoubleLoopKernel implements DoubleLoopKernel {

	private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = FLOATS.length();
	private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
	private static final int DOUBLE_LANES = DOUBLES.length();
	private static final boolean VECTOR_STEPS = DOUBLES.vectorBitSize() >= 256 && LANES == 2 * DOUBLE_LANES;
	/** Voxels per block of double results: 8 kB, which stays in the L1 cache. */
	private static final int BLOCK = 1024;

	@Override
	public void gradientStep(float[] y, float[] g, double l, float[] z, int from, int to) {
		if (!VECTOR_STEPS) {
			ScalarDoubleLoopKernel.INSTANCE.gradientStep(y, g, l, z, from, to);
			return;
		}
		double[] values = new double[BLOCK];
		for (int start = from; start < to; start += BLOCK) {
			int end = Math.min(to, start + BLOCK), i = start;
			for (; i + LANES <= end; i += LANES) {
				FloatVector yv = FloatVector.fromArray(FLOATS, y, i), gv = FloatVector.fromArray(FLOATS, g, i);
				widen(yv, 0).sub(widen(gv, 0).div(l)).intoArray(values, i - start);
				widen(yv, 1).sub(widen(gv, 1).div(l)).intoArray(values, i - start + DOUBLE_LANES);
			}
			for (int k = start; k < i; k++)
				z[k] = (float) values[k - start];
			ScalarDoubleLoopKernel.INSTANCE.gradientStep(y, g, l, z, i, end);
		}
	}

	@Override
	public void extrapolate(float[] c, float[] z, float[] p, double a, double b, float[] y, int from, int to) {
		if (!VECTOR_STEPS) {
			ScalarDoubleLoopKernel.INSTANCE.extrapolate(c, z, p, a, b, y, from, to);
			return;
		}
		double[] values = new double[BLOCK];
		for (int start = from; start < to; start += BLOCK) {
			int end = Math.min(to, start + BLOCK), i = start;
			for (; i + LANES <= end; i += LANES) {
				FloatVector cv = FloatVector.fromArray(FLOATS, c, i);
				FloatVector toProx = FloatVector.fromArray(FLOATS, z, i).sub(cv), fromPrevious = cv.sub(FloatVector.fromArray(FLOATS, p, i));
				widen(cv, 0).add(widen(toProx, 0).mul(a)).add(widen(fromPrevious, 0).mul(b)).intoArray(values, i - start);
				widen(cv, 1).add(widen(toProx, 1).mul(a)).add(widen(fromPrevious, 1).mul(b)).intoArray(values, i - start + DOUBLE_LANES);
			}
			for (int k = start; k < i; k++) {
				double v = values[k - start];
				y[k] = v > 0 ? (float) v : 0;
			}
			ScalarDoubleLoopKernel.INSTANCE.extrapolate(c, z, p, a, b, y, i, end);
		}
	}

	@Override
	public void chainRule(double[] factors, double c, float[] back, float[] gradient, double lambdaChem, boolean addChemical, int at, int count) {
		int k = 0;
		if (VECTOR_STEPS)
			for (; k + LANES <= count; k += LANES) {
				// NB: the HAADF part in double into factors itself, each lane after its own factor is read.
				FloatVector b = FloatVector.fromArray(FLOATS, back, at + k);
				DoubleVector.fromArray(DOUBLES, factors, k).mul(c).mul(widen(b, 0)).intoArray(factors, k);
				DoubleVector.fromArray(DOUBLES, factors, k + DOUBLE_LANES).mul(c).mul(widen(b, 1)).intoArray(factors, k + DOUBLE_LANES);
			}
		for (int j = 0; j < k; j++) {
			float haadfPart = (float) factors[j];
			gradient[at + j] = addChemical ? haadfPart + (float) (lambdaChem * gradient[at + j]) : haadfPart;
		}
		ScalarDoubleLoopKernel.INSTANCE.chainRule(factors, c, back, gradient, lambdaChem, addChemical, at, k, count);
	}

	/** The lower (part 0) or upper (part 1) half of a float vector's lanes as doubles. */
	private static DoubleVector widen(FloatVector v, int part) {
		return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, part);
	}
}
