package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.JointTvProx;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.recon.TvProx;
import org.junit.jupiter.api.Test;

/**
 * The halo widths of {@link SlabTv} hold for every TV prox the fused solvers use, not only plain FGP: the
 * HAADF-guided prox ({@link TvGuide}, its directions cut from the whole guide) and the joint prox of several
 * elements read the same neighbours (x at y reads the dual at y − 1, the dual at y reads x at y + 1). A slab
 * that holds k + 1 slices below and k + 2 above gets the whole volume's prox on its own slices bit for bit,
 * from a cold and from a warm dual; one slice fewer below does not.
 */
class SlabTvProxHaloTest {

	private static final int N = 12, SLICES = 16, K = 3;
	private static final VolumeGeometry WHOLE = new VolumeGeometry(N, SLICES, N);

	private static Volume random(long seed, float scale) {
		Random r = new Random(seed);
		Volume v = Volume.zeros(WHOLE);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] = r.nextFloat() * scale + (i / N % 4 == 0 ? scale : 0);
		return v;
	}

	/** Slices [lo, hi) of a whole-volume array as a volume. */
	private static Volume rows(float[] whole, int lo, int hi) {
		return new Volume(ArrayImgs.floats(SlabRows.copy(whole, N, SLICES, lo, hi), N, hi - lo, N), Calibration.PIXEL);
	}

	@Test
	void plainAndGuidedProxOnSlabsEqualTheWholeVolume() {
		Volume v = random(1, 2), u = random(2, 5);
		TvGuide guide = TvGuide.of(u, 0.9, 0.05);
		for (TvGuide g : Arrays.asList(null, guide)) {
			TvProx prox = new TvProx(0.4, K, Parallelism.SERIAL, g);
			// A warm dual: one call on the whole volume from cold.
			TvProx.Dual warm = new TvProx.Dual(WHOLE);
			prox.apply(v, warm, v.zerosLike());
			Volume expected = v.zerosLike();
			TvProx.Dual dual = new TvProx.Dual(WHOLE);
			copy(warm.arrays(), dual.arrays());
			prox.apply(v, dual, expected);
			for (Slab s : Slab.split(SLICES, 5)) {
				int lo = Math.max(0, s.from() - SlabTv.haloBelow(K)), hi = Math.min(SLICES, s.to() + SlabTv.haloAbove(K));
				Volume slab = slabProx(v, warm, g, s, lo, hi);
				assertArrayEquals(SlabRows.copy(expected.data(), N, SLICES, s.from(), s.to()), SlabRows.copy(slab.data(), N, hi - lo, s.from() - lo, s.to() - lo),
					(g == null ? "plain" : "guided") + " prox on " + s);
			}
			// One slice fewer below is not exact on some slab.
			boolean differs = false;
			for (Slab s : Slab.split(SLICES, 5)) {
				int lo = Math.max(0, s.from() - K), hi = Math.min(SLICES, s.to() + SlabTv.haloAbove(K));
				differs |= !Arrays.equals(SlabRows.copy(expected.data(), N, SLICES, s.from(), s.to()), SlabRows.copy(slabProx(v, warm, g, s, lo, hi).data(), N, hi - lo, s.from() - lo, s.to() - lo));
			}
			assertTrue(differs, "a halo of k slices below should not be exact");
		}
	}

	/** The prox on slices [lo, hi) from the whole dual's rows there. */
	private static Volume slabProx(Volume v, TvProx.Dual wholeDual, TvGuide g, Slab s, int lo, int hi) {
		TvProx prox = new TvProx(0.4, K, Parallelism.SERIAL, g == null ? null : g.slices(lo, hi));
		Volume in = rows(v.data(), lo, hi), out = in.zerosLike();
		TvProx.Dual dual = new TvProx.Dual(in.geometry());
		for (int c = 0; c < 3; c++)
			System.arraycopy(SlabRows.copy(wholeDual.arrays()[c], N, SLICES, lo, hi), 0, dual.arrays()[c], 0, dual.arrays()[c].length);
		prox.apply(in, dual, out);
		return out;
	}

	@Test
	void jointGuidedProxOnSlabsEqualsTheWholeVolume() {
		List<Volume> v = List.of(random(3, 1), random(4, 3));
		TvGuide guide = TvGuide.of(random(5, 4), 0.9, 0.05);
		double[] scales = { 1, 2 }, metric = { 1.5, 0.7 };
		List<Volume> expected = new JointTvProx(0.3, scales, K, Parallelism.SERIAL, guide).apply(v, metric);
		for (Slab s : Slab.split(SLICES, 5)) {
			int lo = Math.max(0, s.from() - SlabTv.haloBelow(K)), hi = Math.min(SLICES, s.to() + SlabTv.haloAbove(K));
			List<Volume> in = new ArrayList<>();
			for (Volume e : v)
				in.add(rows(e.data(), lo, hi));
			List<Volume> slab = new JointTvProx(0.3, scales, K, Parallelism.SERIAL, guide.slices(lo, hi)).apply(in, metric);
			for (int e = 0; e < v.size(); e++)
				assertArrayEquals(SlabRows.copy(expected.get(e).data(), N, SLICES, s.from(), s.to()), SlabRows.copy(slab.get(e).data(), N, hi - lo, s.from() - lo, s.to() - lo),
					"joint prox, element " + e + " on " + s);
		}
	}

	private static void copy(float[][] from, float[][] to) {
		for (int i = 0; i < from.length; i++)
			System.arraycopy(from[i], 0, to[i], 0, from[i].length);
	}
}
