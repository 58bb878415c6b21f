package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class MultiModalSeriesTest {

	private static TiltSeries series(int w, int h, double... angles) {
		return TiltSeries.zeros(new TiltGeometry(w, h, angles));
	}

	@Test
	void constructor_keepsElementOrderAndOwnAngles() {
		TiltSeries haadf = series(8, 4, -60, 0, 60);
		LinkedHashMap<String, TiltSeries> chem = new LinkedHashMap<>();
		chem.put("O", series(8, 4, -45, 45));
		chem.put("Co", series(8, 4, 7.5));
		chem.put("Mn", series(8, 4, -45, 45));
		MultiModalSeries s = new MultiModalSeries(haadf, chem);
		assertEquals(List.of("O", "Co", "Mn"), s.elements());
		assertEquals(3, s.elementCount());
		assertSame(haadf, s.haadf());
		assertEquals(7.5, s.chemical("Co").angleDeg(0));
		assertEquals(8, s.width());
		assertEquals(4, s.height());
	}

	@Test
	void constructor_copiesTheMap() {
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		chem.put("Au", series(4, 4, 0));
		MultiModalSeries s = new MultiModalSeries(series(4, 4, 0), chem);
		chem.put("Ti", series(4, 4, 0));
		assertEquals(List.of("Au"), s.elements());
	}

	@Test
	void constructor_rejectsBadInput() {
		TiltSeries haadf = series(8, 4, 0);
		assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(null, Map.of("O", series(8, 4, 0))));
		assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(haadf, Map.of()));
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(haadf, Map.of("Xx", series(8, 4, 0))));
		assertTrue(unknown.getMessage().contains("Xx"), unknown.getMessage());
		IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(haadf, Map.of("O", series(8, 5, 0))));
		assertTrue(size.getMessage().contains("8 x 5") && size.getMessage().contains("O"), size.getMessage());
		assertThrows(IllegalArgumentException.class, () -> s(haadf).chemical("Fe"));
	}

	@Test
	void binned_isKeptByWithAndRefusedBelowOne() {
		MultiModalSeries s = s(series(8, 4, 0));
		assertEquals(1, s.binning("O"));
		MultiModalSeries b = s.binned(4);
		assertEquals(4, b.binning("O"));
		assertEquals(4, b.with(series(8, 4, 0, 30), Map.of("O", series(8, 4, 0))).binning("O"));
		assertSame(s.haadf(), b.haadf());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.binned(0));
		assertTrue(e.getMessage().contains("Binning"), e.getMessage());
	}

	@Test
	void binned_perElementMultiplies() {
		Map<String, TiltSeries> chem = new java.util.LinkedHashMap<>();
		chem.put("O", series(8, 4, 0));
		chem.put("Fe", series(8, 4, 0));
		MultiModalSeries s = new MultiModalSeries(series(8, 4, 0), chem).binned(Map.of("O", 2));
		assertEquals(2, s.binning("O"));
		assertEquals(1, s.binning("Fe"));
		// --bin 2 on a file written binned 2 x 2: 4 x 4 recorded pixels per value.
		assertEquals(4, s.binned(2).binning("O"));
		assertEquals(2, s.binned(2).binning("Fe"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.binned(Map.of("Co", 2)));
		assertTrue(e.getMessage().contains("Co"), e.getMessage());
	}

	private static MultiModalSeries s(TiltSeries haadf) {
		return new MultiModalSeries(haadf, Map.of("O", series(8, 4, 0)));
	}
}
