package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.TvReconstruction;
import org.junit.jupiter.api.Test;

/** The pieces of a slab's TV state without Spark: extents, halo rows, and a step that leaves its input as it was. */
class SlabTvStateTest {

	/** Halos stop at the ends of the volume: the first slab has nothing below, the last nothing above (not periodic). */
	@Test
	void extentsAreClippedAtTheEnds() {
		List<SlabExtent> e = SlabExtent.of(Slab.split(10, 3), 10, 2, 3);
		assertEquals(List.of(new SlabExtent(new Slab(0, 0, 3), 0, 6), new SlabExtent(new Slab(1, 3, 6), 1, 9), new SlabExtent(new Slab(2, 6, 10), 4, 10)), e);
		// Slab 2 holds slices 4 and 5 of slab 1, none of slab 0, and not its own as halo.
		assertArrayEquals(new int[] { 4, 6 }, e.get(2).haloFrom(new Slab(1, 3, 6)));
		int[] none = e.get(2).haloFrom(new Slab(0, 0, 3));
		assertEquals(true, none[0] >= none[1]);
		int[] own = e.get(2).haloFrom(new Slab(2, 6, 10));
		assertEquals(true, own[0] >= own[1]);
	}

	/** Rows copied out of every plane and put back elsewhere land at the same (x, plane) and the new row. */
	@Test
	void rowsAreCopiedPlaneByPlane() {
		int w = 3, n = 4, planes = 2;
		float[] a = new float[w * n * planes];
		for (int i = 0; i < a.length; i++)
			a[i] = i;
		float[] rows = SlabRows.copy(a, w, n, 1, 3);
		assertArrayEquals(new float[] { 3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20 }, rows);
		float[] b = new float[w * 5 * planes];
		SlabRows.put(rows, b, w, 5, 2);
		assertEquals(3, b[w * 2]);
		assertEquals(20, b[w * (3 + 5) + 2]);
		assertEquals(0.5 * (3 * 3 + 4 * 4 + 5 * 5 + 15 * 15 + 16 * 16 + 17 * 17), SlabRows.halfSquaredDistance(a, new float[a.length], w, n, 1, 2), 0);
	}

	/** A step and the halos it sends leave the state they start from unchanged, so a retried task repeats them. */
	@Test
	void aStepLeavesItsInputUnchanged() {
		int w = 6, h = 7;
		double[] angles = { -40, 0, 40 };
		TiltSeries b = TiltSeries.zeros(new TiltGeometry(w, h, angles));
		for (int i = 0; i < b.data().length; i++)
			b.data()[i] = (i * 7919 % 13) / 13f;
		List<SlabExtent> extents = SlabExtent.of(Slab.split(h, 2), h, 2, 3);
		SlabTv.Problem problem = new SlabTv.Problem(w, h, w, angles, 0.5, 1, true, 0, 40, 1);
		SlabTv first = SlabTv.start(extents.get(1), problem, b).next(List.of());
		float[][] volumes = copy(first.volumes()), projections = copy(first.projections());
		SlabTv.SlabHalo halo = SlabTv.start(extents.get(0), problem, b).next(List.of()).halosFor(extents).get(0);
		SlabTv second = first.next(List.of(halo)), again = first.next(List.of(halo));
		for (int i = 0; i < volumes.length; i++)
			assertArrayEquals(volumes[i], first.volumes()[i]);
		for (int i = 0; i < projections.length; i++)
			assertArrayEquals(projections[i], first.projections()[i]);
		assertArrayEquals(second.x(), again.x());
		assertEquals(1, halo.target());
		assertEquals(List.of(1, 3), List.of(halo.from(), halo.to()));
	}

	/**
	 * With Poisson weights a subset state keeps its own slices' step factors after the 5 arrays of the step (they go
	 * to the neighbours with the halos), the whole volume's values, so that a later step takes them instead of
	 * forming them again (a forward and back projection of every angle per job); least squares keeps the 5 alone.
	 */
	@Test
	void aWeightedSubsetStateCarriesTheStepFactorsOfItsOwnSlices() {
		int w = 6, h = 7;
		double[] angles = { -45, -15, 15, 45 };
		TiltSeries b = TiltSeries.zeros(new TiltGeometry(w, h, angles));
		for (int i = 0; i < b.data().length; i++)
			b.data()[i] = 1 + (i * 7919 % 13) / 13f;
		List<SlabExtent> extents = SlabExtent.of(Slab.split(h, 2), h, 2, 3);
		SlabTv.Problem weighted = new SlabTv.Problem(w, h, w, angles, 0.5, 1, true, 1, 40, 1, 2), leastSquares = new SlabTv.Problem(w, h, w, angles, 0.5, 1, true, 0, 40, 1, 2);
		Slab own = extents.get(1).slab();
		SlabTv first = SlabTv.start(extents.get(1), weighted, b).next(List.of());
		assertEquals(SlabTv.STEP_FACTORS + 1, first.volumes().length);
		VolumeGeometry volume = new VolumeGeometry(w, h, w);
		TvReconstruction tv = new TvReconstruction(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), weighted.options(), Parallelism.SERIAL).withOrderedSubsets(2,
			idx -> Projectors.create(volume, b.geometry().subset(idx), Parallelism.SERIAL));
		float[] whole = tv.new SubsetSteps(b, null, weighted.lipschitz()).stepFactors();
		assertArrayEquals(SlabRows.copy(whole, w, h, own.from(), own.to()), first.volumes()[SlabTv.STEP_FACTORS]);
		assertEquals(SlabTv.STEP_FACTORS, SlabTv.start(extents.get(1), leastSquares, b).next(List.of()).volumes().length);
	}

	private static float[][] copy(float[][] a) {
		List<float[]> c = new ArrayList<>();
		for (float[] x : a)
			c.add(x.clone());
		return c.toArray(float[][]::new);
	}
}
