package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhantomsTest {

	static final List<VolumeGeometry> SIZES = List.of(VolumeGeometry.cube(32), new VolumeGeometry(40, 24, 28), VolumeGeometry.cube(16));

	static List<String> names() {
		return Phantoms.names();
	}

	@ParameterizedTest
	@MethodSource("names")
	void create_sameSeedGivesIdenticalVolumes(String name) {
		for (VolumeGeometry g : SIZES) {
			Phantom a = Phantoms.create(name, g, 42), b = Phantoms.create(name, g, 42);
			assertEquals(a.elements(), b.elements());
			for (String e : a.elements())
				assertArrayEquals(a.density(e).data(), b.density(e).data(), name + " " + e + " " + g);
		}
	}

	@ParameterizedTest
	@MethodSource("names")
	void create_differentSeedGivesDifferentVolumes(String name) {
		VolumeGeometry g = VolumeGeometry.cube(32);
		Phantom a = Phantoms.create(name, g, 1), b = Phantoms.create(name, g, 2);
		boolean differ = false;
		for (String e : a.elements())
			differ |= !Arrays.equals(a.density(e).data(), b.density(e).data());
		assertTrue(differ, name + " did not change with the seed");
	}

	@ParameterizedTest
	@MethodSource("names")
	void create_valuesInUnitIntervalAndInsideSupport(String name) {
		for (VolumeGeometry g : SIZES) {
			Phantom p = Phantoms.create(name, g, 7);
			assertEquals(g, p.geometry());
			for (String e : p.elements()) {
				Volume v = p.density(e);
				double sum = 0;
				boolean fractional = false;
				for (int z = 0; z < g.depth(); z++)
					for (int y = 0; y < g.height(); y++)
						for (int x = 0; x < g.width(); x++) {
							float value = v.get(x, y, z);
							assertTrue(value >= 0 && value <= 1, name + " " + e + " value " + value);
							if (value != 0)
								assertTrue(Phantoms.insideSupport(g, x, y, z), name + " " + e + " non-zero outside the support at " + x + "," + y + "," + z + " in " + g);
							fractional |= value > 0 && value < 0.3;
							sum += value;
						}
				assertTrue(sum > 1, name + " " + e + " is empty in " + g);
				// Anti-aliased edges leave partly covered voxels.
				assertTrue(fractional, name + " " + e + " has no partial voxels in " + g);
			}
		}
	}

	@Test
	void create_elementsPerPhantom() {
		VolumeGeometry g = VolumeGeometry.cube(24);
		assertEquals(List.of("Co", "Mn", "O"), Phantoms.create(Phantoms.CORE_SHELL, g, 0).elements());
		assertEquals(List.of("Au", "Ti", "O"), Phantoms.create(Phantoms.AU_ON_SUPPORT, g, 0).elements());
		assertEquals(List.of("Al", "Fe", "Ag"), Phantoms.create(Phantoms.BLOBS, g, 0).elements());
		assertEquals(List.of("Au", "Fe", "Si"), Phantoms.create(Phantoms.SHELL_CAP_ROD, g, 0).elements());
	}

	@Test
	void create_rejectsUnknownNameAndTinyVolume() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Phantoms.create("shepp", VolumeGeometry.cube(32), 0));
		assertTrue(e.getMessage().contains("shepp") && e.getMessage().contains(Phantoms.CORE_SHELL), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Phantoms.create(Phantoms.BLOBS, new VolumeGeometry(32, 8, 32), 0));
		assertTrue(e.getMessage().contains("32 x 8 x 32"), e.getMessage());
	}

	@Test
	void coreShell_hasStoichiometricCoreAndShell() {
		Phantom p = Phantoms.coreShell(VolumeGeometry.cube(40), 3);
		float[] co = p.density("Co").data(), mn = p.density("Mn").data(), o = p.density("O").data();
		int core = 0, shell = 0;
		for (int i = 0; i < co.length; i++) {
			assertTrue(co[i] == 0 || mn[i] < 3f / 7, "a fully covered voxel is either core or shell");
			if (co[i] == 0.5f) {
				core++;
				assertEquals(0.5f, o[i], 1e-6f);
				assertEquals(0, mn[i], 1e-6f);
			}
			if (mn[i] == 3f / 7) {
				shell++;
				assertEquals(4f / 7, o[i], 1e-6f);
			}
		}
		assertTrue(core > 10 && shell > 10, "core " + core + " shell " + shell);
	}

	@Test
	void auOnSupport_goldReplacesOxide() {
		Phantom p = Phantoms.auOnSupport(VolumeGeometry.cube(48), 5);
		float[] au = p.density("Au").data(), ti = p.density("Ti").data(), o = p.density("O").data();
		int gold = 0;
		for (int i = 0; i < au.length; i++) {
			assertEquals(2 * ti[i], o[i], 1e-6, "TiO2 stoichiometry");
			assertTrue(au[i] + 3 * ti[i] <= 1 + 1e-6, "gold and oxide share a voxel by volume fraction");
			if (au[i] == 1)
				gold++;
		}
		assertTrue(gold > 10, "gold voxels " + gold);
	}

	@Test
	void blobs_totalConcentrationAtMostOne() {
		Phantom p = Phantoms.blobs(VolumeGeometry.cube(32), 11);
		Map<String, Volume> d = p.densities();
		float[] a = d.get("Al").data(), f = d.get("Fe").data(), s = d.get("Ag").data();
		boolean mixed = false;
		for (int i = 0; i < a.length; i++) {
			assertTrue(a[i] + f[i] + s[i] <= 1 + 1e-5, "sum at " + i);
			mixed |= (a[i] > 0 ? 1 : 0) + (f[i] > 0 ? 1 : 0) + (s[i] > 0 ? 1 : 0) >= 2;
		}
		assertTrue(mixed, "some voxels mix two elements");
	}

	@Test
	void shellCapRod_hollowFeShellWithAuCapOnOneSide() {
		int n = 64;
		for (long seed = 1; seed <= 5; seed++) {
			Phantom p = Phantoms.shellCapRod(VolumeGeometry.cube(n), seed);
			Volume fe = p.density("Fe"), au = p.density("Au"), si = p.density("Si");
			double[] c = centroid(fe, v -> v > 0);
			int cx = (int) Math.round(c[0]), cy = (int) Math.round(c[1]), cz = (int) Math.round(c[2]);
			String where = "seed " + seed + " centre " + cx + "," + cy + "," + cz;
			assertEquals(0, fe.get(cx, cy, cz) + au.get(cx, cy, cz) + si.get(cx, cy, cz), "nothing inside the shell, " + where);
			// Along each axis from the centre: empty for a few voxels, then a wall a few voxels thick.
			int[][] rays = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
			for (int[] d : rays) {
				int first = -1, wall = 0;
				for (int k = 0; k < n / 4; k++) {
					float v = fe.get(cx + k * d[0], cy + k * d[1], cz + k * d[2]);
					if (v > 0 && first < 0)
						first = k;
					if (v > 0)
						wall++;
				}
				assertTrue(first >= 3, "hollow for at least 3 voxels, got " + first + ", " + where);
				assertTrue(wall >= 2 && wall <= 7, "wall of " + wall + " voxels, " + where);
			}
			// Au in 6-connected pieces: exactly one touches the Fe (the cap), on one side of the shell's centre;
			// the others are small satellites.
			List<List<int[]>> pieces = components(au);
			List<int[]> cap = null;
			int satellites = 0;
			for (List<int[]> piece : pieces) {
				boolean touches = false;
				int[] lo = { n, n, n }, hi = { -1, -1, -1 };
				for (int[] v : piece) {
					for (int[] d : rays)
						touches |= fe.get(v[0] + d[0], v[1] + d[1], v[2] + d[2]) > 0;
					for (int i = 0; i < 3; i++) {
						lo[i] = Math.min(lo[i], v[i]);
						hi[i] = Math.max(hi[i], v[i]);
					}
				}
				if (touches) {
					assertTrue(cap == null, "one Au piece touches the shell, " + where);
					cap = piece;
				} else {
					satellites++;
					for (int i = 0; i < 3; i++)
						assertTrue(hi[i] - lo[i] + 1 <= 6, "a satellite spans " + (hi[i] - lo[i] + 1) + " voxels, " + where);
				}
			}
			assertTrue(cap != null && cap.size() > 30, "a cap on the shell, " + where);
			assertTrue(satellites >= 3, "satellites " + satellites + ", " + where);
			double[] a = new double[3];
			for (int[] v : cap)
				for (int i = 0; i < 3; i++)
					a[i] += (v[i] - c[i]) / cap.size();
			for (int[] v : cap)
				assertTrue((v[0] - c[0]) * a[0] + (v[1] - c[1]) * a[1] + (v[2] - c[2]) * a[2] > 0, "cap voxel on the far side, " + where);
		}
	}

	@Test
	void shellCapRod_siRodIsThinAndLong() {
		int n = 64;
		for (long seed = 1; seed <= 5; seed++) {
			Volume si = Phantoms.shellCapRod(VolumeGeometry.cube(n), seed).density("Si");
			List<int[]> voxels = new java.util.ArrayList<>();
			for (int z = 0; z < n; z++)
				for (int y = 0; y < n; y++)
					for (int x = 0; x < n; x++)
						if (si.get(x, y, z) > 0)
							voxels.add(new int[] { x, y, z });
			int[] a = null, b = null;
			double length = 0;
			for (int[] u : voxels)
				for (int[] v : voxels) {
					double d = Math.hypot(Math.hypot(u[0] - v[0], u[1] - v[1]), u[2] - v[2]);
					if (d > length) {
						length = d;
						a = u;
						b = v;
					}
				}
			String where = "seed " + seed;
			assertTrue(length >= 0.25 * n, "rod length " + length + ", " + where);
			// Thin: every voxel within 3.5 of the line between its ends (radius at most 0.022 n = 1.4, plus a voxel's reach), so
			// at most about 40 voxels per unit of length (a 3.5-radius disc); a 2-3 voxel rod has about 10.
			for (int[] v : voxels) {
				double[] t = { v[0] - a[0], v[1] - a[1], v[2] - a[2] }, e = { (b[0] - a[0]) / length, (b[1] - a[1]) / length, (b[2] - a[2]) / length };
				double along = t[0] * e[0] + t[1] * e[1] + t[2] * e[2];
				double off = Math.sqrt(Math.max(0, t[0] * t[0] + t[1] * t[1] + t[2] * t[2] - along * along));
				assertTrue(off <= 3.5, "Si voxel " + off + " from the rod's axis, " + where);
			}
			assertTrue(voxels.size() <= 15 * length, voxels.size() + " Si voxels over a length of " + length + ", " + where);
		}
	}

	@Test
	void shellCapRod_sameSpecimenAtTwoSizes() {
		// Sizes are fractions of the volume: the fraction of the volume each of Fe and Si fills is the same at 64³
		// and 128³ (Au less so: the satellites keep a clearance of one voxel, not a fraction).
		for (long seed = 1; seed <= 3; seed++) {
			Phantom small = Phantoms.shellCapRod(VolumeGeometry.cube(64), seed), large = Phantoms.shellCapRod(VolumeGeometry.cube(128), seed);
			for (String e : List.of("Fe", "Si")) {
				double s = sum(small.density(e)) / (64.0 * 64 * 64), l = sum(large.density(e)) / (128.0 * 128 * 128);
				assertEquals(s, l, 0.03 * s, e + " seed " + seed);
			}
		}
	}

	private static double sum(Volume v) {
		double s = 0;
		for (float x : v.data())
			s += x;
		return s;
	}

	private static double[] centroid(Volume v, java.util.function.DoublePredicate keep) {
		VolumeGeometry g = v.geometry();
		double[] c = new double[3];
		double m = 0;
		for (int z = 0; z < g.depth(); z++)
			for (int y = 0; y < g.height(); y++)
				for (int x = 0; x < g.width(); x++) {
					float w = v.get(x, y, z);
					if (!keep.test(w))
						continue;
					c[0] += w * x;
					c[1] += w * y;
					c[2] += w * z;
					m += w;
				}
		return new double[] { c[0] / m, c[1] / m, c[2] / m };
	}

	/** The 6-connected pieces of the non-zero voxels. */
	private static List<List<int[]>> components(Volume v) {
		VolumeGeometry g = v.geometry();
		int w = g.width(), h = g.height(), d = g.depth();
		boolean[] seen = new boolean[w * h * d];
		List<List<int[]>> pieces = new java.util.ArrayList<>();
		int[][] steps = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					if (seen[x + w * (y + h * z)] || v.get(x, y, z) == 0)
						continue;
					List<int[]> piece = new java.util.ArrayList<>();
					java.util.ArrayDeque<int[]> queue = new java.util.ArrayDeque<>();
					queue.add(new int[] { x, y, z });
					seen[x + w * (y + h * z)] = true;
					while (!queue.isEmpty()) {
						int[] p = queue.poll();
						piece.add(p);
						for (int[] s : steps) {
							int a = p[0] + s[0], b = p[1] + s[1], c = p[2] + s[2];
							if (a < 0 || b < 0 || c < 0 || a >= w || b >= h || c >= d || seen[a + w * (b + h * c)] || v.get(a, b, c) == 0)
								continue;
							seen[a + w * (b + h * c)] = true;
							queue.add(new int[] { a, b, c });
						}
					}
					pieces.add(piece);
				}
		return pieces;
	}

	@Test
	void phantom_rejectsOutOfRangeValues() {
		Volume v = Volume.zeros(VolumeGeometry.cube(4));
		v.set(1, 2, 3, 1.5f);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Phantom("bad", Map.of("Fe", v)));
		assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("Fe"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Phantom("bad", Map.of("Xx", Volume.zeros(VolumeGeometry.cube(4)))));
		assertFalse(new Phantom("ok", Map.of("Fe", Volume.zeros(VolumeGeometry.cube(4)))).elements().isEmpty());
	}
}
