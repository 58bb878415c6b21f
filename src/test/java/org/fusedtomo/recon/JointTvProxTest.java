package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

public class JointTvProxTest {

	private static final VolumeGeometry TINY = new VolumeGeometry(4, 3, 2);
	private static final VolumeGeometry SMALL = new VolumeGeometry(14, 9, 7);

	/** 1 inside a box of the middle, 0 outside: edges along all three axes. */
	private static Volume box(VolumeGeometry g) {
		Volume v = Volume.zeros(g);
		for (int z = g.depth() / 4; z < 3 * g.depth() / 4 + 1; z++)
			for (int y = g.height() / 4; y < 3 * g.height() / 4 + 1; y++)
				for (int i = g.width() / 4; i < 3 * g.width() / 4 + 1; i++)
					v.data()[i + g.width() * (y + g.height() * z)] = 1;
		return v;
	}

	private static Volume noisy(Volume clean, double sigma, long seed) {
		Volume v = clean.copy();
		Random random = new Random(seed);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (sigma * random.nextGaussian());
		return v;
	}

	/** Σ_e (l_e/2)‖x_e − v_e‖² + λ R(x). */
	public static double objective(List<Volume> x, List<Volume> v, double[] metric, double lambda, double[] scales, TvGuide guide) {
		double s = 0;
		for (int e = 0; e < x.size(); e++)
			s += metric[e] * org.fusedtomo.data.FloatArrays.halfSquaredDistance(x.get(e).data(), v.get(e).data());
		return s + lambda * TotalVariation.joint(x, scales, guide, Parallelism.SERIAL);
	}

	/**
	 * The same minimiser found the slow, generic way: FISTA with projection onto x ≥ 0 on the objective with
	 * each voxel's √(·) smoothed to √(· + δ²), in double, for many iterations. Written from the definition of
	 * R, sharing no code with the prox; the smoothing moves the optimal value by at most λ·δ·voxels.
	 */
	public static double[][] bruteForce(List<Volume> v, double[] metric, double lambda, double[] scales, TvGuide guide, double delta, int iterations) {
		VolumeGeometry g = v.get(0).geometry();
		int nx = g.width(), ny = g.height(), nz = g.depth(), n = (int) g.voxelCount(), elements = v.size();
		double maxMetric = 0, maxScale = 0;
		for (int e = 0; e < elements; e++) {
			maxMetric = Math.max(maxMetric, metric[e]);
			maxScale = Math.max(maxScale, scales[e]);
		}
		double step = 1 / (maxMetric + lambda * 12 * maxScale * maxScale / delta);
		double[][] x = new double[elements][n], previous = new double[elements][n], y = new double[elements][n], gradient = new double[elements][n];
		float[] d = new float[3];
		double[][] projected = new double[elements][3];
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			for (int e = 0; e < elements; e++)
				for (int i = 0; i < n; i++)
					gradient[e][i] = metric[e] * (y[e][i] - v.get(e).data()[i]);
			for (int z = 0; z < nz; z++)
				for (int j = 0; j < ny; j++)
					for (int i = 0; i < nx; i++) {
						int at = i + nx * (j + ny * z);
						int[] neighbour = { i < nx - 1 ? at + 1 : -1, j < ny - 1 ? at + nx : -1, z < nz - 1 ? at + nx * ny : -1 };
						double squared = delta * delta;
						for (int e = 0; e < elements; e++) {
							float[] raw = new float[3];
							for (int a = 0; a < 3; a++)
								raw[a] = neighbour[a] < 0 ? 0 : (float) (y[e][neighbour[a]] - y[e][at]);
							if (guide == null)
								System.arraycopy(raw, 0, d, 0, 3);
							else
								guide.project(raw[0], raw[1], raw[2], at, d);
							for (int a = 0; a < 3; a++) {
								projected[e][a] = d[a];
								squared += scales[e] * scales[e] * d[a] * d[a];
							}
						}
						double norm = Math.sqrt(squared);
						for (int e = 0; e < elements; e++) {
							// ∂/∂(raw difference) = λ t_e² P (P ∇y_e) / norm, P symmetric.
							float[] w = new float[3];
							for (int a = 0; a < 3; a++)
								w[a] = (float) (lambda * scales[e] * scales[e] * projected[e][a] / norm);
							if (guide != null)
								guide.project(w[0], w[1], w[2], at, d);
							else
								System.arraycopy(w, 0, d, 0, 3);
							for (int a = 0; a < 3; a++)
								if (neighbour[a] >= 0) {
									gradient[e][neighbour[a]] += d[a];
									gradient[e][at] -= d[a];
								}
						}
					}
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			for (int e = 0; e < elements; e++)
				for (int i = 0; i < n; i++) {
					double next = Math.max(0, y[e][i] - step * gradient[e][i]);
					y[e][i] = Math.max(0, next + (t - 1) / tNext * (next - x[e][i]));
					previous[e][i] = x[e][i];
					x[e][i] = next;
				}
			t = tNext;
		}
		return x;
	}

	public static List<Volume> volumes(VolumeGeometry g, double[][] values) {
		List<Volume> out = new ArrayList<>();
		for (double[] row : values) {
			Volume v = Volume.zeros(g);
			for (int i = 0; i < row.length; i++)
				v.data()[i] = (float) row[i];
			out.add(v);
		}
		return out;
	}

	/** Two elements on 4 × 3 × 2 voxels, sharing an edge in x plus noise. */
	private static List<Volume> tinyInput(long seed) {
		Random random = new Random(seed);
		List<Volume> v = new ArrayList<>();
		for (int e = 0; e < 2; e++) {
			Volume ve = Volume.zeros(TINY);
			for (int at = 0; at < ve.data().length; at++)
				ve.data()[at] = (float) ((at % 4 >= 2 ? 1 : 0.2) * (e + 1) + 0.3 * random.nextGaussian());
			v.add(ve);
		}
		return v;
	}

	@Test
	void prox_matchesABruteForceMinimiserOnATinyCase_plainAndGuided() {
		List<Volume> v = tinyInput(1);
		double[] metric = { 1.0, 2.5 }, scales = { 1.0, 0.6 };
		double lambda = 0.4;
		TvGuide guide = TvGuide.of(v.get(0), 0.9, 0.1);
		for (TvGuide g : new TvGuide[] { null, guide }) {
			List<Volume> prox = new JointTvProx(lambda, scales, 3000, Parallelism.SERIAL, g).apply(v, metric);
			List<Volume> brute = volumes(TINY, bruteForce(v, metric, lambda, scales, g, 1e-5, 400_000));
			double proxValue = objective(prox, v, metric, lambda, scales, g), bruteValue = objective(brute, v, metric, lambda, scales, g);
			assertEquals(bruteValue, proxValue, 1e-6 * Math.abs(bruteValue), "objective, guide " + (g != null));
			for (int e = 0; e < 2; e++)
				assertArrayEquals(brute.get(e).data(), prox.get(e).data(), 5e-4f, "minimiser of element " + e + ", guide " + (g != null));
		}
	}

	@Test
	void prox_isNotBeatenByFeasiblePerturbations() {
		List<Volume> v = List.of(noisy(box(SMALL), 0.3, 2), noisy(box(SMALL), 0.3, 3), noisy(Volume.zeros(SMALL), 0.3, 4));
		double[] metric = { 1, 0.5, 2 }, scales = { 1, 1.5, 0.7 };
		double lambda = 0.2;
		TvGuide guide = TvGuide.of(box(SMALL), 0.95, 0.1);
		List<Volume> x = new JointTvProx(lambda, scales, 400, Parallelism.available(), guide).apply(v, metric);
		double best = objective(x, v, metric, lambda, scales, guide);
		Random random = new Random(5);
		for (double size : new double[] { 1e-3, 1e-2, 1e-1 })
			for (int trial = 0; trial < 3; trial++) {
				List<Volume> y = new ArrayList<>();
				for (Volume xe : x) {
					Volume ye = xe.copy();
					for (int i = 0; i < ye.data().length; i++)
						ye.data()[i] = (float) Math.max(0, ye.data()[i] + size * random.nextGaussian());
					y.add(ye);
				}
				double perturbed = objective(y, v, metric, lambda, scales, guide);
				assertTrue(best <= perturbed, "perturbation " + size + ": " + perturbed + " < prox " + best);
			}
		for (Volume xe : x)
			for (float f : xe.data())
				assertTrue(f >= 0);
	}

	@Test
	void oneElement_isTvProxWithWeightLambdaTimesScaleOverMetric() {
		Volume v = noisy(box(SMALL), 0.3, 6);
		double lambda = 0.3, scale = 1.7, metric = 2.2;
		for (TvGuide guide : new TvGuide[] { null, TvGuide.of(box(SMALL), 0.9, 0.1) }) {
			Volume joint = new JointTvProx(lambda, new double[] { scale }, 30, Parallelism.SERIAL, guide).apply(List.of(v), new double[] { metric }).get(0);
			Volume single = new TvProx(lambda * scale / metric, 30, Parallelism.SERIAL, guide).apply(v);
			assertArrayEquals(single.data(), joint.data(), 1e-5f, "guide " + (guide != null));
			// TotalVariation.of sums float lanes on the Vector API (about 1e-7 relative from joint's double sum, by the lane count).
			assertEquals(scale * TotalVariation.of(v, guide), TotalVariation.joint(List.of(v), new double[] { scale }, guide, Parallelism.SERIAL), 1e-6 * TotalVariation.of(v));
		}
	}

	/**
	 * E identical inputs with t_e = t and l_e = l: the minimiser is symmetric (the objective is strictly convex
	 * and invariant under swapping elements), so x_e = x with E[(l/2)‖x − v‖² + λ (t/√E)·TV(x)]: each element
	 * is the single prox with weight λ t / (l √E), not λ √E. FGP's iterates agree too (p_e = p'/√E).
	 */
	@Test
	void identicalElements_areTheSingleProxWithWeightDividedByRootE() {
		Volume v = noisy(box(SMALL), 0.3, 7);
		double lambda = 0.5, scale = 1.3, metric = 0.8;
		int elements = 3;
		TvGuide guide = TvGuide.of(box(SMALL), 0.8, 0.1);
		List<Volume> copies = List.of(v, v.copy(), v.copy());
		double[] scales = { scale, scale, scale }, metrics = { metric, metric, metric };
		List<Volume> joint = new JointTvProx(lambda, scales, 40, Parallelism.available(), guide).apply(copies, metrics);
		Volume single = new TvProx(lambda * scale / (metric * Math.sqrt(elements)), 40, Parallelism.SERIAL, guide).apply(v);
		for (Volume xe : joint)
			assertArrayEquals(single.data(), xe.data(), 1e-5f);
		assertEquals(Math.sqrt(elements) * scale * TotalVariation.of(v, guide), TotalVariation.joint(copies, scales, guide, Parallelism.SERIAL), 1e-6 * TotalVariation.of(v));
	}

	@Test
	void sharedEdges_costLessThanSeparateOnes() {
		// Two elements with the same edge: √2 per edge voxel jointly, against 2 for the sum of the TVs.
		Volume a = box(SMALL);
		double separate = 2 * TotalVariation.of(a), joint = TotalVariation.joint(List.of(a, a), new double[] { 1, 1 }, null, Parallelism.SERIAL);
		assertEquals(separate / Math.sqrt(2), joint, 1e-6 * separate); // float lanes in TotalVariation.of
	}

	@Test
	void primalStep_appliesTheAdjointOfTheDualStepsProjectedDifference() {
		VolumeGeometry g = SMALL;
		TvGuide guide = TvGuide.of(noisy(box(g), 0.2, 8), 0.9, 0.1);
		JointTvProx prox = new JointTvProx(1, new double[] { 1 }, 1, new Parallelism(3), guide);
		Volume x = noisy(Volume.zeros(g), 1, 9), px = noisy(Volume.zeros(g), 1, 10), py = noisy(Volume.zeros(g), 1, 11), pz = noisy(Volume.zeros(g), 1, 12);
		// The primal step is max(0, v − a Dᵀ P p); with v = 10 nothing is clipped, so Dᵀ P p = 10 − step.
		Volume ten = Volume.zeros(g), step = Volume.zeros(g);
		java.util.Arrays.fill(ten.data(), 10f);
		prox.primal(g, new float[][] { ten.data() }, new float[][] { px.data() }, new float[][] { py.data() }, new float[][] { pz.data() }, new float[] { 1 },
			new float[][] { step.data() });
		double forward = 0, adjoint = 0;
		float[] d = new float[3];
		for (int z = 0, at = 0; z < g.depth(); z++)
			for (int y = 0; y < g.height(); y++)
				for (int i = 0; i < g.width(); i++, at++) {
					assertTrue(step.data()[at] > 0);
					prox.projectedDifference(g, x.data(), i, y, z, at, d);
					forward += d[0] * px.data()[at] + d[1] * py.data()[at] + d[2] * pz.data()[at];
					adjoint += x.data()[at] * (10.0 - step.data()[at]);
				}
		assertEquals(forward, adjoint, 1e-4 * Math.abs(forward));
	}

	@Test
	void warmStart_getsCloserToTheConvergedProx() {
		List<Volume> v = List.of(noisy(box(SMALL), 0.3, 13), noisy(box(SMALL), 0.3, 14));
		double[] metric = { 1, 1.5 }, scales = { 1, 1.2 };
		double lambda = 0.3;
		List<Volume> converged = new JointTvProx(lambda, scales, 500, Parallelism.SERIAL, null).apply(v, metric);
		JointTvProx five = new JointTvProx(lambda, scales, 5, Parallelism.SERIAL, null);
		List<Volume> cold = five.apply(v, metric);
		JointTvProx.Dual dual = new JointTvProx.Dual(SMALL, 2);
		List<Volume> warm = List.of(Volume.zeros(SMALL), Volume.zeros(SMALL));
		for (int call = 0; call < 4; call++)
			five.apply(v, metric, dual, warm);
		assertTrue(distance(warm, converged) < 0.5 * distance(cold, converged), "warm " + distance(warm, converged) + " vs cold " + distance(cold, converged));
	}

	private static double distance(List<Volume> a, List<Volume> b) {
		double s = 0;
		for (int e = 0; e < a.size(); e++)
			s += org.fusedtomo.data.FloatArrays.halfSquaredDistance(a.get(e).data(), b.get(e).data());
		return Math.sqrt(2 * s);
	}

	@Test
	void prox_isTheSameOnAnyNumberOfThreads_andMayOverwriteItsInput() {
		List<Volume> v = List.of(noisy(box(SMALL), 0.3, 15), noisy(box(SMALL), 0.3, 16));
		double[] metric = { 1, 1.5 }, scales = { 1, 1.2 };
		TvGuide guide = TvGuide.of(box(SMALL), 0.9, 0.1);
		List<Volume> serial = new JointTvProx(0.3, scales, 20, Parallelism.SERIAL, guide).apply(v, metric);
		List<Volume> inPlace = List.of(v.get(0).copy(), v.get(1).copy());
		new JointTvProx(0.3, scales, 20, new Parallelism(3), guide).apply(inPlace, metric, new JointTvProx.Dual(SMALL, 2), inPlace);
		for (int e = 0; e < 2; e++)
			assertArrayEquals(serial.get(e).data(), inPlace.get(e).data());
	}

	@Test
	void badArguments_areRejectedWithTheirName() {
		assertThrows(IllegalArgumentException.class, () -> new JointTvProx(-1, new double[] { 1 }, 5, Parallelism.SERIAL, null));
		assertThrows(IllegalArgumentException.class, () -> new JointTvProx(1, new double[] { 0 }, 5, Parallelism.SERIAL, null));
		JointTvProx prox = new JointTvProx(1, new double[] { 1, 1 }, 5, Parallelism.SERIAL, null);
		List<Volume> v = List.of(Volume.zeros(SMALL), Volume.zeros(SMALL));
		assertThrows(IllegalArgumentException.class, () -> prox.apply(v, new double[] { 1 }));
		assertThrows(IllegalArgumentException.class, () -> prox.apply(v, new double[] { 1, -2 }));
		assertThrows(IllegalArgumentException.class, () -> prox.apply(List.of(Volume.zeros(SMALL)), new double[] { 1 }));
	}
}
