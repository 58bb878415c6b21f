package org.fusedtomo.recon.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DoubleLoopKernel} on the JDK Vector API: each vector of floats widens into two of doubles of the same
 * shape (as in {@link VectorPowerKernel}, whose note on species this follows), and the two results narrow back
 * into the lower and upper halves of one float vector. The plain-Java loop does the rest of a range, and all
 * of it below 256-bit SIMD. Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorDoubleLoopKernel implements DoubleLoopKernel {

	private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = FLOATS.length();
	private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
	private static final int DOUBLE_LANES = DOUBLES.length();
	private static final boolean VECTOR_STEPS = DOUBLES.vectorBitSize() >= 256 && LANES == 2 * DOUBLE_LANES;

	@Override
	public void gradientStep(float[] y, float[] g, double l, float[] z, int from, int to) {
		int i = from;
		if (VECTOR_STEPS)
			for (; i + LANES <= to; i += LANES) {
				FloatVector yv = FloatVector.fromArray(FLOATS, y, i), gv = FloatVector.fromArray(FLOATS, g, i);
				DoubleVector low = widen(yv, 0).sub(widen(gv, 0).div(l)), high = widen(yv, 1).sub(widen(gv, 1).div(l));
				narrow(low, high).intoArray(z, i);
			}
		ScalarDoubleLoopKernel.INSTANCE.gradientStep(y, g, l, z, i, to);
	}

	@Override
	public void extrapolate(float[] c, float[] z, float[] p, double a, double b, float[] y, int from, int to) {
		int i = from;
		if (VECTOR_STEPS)
			for (; i + LANES <= to; i += LANES) {
				FloatVector cv = FloatVector.fromArray(FLOATS, c, i);
				FloatVector toProx = FloatVector.fromArray(FLOATS, z, i).sub(cv), fromPrevious = cv.sub(FloatVector.fromArray(FLOATS, p, i));
				DoubleVector low = widen(cv, 0).add(widen(toProx, 0).mul(a)).add(widen(fromPrevious, 0).mul(b));
				DoubleVector high = widen(cv, 1).add(widen(toProx, 1).mul(a)).add(widen(fromPrevious, 1).mul(b));
				// NB: not-positive lanes, NaN included, become +0 as in the plain loop.
				low = low.blend(0.0, low.compare(VectorOperators.GT, 0.0).not());
				high = high.blend(0.0, high.compare(VectorOperators.GT, 0.0).not());
				narrow(low, high).intoArray(y, i);
			}
		ScalarDoubleLoopKernel.INSTANCE.extrapolate(c, z, p, a, b, y, i, to);
	}

	@Override
	public void addWeighted(double[] values, double w, float[] m, int at, int count) {
		int k = 0;
		if (VECTOR_STEPS)
			for (; k + LANES <= count; k += LANES) {
				FloatVector terms = narrow(DoubleVector.fromArray(DOUBLES, values, k).mul(w), DoubleVector.fromArray(DOUBLES, values, k + DOUBLE_LANES).mul(w));
				FloatVector.fromArray(FLOATS, m, at + k).add(terms).intoArray(m, at + k);
			}
		for (; k < count; k++)
			m[at + k] += (float) (w * values[k]);
	}

	@Override
	public void chainRule(double[] factors, double c, float[] back, float[] gradient, double lambdaChem, boolean addChemical, int at, int count) {
		int k = 0;
		if (VECTOR_STEPS)
			for (; k + LANES <= count; k += LANES) {
				int i = at + k;
				FloatVector b = FloatVector.fromArray(FLOATS, back, i);
				FloatVector haadfPart = narrow(DoubleVector.fromArray(DOUBLES, factors, k).mul(c).mul(widen(b, 0)),
					DoubleVector.fromArray(DOUBLES, factors, k + DOUBLE_LANES).mul(c).mul(widen(b, 1)));
				if (addChemical) {
					FloatVector g = FloatVector.fromArray(FLOATS, gradient, i);
					haadfPart = haadfPart.add(narrow(widen(g, 0).mul(lambdaChem), widen(g, 1).mul(lambdaChem)));
				}
				haadfPart.intoArray(gradient, i);
			}
		for (; k < count; k++) {
			float haadfPart = (float) (c * factors[k] * back[at + k]);
			gradient[at + k] = addChemical ? haadfPart + (float) (lambdaChem * gradient[at + k]) : haadfPart;
		}
	}

	/** The lower (part 0) or upper (part 1) half of a float vector's lanes as doubles. */
	private static DoubleVector widen(FloatVector v, int part) {
		return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, part);
	}

	/** Both halves rounded to float in one vector, low's lanes first (each narrowing fills its half and zeroes the other). */
	private static FloatVector narrow(DoubleVector low, DoubleVector high) {
		FloatVector lower = (FloatVector) low.convertShape(VectorOperators.D2F, FLOATS, 0), upper = (FloatVector) high.convertShape(VectorOperators.D2F, FLOATS, -1);
		return lower.reinterpretAsInts().or(upper.reinterpretAsInts()).reinterpretAsFloats();
	}
}
