package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockedJosephProjectorTest {

	@ParameterizedTest
	@CsvSource({ "16,5,16,4", "17,3,17,8", "32,19,9,16", "9,4,24,1", "33,1,33,16", "62,2,150,64" })
	void back_isExactAdjointOfForward(int nx, int ny, int nz, int block) {
		Random random = new Random(123);
		for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
			VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
			TiltGeometry tg = new TiltGeometry(nx, ny, angles);
			Projector p = BlockedJosephProjector.scalar(vg, tg, new Parallelism(2), block);
			Volume x = Volume.zeros(vg);
			TiltSeries y = TiltSeries.zeros(tg);
			JosephProjectorTest.fill(x.data(), random);
			JosephProjectorTest.fill(y.data(), random);
			double axy = JosephProjectorTest.dot(p.forward(x).data(), y.data());
			double xaty = JosephProjectorTest.dot(x.data(), p.back(y).data());
			assertTrue(Math.abs(axy - xaty) / Math.abs(axy) < 1e-5, "<Ax,y>=" + axy + " <x,A'y>=" + xaty + " for " + tg);
		}
	}

	@ParameterizedTest
	@CsvSource({ "16,5,16,4", "17,3,12,5", "20,4,30,2", "9,2,40,9" })
	void widenedVolume_projectsOntoTheViewAsTheCentreOfADetectorAsWideAsItself(int view, int ny, int nz, int margin) {
		// NB: the independent expectation is the projector of an equal-width volume and detector, cropped to the view.
		Random random = new Random(5);
		for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
			VolumeGeometry vg = new VolumeGeometry(view, ny, nz).widened(margin);
			TiltGeometry viewTilts = new TiltGeometry(view, ny, angles), wideTilts = new TiltGeometry(vg.width(), ny, angles);
			Projector p = Projectors.create(vg, viewTilts, new Parallelism(2));
			Volume x = Volume.zeros(vg);
			JosephProjectorTest.fill(x.data(), random);
			TiltSeries wide = new JosephProjector(vg, wideTilts, Parallelism.SERIAL).forward(x), seen = p.forward(x);
			float[] centre = new float[seen.data().length];
			for (int a = 0; a < angles.length; a++)
				for (int y = 0; y < ny; y++)
					for (int u = 0; u < view; u++)
						centre[seen.projectionOffset(a) + y * view + u] = wide.get(u + margin, y, a);
			assertClose(centre, seen.data());
			TiltSeries y = TiltSeries.zeros(viewTilts);
			JosephProjectorTest.fill(y.data(), random);
			double axy = JosephProjectorTest.dot(seen.data(), y.data()), xaty = JosephProjectorTest.dot(x.data(), p.back(y).data());
			assertTrue(Math.abs(axy - xaty) / Math.abs(axy) < 1e-5, "<Ax,y>=" + axy + " <x,A'y>=" + xaty + " for " + viewTilts);
		}
	}

	@Test
	void forward_crossesRowsInSeveralCacheChunksAtThisSize() {
		// NB: the 62 x 150 cases above only test chunking if their rows exceed one chunk.
		assertTrue(150 * (62 + 2) * 64 > BlockedJosephProjector.CHUNK_FLOATS);
		assertTrue(62 * (150 + 2) * 64 > BlockedJosephProjector.CHUNK_FLOATS);
	}

	@ParameterizedTest
	@CsvSource({ "24,21,20,8", "15,16,31,16", "12,3,12,4" })
	void reusedScratch_givesTheResultsOfAFreshProjector(int nx, int ny, int nz, int block) {
		// NB: calls reuse scratch; a back projection leaves values in the padding that a forward must not read.
		Random random = new Random(11);
		VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
		TiltGeometry tg = new TiltGeometry(nx, ny, JosephProjectorTest.ANGLE_SETS[5]);
		Projector reference = new JosephProjector(vg, tg, Parallelism.SERIAL);
		Projector blocked = BlockedJosephProjector.scalar(vg, tg, new Parallelism(2), block);
		Volume x = Volume.zeros(vg);
		TiltSeries y = TiltSeries.zeros(tg);
		for (int round = 0; round < 3; round++) {
			JosephProjectorTest.fill(x.data(), random);
			JosephProjectorTest.fill(y.data(), random);
			assertClose(reference.back(y).data(), blocked.back(y).data());
			assertClose(reference.forward(x).data(), blocked.forward(x).data());
		}
	}

	@ParameterizedTest
	@CsvSource({ "24,21,20,8", "15,7,31,16", "12,3,12,4", "62,3,150,64" })
	void forwardAndBack_matchThePerSliceProjector(int nx, int ny, int nz, int block) {
		Random random = new Random(7);
		VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
		TiltGeometry tg = new TiltGeometry(nx, ny, JosephProjectorTest.ANGLE_SETS[5]);
		Projector reference = new JosephProjector(vg, tg, Parallelism.SERIAL);
		Projector blocked = BlockedJosephProjector.scalar(vg, tg, new Parallelism(3), block);
		Volume x = Volume.zeros(vg);
		TiltSeries y = TiltSeries.zeros(tg);
		JosephProjectorTest.fill(x.data(), random);
		JosephProjectorTest.fill(y.data(), random);
		assertClose(reference.forward(x).data(), blocked.forward(x).data());
		assertClose(reference.back(y).data(), blocked.back(y).data());
	}

	@ParameterizedTest
	@CsvSource({ "16,5,16,2", "17,35,17,2", "32,19,9,4", "33,1,33,2", "62,2,150,4" })
	void simd_isExactAdjointAndMatchesThePerSliceProjector(int nx, int ny, int nz, int vectors) {
		assumeTrue(VectorKernels.available(), "JVM started without --add-modules jdk.incubator.vector");
		Random random = new Random(99);
		for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
			VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
			TiltGeometry tg = new TiltGeometry(nx, ny, angles);
			Projector p = Projectors.simd(vg, tg, new Parallelism(2), vectors);
			Projector reference = new JosephProjector(vg, tg, Parallelism.SERIAL);
			Volume x = Volume.zeros(vg);
			TiltSeries y = TiltSeries.zeros(tg);
			JosephProjectorTest.fill(x.data(), random);
			JosephProjectorTest.fill(y.data(), random);
			TiltSeries ax = p.forward(x);
			Volume aty = p.back(y);
			double axy = JosephProjectorTest.dot(ax.data(), y.data());
			double xaty = JosephProjectorTest.dot(x.data(), aty.data());
			assertTrue(Math.abs(axy - xaty) / Math.abs(axy) < 1e-5, "<Ax,y>=" + axy + " <x,A'y>=" + xaty + " for " + tg);
			assertClose(reference.forward(x).data(), ax.data());
			assertClose(reference.back(y).data(), aty.data());
		}
	}

	/**
	 * The Vector API kernel's forward projection equals, bit for bit, each ray's sums formed one ray at a time
	 * in plain Java with the kernel's float operations ({@code fma(next − this, f, this) + sum} per row, rows in
	 * order): the kernel takes neighbouring rays two at a time, and that must not change a sum.
	 */
	@ParameterizedTest
	@CsvSource({ "16,5,16,2", "17,35,17,2", "32,19,9,4", "33,1,33,2", "62,2,150,4" })
	void simd_forwardEqualsTheRayByRaySumsBitForBit(int nx, int ny, int nz, int vectors) {
		assumeTrue(VectorKernels.available(), "JVM started without --add-modules jdk.incubator.vector");
		Random random = new Random(7);
		for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
			VolumeGeometry vg = new VolumeGeometry(nx, ny, nz);
			TiltGeometry tg = new TiltGeometry(nx, ny, angles);
			Projector simd = Projectors.simd(vg, tg, new Parallelism(2), vectors);
			Projector rayByRay = new BlockedJosephProjector(vg, tg, Parallelism.SERIAL, new RayByRayFmaKernel(vectors * VectorRowKernel.lanes()));
			Volume x = Volume.zeros(vg);
			JosephProjectorTest.fill(x.data(), random);
			float[] expected = rayByRay.forward(x).data(), actual = simd.forward(x).data();
			for (int i = 0; i < expected.length; i++)
				assertEquals(expected[i], actual[i], 0, "bin " + i + " for " + tg);
		}
	}

	/** The vector kernel's forward arithmetic lane by lane in plain Java, one ray at a time (forward only). */
	private record RayByRayFmaKernel(int block) implements RowKernel {
		@Override
		public void forward(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
			float[] base = angle.base();
			for (int j = 0; j < angle.rowFirst().length; j++) {
				float js = j * angle.step();
				for (int k = 0; k < block; k++) {
					float sum = bins[j * block + k];
					for (int r = Math.max(angle.rowFirst()[j], rowFrom); r < Math.min(angle.rowEnd()[j], rowTo); r++) {
						float p = base[r] + js;
						int i = (int) p;
						float f = p - i;
						int src = origin + r * rowStride + i * positionStride + k;
						sum = Math.fma(rows[src + positionStride] - rows[src], f, rows[src]) + sum;
					}
					bins[j * block + k] = sum;
				}
			}
		}

		@Override
		public void back(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
			throw new UnsupportedOperationException("forward only");
		}
	}

	@Test
	void simd_rejectsAnOddVectorCount() {
		assumeTrue(VectorKernels.available(), "JVM started without --add-modules jdk.incubator.vector");
		VolumeGeometry vg = new VolumeGeometry(8, 40, 8);
		TiltGeometry tg = new TiltGeometry(8, 40, new double[] { 0 });
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Projectors.simd(vg, tg, Parallelism.SERIAL, 3));
	}

	@Test
	void create_usesTheVectorKernelExactlyWhenTheModuleAndFmaArePresent() {
		VolumeGeometry vg = new VolumeGeometry(8, 40, 8);
		TiltGeometry tg = new TiltGeometry(8, 40, new double[] { 0, 30 });
		int block = ((BlockedJosephProjector) Projectors.create(vg, tg, Parallelism.SERIAL)).block();
		int expected = Projectors.usesVectorApi() ? Projectors.simd(vg, tg, Parallelism.SERIAL, Projectors.VECTORS_PER_BLOCK).block() : Projectors.SCALAR_BLOCK;
		assertEquals(expected, block);
	}

	static void assertClose(float[] expected, float[] actual) {
		double scale = 0;
		for (float v : expected)
			scale = Math.max(scale, Math.abs(v));
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5 * scale, "element " + i);
	}
}
