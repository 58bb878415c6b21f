package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

class TvGuideTest {

	private static final VolumeGeometry G = new VolumeGeometry(20, 12, 10);
	private static final double LAMBDA = 0.3;

	/** 1 in a box in the middle, 0 elsewhere: edges along all three axes. */
	private static Volume box() {
		Volume v = Volume.zeros(G);
		for (int z = 3; z < 7; z++)
			for (int y = 3; y < 9; y++)
				for (int i = 5; i < 15; i++)
					v.data()[i + G.width() * (y + G.height() * z)] = 1;
		return v;
	}

	/** A step in x at i = 10. */
	private static Volume stepInX() {
		Volume v = Volume.zeros(G);
		for (int at = 0; at < v.data().length; at++)
			v.data()[at] = at % G.width() >= 10 ? 1 : 0;
		return v;
	}

	private static Volume noisy(Volume clean, long seed) {
		Volume v = clean.copy();
		Random random = new Random(seed);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (0.3 * random.nextGaussian());
		return v;
	}

	private static double objective(Volume x, Volume v, double lambda, TvGuide guide) {
		return FloatArrays.halfSquaredDistance(x.data(), v.data()) + lambda * TotalVariation.of(x, guide);
	}

	@Test
	void value_acrossTheGuidesEdgeIsScaledBy1MinusWeight_alongItUnchanged() {
		TvGuide guide = TvGuide.of(stepInX(), 0.75, 1e-6);
		Volume across = stepInX();
		scale(across, 2);
		assertEquals(0.25 * TotalVariation.of(across), TotalVariation.of(across, guide), 1e-4);
		Volume along = Volume.zeros(G);
		for (int at = 0; at < along.data().length; at++)
			along.data()[at] = (at / G.width()) % G.height() >= 6 ? 1 : 0;
		assertEquals(TotalVariation.of(along), TotalVariation.of(along, guide), 1e-4);
	}

	@Test
	void zeroWeight_givesThePlainProx() {
		Volume v = noisy(box(), 1);
		Volume plain = new TvProx(LAMBDA, 40, Parallelism.SERIAL).apply(v);
		Volume guided = new TvProx(LAMBDA, 40, Parallelism.SERIAL, TvGuide.of(box(), 0, 0.1)).apply(v);
		for (int i = 0; i < plain.data().length; i++)
			assertEquals(plain.data()[i], guided.data()[i], 1e-5);
	}

	@Test
	void guidedProx_minimisesTheDirectionalObjective() {
		Volume v = noisy(box(), 2);
		TvGuide guide = TvGuide.of(box(), 0.95, 0.1);
		Volume x = new TvProx(LAMBDA, 300, Parallelism.available(), guide).apply(v);
		double best = objective(x, v, LAMBDA, guide);
		Volume plain = new TvProx(LAMBDA, 300, Parallelism.available()).apply(v);
		assertTrue(best < objective(plain, v, LAMBDA, guide), "guided prox " + best + " vs plain prox " + objective(plain, v, LAMBDA, guide));
		Random random = new Random(3);
		for (double size : new double[] { 1e-3, 1e-2, 1e-1 })
			for (int trial = 0; trial < 3; trial++) {
				Volume y = x.copy();
				for (int i = 0; i < y.data().length; i++)
					y.data()[i] = (float) Math.max(0, y.data()[i] + size * random.nextGaussian());
				assertTrue(best <= objective(y, v, LAMBDA, guide), "perturbation " + size + " beats the prox");
			}
		for (float f : x.data())
			assertTrue(f >= 0);
	}

	@Test
	void guidedProx_keepsTheGuidesEdgesThatPlainTvBlurs() {
		Volume truth = box(), v = noisy(truth, 4);
		double plain = Nrmse.of(new TvProx(LAMBDA, 200, Parallelism.available()).apply(v), truth);
		double guided = Nrmse.of(new TvProx(LAMBDA, 200, Parallelism.available(), TvGuide.of(truth, 0.95, 0.1)).apply(v), truth);
		assertTrue(guided < 0.7 * plain, "guided NRMSE " + guided + " vs plain " + plain);
	}

	@Test
	void guidedProx_isTheSameOnAnyNumberOfThreads() {
		Volume v = noisy(box(), 5);
		TvGuide guide = TvGuide.of(box(), 0.9, 0.1);
		Volume serial = new TvProx(LAMBDA, 25, Parallelism.SERIAL, guide).apply(v);
		Volume parallel = new TvProx(LAMBDA, 25, new Parallelism(3), guide).apply(v);
		for (int i = 0; i < serial.data().length; i++)
			assertEquals(serial.data()[i], parallel.data()[i], 0);
	}

	@Test
	void badSettingsAndSizes_areRejectedWithTheirNames() {
		IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> TvGuide.of(box(), 1, 0.1));
		assertTrue(w.getMessage().contains("weight"), w.getMessage());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TvGuide.of(box(), 0.5, 0));
		assertTrue(e.getMessage().contains("edge scale"), e.getMessage());
		Volume nan = box();
		nan.data()[17] = Float.NaN;
		assertThrows(IllegalArgumentException.class, () -> TvGuide.of(nan, 0.5, 0.1));
		TvGuide guide = TvGuide.of(box(), 0.5, 0.1);
		Volume other = Volume.zeros(new VolumeGeometry(8, 8, 8));
		IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new TvProx(LAMBDA, 5, Parallelism.SERIAL, guide).apply(other));
		assertTrue(size.getMessage().contains("guide"), size.getMessage());
	}

	private static void scale(Volume v, float f) {
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] *= f;
	}
}
