package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityProjectorTest {

	@ParameterizedTest
	@CsvSource({ "1,1", "7,3", "32,19" })
	void back_isExactAdjointOfForward(int nx, int ny) {
		Random random = new Random(123);
		Projector p = IdentityProjector.ofSize(nx, ny);
		Volume x = Volume.zeros(p.volumeGeometry());
		TiltSeries y = TiltSeries.zeros(p.tiltGeometry());
		JosephProjectorTest.fill(x.data(), random);
		JosephProjectorTest.fill(y.data(), random);
		double axy = JosephProjectorTest.dot(p.forward(x).data(), y.data());
		double xaty = JosephProjectorTest.dot(x.data(), p.back(y).data());
		assertTrue(Math.abs(axy - xaty) / Math.abs(axy) < 1e-6, "<Ax,y>=" + axy + " <x,A'y>=" + xaty);
	}

	@Test
	void forward_copiesPixelForPixel() {
		IdentityProjector p = IdentityProjector.ofSize(3, 2);
		Volume x = Volume.zeros(p.volumeGeometry());
		x.set(2, 1, 0, 5f);
		x.set(0, 1, 0, -1f);
		TiltSeries ax = p.forward(x);
		assertEquals(5f, ax.get(2, 1, 0));
		assertEquals(-1f, ax.get(0, 1, 0));
		assertEquals(0f, ax.get(1, 0, 0));
		assertArrayEquals(x.data(), p.back(ax).data());
	}

	@Test
	void forward_equalsTheParallelBeamProjectorAtZeroDegreesOfAOneVoxelVolume() {
		Random random = new Random(5);
		VolumeGeometry vg = new VolumeGeometry(17, 5, 1);
		TiltGeometry tg = new TiltGeometry(17, 5, new double[] { 0 });
		Volume x = Volume.zeros(vg);
		TiltSeries y = TiltSeries.zeros(tg);
		JosephProjectorTest.fill(x.data(), random);
		JosephProjectorTest.fill(y.data(), random);
		Projector joseph = new JosephProjector(vg, tg, Parallelism.SERIAL);
		Projector identity = IdentityProjector.FACTORY.create(vg, tg, Parallelism.SERIAL);
		assertArrayEquals(joseph.forward(x).data(), identity.forward(x).data(), 1e-5f);
		assertArrayEquals(joseph.back(y).data(), identity.back(y).data(), 1e-5f);
	}

	@Test
	void constructor_refusesThickVolumesSeveralAnglesTiltsAndSizeMismatches() {
		TiltGeometry one = new TiltGeometry(4, 4, new double[] { 0 });
		assertThrows(IllegalArgumentException.class, () -> new IdentityProjector(new VolumeGeometry(4, 4, 2), one));
		assertThrows(IllegalArgumentException.class, () -> new IdentityProjector(new VolumeGeometry(4, 4, 1), new TiltGeometry(4, 4, new double[] { 0, 10 })));
		assertThrows(IllegalArgumentException.class, () -> new IdentityProjector(new VolumeGeometry(4, 4, 1), new TiltGeometry(4, 4, new double[] { 30 })));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdentityProjector(new VolumeGeometry(5, 4, 1), one));
		assertTrue(e.getMessage().contains("W x H x 1"), e.getMessage());
	}

	@Test
	void forward_refusesAVolumeOfAnotherSize() {
		IdentityProjector p = IdentityProjector.ofSize(4, 4);
		assertThrows(IllegalArgumentException.class, () -> p.forward(Volume.zeros(new VolumeGeometry(4, 3, 1))));
	}
}
