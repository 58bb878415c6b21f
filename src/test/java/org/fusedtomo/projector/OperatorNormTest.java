package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

class OperatorNormTest {

	private static final VolumeGeometry TINY = new VolumeGeometry(6, 1, 6);
	private static final TiltGeometry TINY_TILTS = new TiltGeometry(6, 1, new double[] { -60, -20, 0, 35, 80 });

	@Test
	void squared_matchesTopEigenvalueOfExplicitMatrix() {
		Projector p = new JosephProjector(TINY, TINY_TILTS, Parallelism.SERIAL);
		double expected = topEigenvalueOfAtA(p);
		double estimate = OperatorNorm.squared(p, 50, 7);
		assertEquals(expected, estimate, 1e-3 * expected);
	}

	@Test
	void squared_boundsRayleighQuotientOfRandomVolumes() {
		Projector p = new JosephProjector(new VolumeGeometry(16, 3, 16), new TiltGeometry(16, 3, TiltGeometry.range(-70, 70, 5)), Parallelism.available());
		double estimate = OperatorNorm.squared(p, 30, 11);
		Random random = new Random(42);
		for (int trial = 0; trial < 5; trial++) {
			Volume x = Volume.zeros(p.volumeGeometry());
			for (int i = 0; i < x.data().length; i++)
				x.data()[i] = (float) random.nextGaussian();
			double ratio = sumOfSquares(p.forward(x).data()) / sumOfSquares(x.data());
			assertTrue(ratio <= estimate * (1 + 1e-5), "‖Ax‖²/‖x‖² = " + ratio + " exceeds estimate " + estimate);
		}
	}

	@Test
	void squared_isDeterministicForASeed() {
		Projector p = new JosephProjector(TINY, TINY_TILTS, Parallelism.SERIAL);
		assertEquals(OperatorNorm.squared(p, 3, 5), OperatorNorm.squared(p, 3, 5));
	}

	@Test
	void squared_rejectsNonPositiveIterations() {
		Projector p = new JosephProjector(TINY, TINY_TILTS, Parallelism.SERIAL);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorNorm.squared(p, 0, 1));
		assertTrue(e.getMessage().contains("iterations") && e.getMessage().contains("0"), e.getMessage());
	}

	/** Builds A column by column from unit volumes and returns the largest eigenvalue of AᵀA. */
	private static double topEigenvalueOfAtA(Projector p) {
		int n = (int) p.volumeGeometry().voxelCount();
		TiltSeries column = TiltSeries.zeros(p.tiltGeometry());
		int m = column.data().length;
		double[][] a = new double[m][n];
		Volume unit = Volume.zeros(p.volumeGeometry());
		for (int j = 0; j < n; j++) {
			unit.data()[j] = 1;
			p.forward(unit, column);
			unit.data()[j] = 0;
			for (int i = 0; i < m; i++)
				a[i][j] = column.data()[i];
		}
		RealMatrix matrix = new Array2DRowRealMatrix(a, false);
		RealMatrix ata = matrix.transpose().multiply(matrix);
		double max = Double.NEGATIVE_INFINITY;
		for (double ev : new EigenDecomposition(ata).getRealEigenvalues())
			max = Math.max(max, ev);
		return max;
	}

	private static double sumOfSquares(float[] a) {
		double s = 0;
		for (float f : a)
			s += (double) f * f;
		return s;
	}
}
