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
	void phantom_rejectsOutOfRangeValues() {
		Volume v = Volume.zeros(VolumeGeometry.cube(4));
		v.set(1, 2, 3, 1.5f);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Phantom("bad", Map.of("Fe", v)));
		assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("Fe"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Phantom("bad", Map.of("Xx", Volume.zeros(VolumeGeometry.cube(4)))));
		assertFalse(new Phantom("ok", Map.of("Fe", Volume.zeros(VolumeGeometry.cube(4)))).elements().isEmpty());
	}
}
