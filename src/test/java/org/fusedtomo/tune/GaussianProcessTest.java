package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

	private static final Matern52Kernel KERNEL = new Matern52Kernel(1, new double[] { 0.2, 0.3 });

	@Test
	void predict_interpolatesNoiselessData() {
		double[][] x = points(12, 2, 5);
		double[] y = new double[x.length];
		for (int i = 0; i < y.length; i++)
			y[i] = Math.sin(6 * x[i][0]) + x[i][1] * x[i][1];
		GaussianProcess gp = new GaussianProcess(x, y, KERNEL, 0);
		for (int i = 0; i < x.length; i++) {
			GaussianProcess.Prediction p = gp.predict(x[i]);
			assertEquals(y[i], p.mean(), 1e-4, "mean at observation " + i);
			assertTrue(p.sd() < 1e-3 * gp.valueScale(), "sd at observation " + i + ": " + p.sd());
		}
	}

	@Test
	void predict_varianceGrowsFarFromData() {
		double[][] x = { { 0.1, 0.1 }, { 0.2, 0.15 }, { 0.15, 0.3 } };
		GaussianProcess gp = new GaussianProcess(x, new double[] { 1, 2, 3 }, KERNEL, 1e-6);
		double near = gp.predict(new double[] { 0.15, 0.15 }).variance(), far = gp.predict(new double[] { 0.95, 0.95 }).variance();
		double prior = KERNEL.signalVariance() * gp.valueScale() * gp.valueScale();
		assertTrue(near < 0.1 * prior, "near " + near);
		assertEquals(prior, far, 1e-3 * prior, "far from the data the prior variance returns");
	}

	@Test
	void kernel_isPositiveDefinite() {
		double[][] x = points(25, 3, 9);
		double[][] k = new double[x.length][x.length];
		Matern52Kernel kernel = new Matern52Kernel(2, new double[] { 0.5, 0.1, 2 });
		for (int i = 0; i < x.length; i++)
			for (int j = 0; j < x.length; j++)
				k[i][j] = kernel.value(x[i], x[j]);
		for (double ev : new EigenDecomposition(MatrixUtils.createRealMatrix(k)).getRealEigenvalues())
			assertTrue(ev > 0, "eigenvalue " + ev);
		assertEquals(2, kernel.value(x[0], x[0]), 1e-12, "k(x, x) is the signal variance");
	}

	@Test
	void fit_beatsDefaultHyperparametersAndFindsRelevance() {
		// The function ignores x[1]: its length scale should come out longer than x[0]'s.
		double[][] x = points(20, 2, 3);
		double[] y = new double[x.length];
		for (int i = 0; i < y.length; i++)
			y[i] = Math.sin(8 * x[i][0]);
		GaussianProcess fitted = GaussianProcess.fit(x, y, 2, 1, null);
		GaussianProcess start = new GaussianProcess(x, y, new Matern52Kernel(1, new double[] { 0.3, 0.3 }), 1e-4);
		assertTrue(fitted.logMarginalLikelihood() >= start.logMarginalLikelihood(), fitted.logMarginalLikelihood() + " vs " + start.logMarginalLikelihood());
		assertTrue(fitted.kernel().lengthScales()[1] > 2 * fitted.kernel().lengthScales()[0], fitted.kernel().toString());
	}

	@Test
	void constructor_rejectsMismatchedSizes() {
		assertThrows(IllegalArgumentException.class, () -> new GaussianProcess(new double[][] { { 0, 0 } }, new double[] { 1, 2 }, KERNEL, 0));
		assertThrows(IllegalArgumentException.class, () -> new Matern52Kernel(1, new double[] { 0 }));
	}

	static double[][] points(int n, int d, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[][] x = new double[n][d];
		for (double[] p : x)
			for (int k = 0; k < d; k++)
				p[k] = r.nextDouble();
		return x;
	}
}
