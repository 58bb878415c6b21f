package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

/** TV and its prox on a volume one voxel thick, the 2D maps of 2D fusion: the z axis must add nothing. */
class TvSingletonAxisTest {

	/** A 2D step image: {@code left} in columns x < split, {@code right} from there, constant along y. */
	static Volume step(int nx, int ny, int split, float left, float right) {
		Volume v = Volume.zeros(new VolumeGeometry(nx, ny, 1));
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++)
				v.set(x, y, 0, x < split ? left : right);
		return v;
	}

	@Test
	void totalVariation_ofA2dStepIsItsHeightTimesItsLength() {
		// One jump of 3 per row, 5 rows: TV = 15; a z difference would add nothing either way.
		assertEquals(15, TotalVariation.of(step(8, 5, 3, 1, 4)), 1e-9);
	}

	@Test
	void tvProx_ofA2dStepShrinksBothLevelsByTheirClosedForm() {
		// Rows are independent 1D problems: argmin ½‖x − v‖² + λ Σ|x[i+1] − x[i]| for a step of height h
		// between n1 and n2 samples moves the levels by λ/n1 and λ/n2 towards each other (while λ(1/n1 + 1/n2) < h).
		int n1 = 4, n2 = 6;
		double lambda = 0.6;
		Volume v = step(n1 + n2, 3, n1, 2, 5);
		Volume x = new TvProx(lambda, 2000, Parallelism.SERIAL).apply(v);
		for (int y = 0; y < 3; y++)
			for (int i = 0; i < n1 + n2; i++)
				assertEquals(i < n1 ? 2 + lambda / n1 : 5 - lambda / n2, x.get(i, y, 0), 2e-3, "pixel " + i + ", row " + y);
	}

	@Test
	void tvProx_ofAThinVolumeEqualsThatOfTheSameImageRepeatedAlongZ() {
		// With Neumann boundaries a volume constant along z has no z differences: each plane solves the 2D problem.
		Volume thin = step(9, 4, 5, 0.5f, 3);
		thin.set(2, 1, 0, 2);
		Volume thick = Volume.zeros(new VolumeGeometry(9, 4, 3));
		for (int z = 0; z < 3; z++)
			System.arraycopy(thin.data(), 0, thick.data(), z * 36, 36);
		TvProx prox = new TvProx(0.3, 300, Parallelism.SERIAL);
		float[] a = prox.apply(thin).data(), b = prox.apply(thick).data();
		for (int z = 0; z < 3; z++)
			assertArrayEquals(a, java.util.Arrays.copyOfRange(b, z * 36, (z + 1) * 36), 1e-3f, "plane " + z);
	}
}
