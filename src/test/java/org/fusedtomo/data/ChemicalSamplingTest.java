package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

class ChemicalSamplingTest {

	private static TiltSeries series(int w, int h, Calibration c) {
		return new TiltSeries(ArrayImgs.floats(w, h, 2), new double[] { -30, 30 }, c);
	}

	@Test
	void of_takesTheFactorFromThePixelSizes() {
		TiltSeries haadf = series(64, 48, new Calibration(0.5, "nm"));
		assertEquals(new ChemicalSampling(2, 0, 0), ChemicalSampling.of(haadf, series(32, 24, new Calibration(1, "nm"))));
		assertEquals(new ChemicalSampling(4, 0, 0), ChemicalSampling.of(haadf, series(10, 12, new Calibration(2.0015, "nm"))));
		assertEquals(ChemicalSampling.FULL, ChemicalSampling.of(haadf, series(64, 48, new Calibration(0.5, "nm"))));
		assertEquals(ChemicalSampling.FULL, ChemicalSampling.of(haadf, series(64, 48, new Calibration(0.505, "nm"))), "calibrations a per cent apart");
		assertEquals(ChemicalSampling.FULL, ChemicalSampling.of(series(8, 8, Calibration.PIXEL), series(8, 8, Calibration.PIXEL)));
	}

	@Test
	void of_refusesARatioThatIsNoWholeNumberAWindowOutsideAndUnknownPixelSizes() {
		TiltSeries haadf = series(64, 48, new Calibration(1, "nm"));
		IllegalArgumentException ratio = assertThrows(IllegalArgumentException.class, () -> ChemicalSampling.of(haadf, series(40, 32, new Calibration(1.5, "nm"))));
		assertTrue(ratio.getMessage().contains("1.5"), ratio.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ChemicalSampling.of(haadf, series(40, 32, new Calibration(2.01, "nm"))));
		IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> ChemicalSampling.of(haadf, series(64, 48, new Calibration(2, "nm"))));
		assertTrue(outside.getMessage().contains("outside"), outside.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ChemicalSampling.of(haadf, series(32, 24, Calibration.PIXEL)));
	}

	@Test
	void parse_readsFactorAndOrigin() {
		assertEquals(new ChemicalSampling(3, 0, 0), ChemicalSampling.parse("3"));
		assertEquals(new ChemicalSampling(4, 16, 8), ChemicalSampling.parse(" 4, 16,8 "));
		assertEquals(new ChemicalSampling(4, 16, 8), ChemicalSampling.parse(new ChemicalSampling(4, 16, 8).spec()));
		for (String bad : new String[] { "1.5", "2,3", "", "0", "2,-1,0", "x" })
			assertThrows(IllegalArgumentException.class, () -> ChemicalSampling.parse(bad), bad);
	}

	@Test
	void checkFits_acceptsTheLastWindowThatFits() {
		new ChemicalSampling(3, 1, 2).checkFits(31, 17, 10, 5);
		assertThrows(IllegalArgumentException.class, () -> new ChemicalSampling(3, 2, 2).checkFits(31, 17, 10, 5));
		assertThrows(IllegalArgumentException.class, () -> new ChemicalSampling(3, 1, 3).checkFits(31, 17, 10, 5));
	}

	@Test
	void multiModalSeries_holdsEachSamplingAndKeepsItForSubsets() {
		TiltSeries haadf = series(16, 16, Calibration.PIXEL);
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		chem.put("Co", series(4, 4, Calibration.PIXEL));
		chem.put("O", series(16, 16, Calibration.PIXEL));
		MultiModalSeries s = new MultiModalSeries(haadf, chem, Map.of("Co", new ChemicalSampling(2, 8, 6)));
		assertEquals(new ChemicalSampling(2, 8, 6), s.sampling("Co"));
		assertEquals(ChemicalSampling.FULL, s.sampling("O"));
		assertEquals(16, s.width());
		MultiModalSeries subset = s.with(haadf.subset(new int[] { 1 }), Map.of("Co", chem.get("Co").subset(new int[] { 0 })));
		assertEquals(new ChemicalSampling(2, 8, 6), subset.sampling("Co"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(haadf, chem, Map.of("Co", new ChemicalSampling(2, 10, 0))));
		assertTrue(e.getMessage().startsWith("Chemical series of element Co: "), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new MultiModalSeries(haadf, chem));
	}
}
