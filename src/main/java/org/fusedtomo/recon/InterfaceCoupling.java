package org.fusedtomo.recon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;

/**
 * Which elements to couple by joint TV ({@link JointTvProx}), from the data: those that meet at interfaces, where one
 * element gives way to the other. For two element volumes a, b the score is the opposition of their gradients,
 *
 * <pre>
 * o(a, b) = −Σ_voxels ∇a · ∇b / √(Σ |∇a|² Σ |∇b|²)   in [−1, 1],
 * </pre>
 *
 * on each volume after a light (guided) TV denoising ({@link #SMOOTHING} of its maximum): 1 where every edge of a is an
 * edge of b of the opposite sign (a core of a in a shell of b), −1 where the two rise and fall together (elements
 * that overlap, as a metal and its oxide), near 0 for unrelated maps. Pairs above {@link #THRESHOLD} are coupled, and
 * coupled pairs that share an element join one group. Why opposition and not edge agreement alone: joint TV lets an
 * element jump cheaply where its partner jumps, which sharpens a shared interface but puts ghost edges into an element
 * that overlaps its partner without that edge (core-shell Mn–O, docs/fused-study.md, fifth round).
 */
public final class InterfaceCoupling {

	/**
	 * Pairs with an opposition above this are coupled: chosen on core-shell seed 1 (5, 20, 80 counts: the Co–Mn
	 * interface scores 0.20–0.34, the other pairs −0.95 to −0.01), half-way between 0 and the lowest interface score.
	 */
	public static final double THRESHOLD = 0.1;
	/** TV weight of the denoising before the score, relative to each volume's maximum. */
	public static final double SMOOTHING = 0.1;
	/** FGP iterations of that denoising: 20 and 50 give scores within 0.01 on core-shell seed 1 and layered-particles seed 11 (the same groups). */
	public static final int SMOOTHING_ITERATIONS = 20;

	private InterfaceCoupling() {}

	/** The opposition o(a, b) of the class comment, on the volumes as given (forward differences, 0 across the far faces); 0 when either is flat. */
	public static double opposition(Volume a, Volume b) {
		if (!a.geometry().equals(b.geometry()))
			throw new IllegalArgumentException("Opposition needs two volumes of one size, got " + a.geometry() + " and " + b.geometry());
		int nx = a.width(), ny = a.height(), nz = a.depth(), plane = nx * ny;
		float[] da = a.data(), db = b.data();
		double dot = 0, aa = 0, bb = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0, at = nx * (y + ny * z); i < nx; i++, at++) {
					double va = da[at], vb = db[at];
					double ax = i < nx - 1 ? da[at + 1] - va : 0, ay = y < ny - 1 ? da[at + nx] - va : 0, az = z < nz - 1 ? da[at + plane] - va : 0;
					double bx = i < nx - 1 ? db[at + 1] - vb : 0, by = y < ny - 1 ? db[at + nx] - vb : 0, bz = z < nz - 1 ? db[at + plane] - vb : 0;
					dot += ax * bx + ay * by + az * bz;
					aa += ax * ax + ay * ay + az * az;
					bb += bx * bx + by * by + bz * bz;
				}
		return aa > 0 && bb > 0 ? -dot / Math.sqrt(aa * bb) : 0;
	}

	/** o of every pair (i &lt; j) of {@code x} after the denoising, as a symmetric matrix (0 on the diagonal). */
	public static double[][] oppositions(List<Volume> x, TvGuide guide, Parallelism parallelism) {
		List<Volume> smooth = new ArrayList<>(x.size());
		for (Volume v : x) {
			float max = FloatArrays.max(v.data());
			smooth.add(max > 0 ? new TvProx(SMOOTHING * max, SMOOTHING_ITERATIONS, parallelism, guide).apply(v) : v);
		}
		int n = x.size();
		double[][] o = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				o[i][j] = o[j][i] = opposition(smooth.get(i), smooth.get(j));
		return o;
	}

	/**
	 * The groups of {@code x}'s elements, each its element indices in increasing order, groups by their first element:
	 * the connected components of the pairs whose opposition exceeds {@link #THRESHOLD}; an element coupled to none is
	 * a group of its own.
	 */
	public static int[][] groups(List<Volume> x, TvGuide guide, Parallelism parallelism) {
		return groups(oppositions(x, guide, parallelism), THRESHOLD);
	}

	/** The connected components of the pairs of {@code scores} above {@code threshold} (see {@link #groups(List, TvGuide, Parallelism)}). */
	public static int[][] groups(double[][] scores, double threshold) {
		int n = scores.length;
		int[] root = new int[n];
		for (int i = 0; i < n; i++)
			root[i] = i;
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				if (scores[i][j] > threshold) {
					int ri = find(root, i), rj = find(root, j);
					root[Math.max(ri, rj)] = Math.min(ri, rj);
				}
		List<int[]> groups = new ArrayList<>();
		for (int i = 0; i < n; i++)
			if (find(root, i) == i) {
				int r = i;
				groups.add(java.util.stream.IntStream.range(0, n).filter(e -> find(root, e) == r).toArray());
			}
		return groups.toArray(int[][]::new);
	}

	private static int find(int[] root, int i) {
		while (root[i] != i)
			i = root[i];
		return i;
	}

	/** Whether {@code groups} has a group of more than one element. */
	public static boolean couples(int[][] groups) {
		return Arrays.stream(groups).anyMatch(g -> g.length > 1);
	}
}
