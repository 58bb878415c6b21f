package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;

class EllipsoidTest {

	static double sum(Ellipsoid.Patch p) {
		double s = 0;
		for (float v : p.values())
			s += v;
		return s;
	}

	@Test
	void render_sphereCoverageSumsToItsVolume() {
		VolumeGeometry g = VolumeGeometry.cube(32);
		for (double r : new double[] { 2.3, 5, 9.7 }) {
			double volume = 4 * Math.PI * r * r * r / 3;
			double s = sum(Ellipsoid.sphere(15.3, 16.1, 14.8, r).render(g));
			assertEquals(volume, s, 0.01 * volume, "radius " + r);
		}
	}

	@Test
	void render_rotatedEllipsoidCoverageSumsToItsVolume() {
		VolumeGeometry g = VolumeGeometry.cube(40);
		double[] axes = { 9, 4, 6 };
		Ellipsoid e = new Ellipsoid(new double[] { 20, 19.5, 20.2 }, axes, Ellipsoid.randomRotation(new SplittableRandom(3)), 0);
		double volume = 4 * Math.PI * axes[0] * axes[1] * axes[2] / 3;
		assertEquals(volume, sum(e.render(g)), 0.01 * volume);
	}

	@Test
	void render_valuesAreCoverageFractions() {
		Ellipsoid.Patch p = new Ellipsoid(new double[] { 10, 10, 10 }, new double[] { 6, 6, 6 }, Ellipsoid.rotationAboutY(0.3), 0.5).render(VolumeGeometry.cube(21));
		assertEquals(1, p.at(10, 10, 10));
		assertEquals(0, p.at(10, 10, 17));
		float mid = p.at(10, 10, 15);
		assertTrue(mid > 0 && mid < 1, "soft edge " + mid);
	}

	@Test
	void randomRotation_isOrthonormal() {
		double[] r = Ellipsoid.randomRotation(new SplittableRandom(9));
		for (int i = 0; i < 3; i++)
			for (int j = 0; j < 3; j++) {
				double d = 0;
				for (int k = 0; k < 3; k++)
					d += r[3 * i + k] * r[3 * j + k];
				assertEquals(i == j ? 1 : 0, d, 1e-12);
			}
	}
}
