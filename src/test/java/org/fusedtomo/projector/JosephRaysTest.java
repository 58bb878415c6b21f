package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;

class JosephRaysTest {

	@Test
	void angle_rowRangesByBinHoldExactlyThePairsOfTheBinRangesByRow() {
		for (int[] size : new int[][] { { 16, 16 }, { 17, 40 }, { 33, 9 } })
			for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
				TiltGeometry tg = new TiltGeometry(size[0], 1, angles);
				JosephRays rays = new JosephRays(new VolumeGeometry(size[0], 1, size[1]), tg);
				for (JosephRays.Angle a : rays.angles) {
					int rows = a.base().length, nu = tg.width();
					boolean[][] byRow = new boolean[rows][nu];
					for (int r = 0; r < rows; r++)
						for (int j = a.first()[r]; j < a.end()[r]; j++)
							byRow[r][j] = true;
					for (int j = 0; j < nu; j++)
						for (int r = 0; r < rows; r++)
							assertEquals(byRow[r][j], r >= a.rowFirst()[j] && r < a.rowEnd()[j], "row " + r + ", bin " + j + " of " + tg);
				}
			}
	}
}
