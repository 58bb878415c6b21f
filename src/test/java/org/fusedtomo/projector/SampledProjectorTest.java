package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampledProjectorTest {

	private static final double[] ANGLES = { -60, -17, 0, 33, 71 };

	/** {@code <Ax, y> = <x, Aᵀy>} for random x and y: binned, cropped to an odd window, on an odd HAADF grid. */
	@ParameterizedTest
	@CsvSource({ "2, 0, 0, 16, 11", "2, 3, 1, 13, 9", "3, 0, 0, 11, 7", "3, 2, 5, 9, 5", "1, 4, 3, 21, 17" })
	void back_isExactAdjointOfForward(int factor, int x0, int y0, int width, int height) {
		Random random = new Random(17 * factor + x0);
		VolumeGeometry vg = new VolumeGeometry(33, 23, 29);
		Projector a = SampledProjector.create(vg, new TiltGeometry(width, height, ANGLES), new ChemicalSampling(factor, x0, y0), Parallelism.SERIAL);
		JosephProjectorTest.assertAdjoint(a, random, "sampled projector");
	}

	/** Each coarse pixel is the sum of its f x f HAADF-grid pixels in the window (counts add up). */
	@Test
	void forward_sumsTheFineProjectionOverEachBlockOfTheWindow() {
		Random random = new Random(3);
		VolumeGeometry vg = new VolumeGeometry(20, 14, 20);
		Volume x = Volume.zeros(vg);
		JosephProjectorTest.fill(x.data(), random);
		TiltSeries fine = Projectors.create(vg, new TiltGeometry(20, 14, ANGLES), Parallelism.SERIAL).forward(x);
		ChemicalSampling s = new ChemicalSampling(3, 2, 1);
		TiltSeries coarse = SampledProjector.create(vg, new TiltGeometry(5, 4, ANGLES), s, Parallelism.SERIAL).forward(x);
		for (int a = 0; a < ANGLES.length; a++)
			for (int j = 0; j < 4; j++)
				for (int i = 0; i < 5; i++) {
					double sum = 0;
					for (int dy = 0; dy < 3; dy++)
						for (int dx = 0; dx < 3; dx++)
							sum += fine.get(2 + 3 * i + dx, 1 + 3 * j + dy, a);
					assertEquals(sum, coarse.get(i, j, a), 1e-4 * Math.abs(sum) + 1e-5, "pixel " + i + "," + j + " of projection " + a);
				}
	}

	@Test
	void factory_givesThePlainProjectorOnTheHaadfGrid() {
		VolumeGeometry vg = new VolumeGeometry(8, 6, 8);
		TiltGeometry tg = new TiltGeometry(8, 6, ANGLES);
		Projector plain = SampledProjector.factory(ProjectorFactory.TOMOGRAPHY, ChemicalSampling.FULL).create(vg, tg, Parallelism.SERIAL);
		assertTrue(!(plain instanceof SampledProjector));
		assertSame(tg, plain.tiltGeometry());
	}

	@Test
	void create_refusesAWindowOutsideTheHaadfGrid() {
		VolumeGeometry vg = new VolumeGeometry(16, 16, 16);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> SampledProjector.create(vg, new TiltGeometry(8, 8, ANGLES), new ChemicalSampling(2, 1, 0), Parallelism.SERIAL));
		assertTrue(e.getMessage().contains("outside the HAADF's 16 x 16"), e.getMessage());
	}
}
