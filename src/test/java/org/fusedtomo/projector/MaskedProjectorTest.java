package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

class MaskedProjectorTest {

	private static final VolumeGeometry VOLUME = new VolumeGeometry(16, 3, 14);
	private static final TiltGeometry TILTS = new TiltGeometry(16, 3, new double[] { -50, -10, 20, 60 });

	private static TiltSeries random(Random r, TiltGeometry g) {
		TiltSeries s = TiltSeries.zeros(g);
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = r.nextFloat();
		return s;
	}

	@Test
	void maskedProjectionIsZeroAtMissingPixelsAndItsBackProjectionTheExactAdjoint() {
		Random r = new Random(7);
		Projector a = Projectors.create(VOLUME, TILTS, Parallelism.SERIAL);
		TiltSeries data = random(r, TILTS);
		int[] missing = { 0, 17, 40, 95, 150, 191 };
		for (int i : missing)
			data.data()[i] = Float.NaN;
		Projector m = MaskedProjector.of(a, data);
		assertEquals(missing.length, ((MaskedProjector) m).missingCount());
		Volume x = Volume.zeros(VOLUME);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] = r.nextFloat();
		TiltSeries ax = a.forward(x), mx = m.forward(x);
		for (int i = 0; i < ax.data().length; i++) {
			boolean gone = java.util.Arrays.binarySearch(missing, i) >= 0;
			assertEquals(gone ? 0 : ax.data()[i], mx.data()[i], 0, "pixel " + i);
		}
		// <M A x, y> = <x, A^T M y> for y that holds values at the missing pixels too.
		TiltSeries y = random(r, TILTS);
		Volume mty = m.back(y);
		double lhs = 0, rhs = 0;
		for (int i = 0; i < y.data().length; i++)
			lhs += (double) mx.data()[i] * y.data()[i];
		for (int i = 0; i < x.data().length; i++)
			rhs += (double) x.data()[i] * mty.data()[i];
		assertEquals(lhs, rhs, 1e-5 * Math.abs(lhs));
		// and A^T M y is A^T of y with the missing pixels zeroed, y itself untouched
		float kept = y.data()[17];
		TiltSeries zeroed = y.copy();
		for (int i : missing)
			zeroed.data()[i] = 0;
		Volume expected = a.back(zeroed);
		for (int i = 0; i < expected.data().length; i++)
			assertEquals(expected.data()[i], mty.data()[i], 0);
		assertEquals(kept, y.data()[17]);
	}

	@Test
	void completeDataKeepTheProjectorItself() {
		Projector a = Projectors.create(VOLUME, TILTS, Parallelism.SERIAL);
		assertSame(a, MaskedProjector.of(a, random(new Random(1), TILTS)));
		TiltSeries wrong = TiltSeries.zeros(new TiltGeometry(16, 3, new double[] { 0 }));
		assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> MaskedProjector.of(a, wrong)).getMessage().contains("projector"));
	}
}
