package org.fusedtomo.recon.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PowerKernel} on the JDK Vector API, whole SIMD vectors and the plain-Java loop for the rest.
 * Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 * <p>
 * NB: JDK 17 computes the Vector API's lanewise POW, LOG and EXP lane by lane in Java unless the JVM runs
 * with the experimental {@code -XX:+UseVectorStubs}, so this kernel has its own log and exp in double
 * lanes: 1.7 ns a voxel on AVX-512 (Zen 4) against 14 ns for {@link Math#pow}, and vectors of empty space
 * cost almost nothing.
 */
final class VectorPowerKernel implements PowerKernel {

	private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = FLOATS.length();

	// Each vector of floats widens into two of doubles of the same shape. NB: not into one from a float
	// vector of half the shape: a second float species pollutes the type profiles inside FloatVector, and
	// C2 then falls back to Java for stores in the TV and projector kernels. Below 256 bits (SSE, AVX
	// without AVX2, NEON) JDK 17 runs the long-lane steps in Java, slower than Math.pow: there the kernel
	// keeps the plain loop.
	private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
	private static final int DOUBLE_LANES = DOUBLES.length();
	private static final boolean VECTOR_POWERS = DOUBLES.vectorBitSize() >= 256 && LANES == 2 * DOUBLE_LANES;
	/** Up to this exponent x^exponent of a positive float x (2^−149 to 2^128) is a normal double; beyond it the kernel uses Math.pow. */
	private static final double MAX_EXPONENT = 6;
	/** √½ as bits: a double's bits minus these split it into 2^e · m with m in [√½, √2), as in musl's log. */
	private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
	/** e + 1024 in the exponent field keeps the split's bits positive for every e ≥ −1024. */
	private static final long EXPONENT_OFFSET = 1024L << 52;
	private static final long EXPONENT_FIELD = 0xfff0000000000000L;
	/** Its bits or-ed with an integer n below 2^52 are the double 2^52 + n. */
	private static final double TWO_TO_52 = 0x1p52;
	/** y + 1.5·2^52 rounds y (|y| < 2^51) to an integer k, and the sum's bits minus this constant's are k. */
	private static final double ROUNDER = 0x1.8p52;
	private static final double LN_2 = Math.log(2), TWO_LOG2_E = 2 / LN_2;

	@Override
	public void powers(float[] x, int from, int to, double exponent, double[] out) {
		int i = from;
		// NB: exponent 1 stays exact with Math.pow.
		if (VECTOR_POWERS && exponent != 1 && exponent >= 0 && exponent <= MAX_EXPONENT) {
			int end = from + (to - from) / LANES * LANES;
			// NB: two passes, y = exponent · log2 x into out, then 2^y over it, not one loop body: with the whole
			// body inline C2 parsed close to its node-count cutoff and sometimes past it (which depended on the
			// profile when it compiled), then delayed some inlines, lost the vectors' exact types and ran the rest of
			// the body in Java with boxed vectors: about 6 × the time in this kernel and 2 × a fused iteration's CPU,
			// for the rest of the run (docs/benchmarks.md, session 21, helper speed10). The double y goes through out
			// exactly, so the values are the same as one pass's.
			logs(x, from, end, exponent, out);
			exps(x, from, end, out);
			i = end;
		}
		for (; i < to; i++)
			out[i - from] = ScalarPowerKernel.power(x[i], exponent);
	}

	/**
	 * For whole vectors of {@code x[from, end)}: exponent · log2 x into {@code out} (0 for lanes that are not
	 * positive), the finished powers where a vector holds no positive voxel (0) or an infinity (Math.pow).
	 */
	private static void logs(float[] x, int from, int end, double exponent, double[] out) {
		// NB: the whole body inline, constants broadcast in place: in a loop this big C2 stops inlining small
		// helpers (NodeCountInliningCutoff), and a vector that crosses a call is boxed.
		for (int i = from; i < end; i += LANES) {
			FloatVector voxels = FloatVector.fromArray(FLOATS, x, i);
			if (!voxels.compare(VectorOperators.GT, 0f).anyTrue()) {
				// Empty space, common in element maps.
				DoubleVector.zero(DOUBLES).intoArray(out, i - from);
				DoubleVector.zero(DOUBLES).intoArray(out, i - from + DOUBLE_LANES);
				continue;
			}
			if (voxels.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY).anyTrue()) {
				for (int j = i; j < i + LANES; j++)
					out[j - from] = ScalarPowerKernel.power(x[j], exponent);
				continue;
			}
			for (int part = 0; part < 2; part++) {
				DoubleVector v = (DoubleVector) voxels.convertShape(VectorOperators.F2D, DOUBLES, part);
				VectorMask<Double> notPositive = v.compare(VectorOperators.GT, 0.0).not();
				// log2 v = e + log2 m, m in [√½, √2); lanes that are not positive take log2 1 and give 0 below.
				LongVector bits = v.blend(1.0, notPositive).reinterpretAsLongs();
				LongVector split = bits.sub(SQRT_HALF_BITS).add(EXPONENT_OFFSET);
				DoubleVector m = bits.sub(split.and(EXPONENT_FIELD)).add(EXPONENT_OFFSET).reinterpretAsDoubles();
				DoubleVector e = split.lanewise(VectorOperators.LSHR, 52).or(Double.doubleToRawLongBits(TWO_TO_52)).reinterpretAsDoubles().sub(TWO_TO_52 + 1024);
				// ln m = 2 atanh s = 2 s (1 + z/3 + z²/5 + ..) with s = (m − 1)/(m + 1), z = s² ≤ 0.03: to z⁸/17, 1e-15.
				DoubleVector s = m.sub(1).div(m.add(1)), z = s.mul(s);
				DoubleVector series = z.fma(1.0 / 17, 1.0 / 15);
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 13));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 11));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 9));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 7));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 5));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1.0 / 3));
				series = series.fma(z, DoubleVector.broadcast(DOUBLES, 1));
				s.mul(series).mul(TWO_LOG2_E).add(e).mul(exponent).intoArray(out, i - from + part * DOUBLE_LANES);
			}
		}
	}

	/**
	 * For the vectors of {@code x[from, end)} that {@link #logs} left to it: 2^y of the y in {@code out}, 0 where x
	 * is not positive.
	 */
	private static void exps(float[] x, int from, int end, double[] out) {
		for (int i = from; i < end; i += LANES) {
			FloatVector voxels = FloatVector.fromArray(FLOATS, x, i);
			// NB: the same tests as in logs, which wrote these vectors' results already.
			if (!voxels.compare(VectorOperators.GT, 0f).anyTrue() || voxels.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY).anyTrue())
				continue;
			for (int part = 0; part < 2; part++) {
				int at = i - from + part * DOUBLE_LANES;
				VectorMask<Double> notPositive = ((DoubleVector) voxels.convertShape(VectorOperators.F2D, DOUBLES, part)).compare(VectorOperators.GT, 0.0).not();
				DoubleVector y = DoubleVector.fromArray(DOUBLES, out, at);
				// 2^y = 2^k e^r with k = round(y) and r = (y − k) ln 2 in ±0.35: Taylor to r¹¹/11!, 1e-14.
				DoubleVector rounded = y.add(ROUNDER);
				DoubleVector r = y.sub(rounded.sub(ROUNDER)).mul(LN_2);
				DoubleVector exp = r.fma(1.0 / 39916800, 1.0 / 3628800);
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 362880));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 40320));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 5040));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 720));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 120));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 24));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1.0 / 6));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 0.5));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1));
				exp = exp.fma(r, DoubleVector.broadcast(DOUBLES, 1));
				// Times 2^k: k added to the exponent field, which stays in range as y is in ±6·149.
				LongVector k = rounded.reinterpretAsLongs().sub(Double.doubleToRawLongBits(ROUNDER));
				exp.reinterpretAsLongs().add(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().blend(0.0, notPositive).intoArray(out, at);
			}
		}
	}
}
