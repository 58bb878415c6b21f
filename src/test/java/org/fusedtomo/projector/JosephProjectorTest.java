package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JosephProjectorTest {

	static final double[][] ANGLE_SETS = {
		TiltGeometry.range(-70, 70, 3),
		TiltGeometry.range(0, 179.5, 0.5),
		{ 0 }, { 90 }, { 45, -45, 135 },
		{ -60, -13.7, 0.3, 29.9, 44.99, 45.01, 91, 180, 270 } };

	@ParameterizedTest
	@CsvSource({ "16,5,16", "17,3,17", "32,2,9", "9,4,24", "33,1,33" })
	void back_isExactAdjointOfForward(int nx, int ny, int nz) {
		Random random = new Random(123);
		for (double[] angles : ANGLE_SETS) {
			for (int threads : new int[] { 1, 3 }) {
				VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
				TiltGeometry tg = new TiltGeometry(nx, ny, angles);
				Projector p = new JosephProjector(vg, tg, new Parallelism(threads));
				Volume x = Volume.zeros(vg);
				TiltSeries y = TiltSeries.zeros(tg);
				fill(x.data(), random);
				fill(y.data(), random);
				double ax_y = dot(p.forward(x).data(), y.data());
				double x_aty = dot(x.data(), p.back(y).data());
				assertTrue(Math.abs(ax_y - x_aty) / Math.abs(ax_y) < 1e-5,
					"<Ax,y>=" + ax_y + " <x,A'y>=" + x_aty + " for " + tg);
			}
		}
	}

	@Test
	void forward_ofCentredDiscMatchesChordLength() {
		int n = 128;
		double radius = 40;
		VolumeGeometry vg = new VolumeGeometry(n, 2, n);
		Volume disc = Volume.zeros(vg);
		int sub = 8;
		for (int y = 0; y < 2; y++)
			for (int z = 0; z < n; z++)
				for (int x = 0; x < n; x++) {
					// Fraction of the pixel inside the disc, by supersampling.
					int inside = 0;
					for (int a = 0; a < sub; a++)
						for (int b = 0; b < sub; b++) {
							double px = x - (n - 1) / 2.0 - 0.5 + (a + 0.5) / sub;
							double pz = z - (n - 1) / 2.0 - 0.5 + (b + 0.5) / sub;
							if (px * px + pz * pz <= radius * radius)
								inside++;
						}
					disc.set(x, y, z, inside / (float) (sub * sub));
				}
		double[] angles = { 0, 17, 33.3, 45, 60, 90, -75, 123 };
		TiltGeometry tg = new TiltGeometry(n, 2, angles);
		TiltSeries p = new JosephProjector(vg, tg, Parallelism.SERIAL).forward(disc);
		for (int a = 0; a < angles.length; a++)
			for (int j = 0; j < n; j++) {
				double u = j - (n - 1) / 2.0;
				if (Math.abs(u) > 0.9 * radius)
					continue;
				double chord = 2 * Math.sqrt(radius * radius - u * u);
				assertEquals(chord, p.get(j, 1, a), 0.01 * chord, "angle " + angles[a] + " bin " + j);
			}
	}

	@Test
	void forward_atZeroDegreesSumsAlongZ() {
		VolumeGeometry vg = new VolumeGeometry(3, 1, 2);
		Volume v = Volume.zeros(vg);
		float[] values = { 1, 2, 3, 4, 5, 6 }; // z = 0 row, then z = 1 row
		System.arraycopy(values, 0, v.data(), 0, 6);
		TiltSeries p = new JosephProjector(vg, new TiltGeometry(3, 1, new double[] { 0 }), Parallelism.SERIAL).forward(v);
		assertEquals(5, p.get(0, 0, 0), 1e-6);
		assertEquals(7, p.get(1, 0, 0), 1e-6);
		assertEquals(9, p.get(2, 0, 0), 1e-6);
	}

	@Test
	void forward_at90DegreesPutsPositiveZOnPositiveU() {
		// u = x cos θ + z sin θ: at +90° a voxel at the largest z lands on the last detector bin.
		VolumeGeometry vg = new VolumeGeometry(5, 1, 5);
		Volume v = Volume.zeros(vg);
		v.set(2, 0, 4, 1);
		TiltSeries p = new JosephProjector(vg, new TiltGeometry(5, 1, new double[] { 90 }), Parallelism.SERIAL).forward(v);
		assertEquals(1, p.get(4, 0, 0), 1e-6);
		assertEquals(0, p.get(0, 0, 0), 1e-6);
	}

	@Test
	void constructor_rejectsMismatchedGeometry() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new JosephProjector(new VolumeGeometry(8, 8, 8), new TiltGeometry(9, 8, new double[] { 0 }), Parallelism.SERIAL));
		assertTrue(e.getMessage().contains("does not match"));
	}

	/** ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ to 1e-5 relative (float) for random x and y drawn from {@code random}. */
	static void assertAdjoint(Projector a, Random random, String what) {
		Volume x = Volume.zeros(a.volumeGeometry());
		TiltSeries y = TiltSeries.zeros(a.tiltGeometry());
		fill(x.data(), random);
		fill(y.data(), random);
		double axy = dot(a.forward(x).data(), y.data());
		double xaty = dot(x.data(), a.back(y).data());
		assertTrue(Math.abs(axy - xaty) / Math.abs(axy) < 1e-5, what + ": <Ax,y>=" + axy + " <x,A'y>=" + xaty);
	}

	static void fill(float[] a, Random r) {
		for (int i = 0; i < a.length; i++)
			a[i] = (float) r.nextGaussian();
	}

	static double dot(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (double) a[i] * b[i];
		return s;
	}
}
