package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * An alignment.json must fit the series it aligns (issue 19, item 7): its angles are that series' tilts,
 * repeats included; its shifts stay within the image; its axis rotation within half a turn.
 */
class AlignmentFitsSeriesTest {

	static final Path JSON = Path.of("alignment.json"), SERIES = Path.of("HAADF.tif");

	static TiltSeries series(double... angles) {
		return TiltSeries.zeros(new TiltGeometry(32, 24, angles));
	}

	static String refused(Alignment a, TiltSeries s) {
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> AlignmentJson.checkFits(a, JSON, s, SERIES));
		assertTrue(e.getMessage().startsWith("alignment.json: "), e.getMessage());
		assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
		return e.getMessage();
	}

	@Test
	void checkFits_acceptsItsOwnSeriesInAnyOrderAndWithMatchingRepeats() {
		AlignmentJson.checkFits(Alignment.identity(new double[] { -30, 0, 30 }), JSON, series(30, -30, 0), SERIES);
		// NB: repeated tilts are data (geometry.RepeatedTilts): an alignment with the same repeats fits.
		AlignmentJson.checkFits(Alignment.identity(new double[] { -30, 0, 0, 30 }), JSON, series(-30, 0, 0, 30), SERIES);
		AlignmentJson.checkFits(Alignment.identity(new double[] { -30.004, 0, 30.01 }), JSON, series(-30, 0, 30), SERIES);
	}

	@Test
	void checkFits_refusesAnotherSeriesAngles() {
		String m = refused(Alignment.identity(new double[] { -40, 0, 40 }), series(-30, 0, 30));
		assertTrue(m.contains("angle -40.0 deg (sorted entry 1) is not a tilt of HAADF.tif") && m.contains("another series"), m);
		m = refused(Alignment.identity(new double[] { -30, 0, 30, 60 }), series(-30, 0, 30));
		assertTrue(m.contains("holds 4 angles but HAADF.tif has 3 projections"), m);
	}

	@Test
	void checkFits_refusesDuplicateAnglesTheSeriesDoesNotRepeat() {
		String m = refused(Alignment.identity(new double[] { -30, 0, 0, 30 }), series(-30, 0, 15, 30));
		assertTrue(m.contains("angle 0.0 deg (sorted entry 3)") && m.contains("1 repeated"), m);
	}

	@Test
	void checkFits_refusesShiftsBeyondTheImage() {
		Alignment a = Alignment.identity(new double[] { -30, 0, 30 }).withShifts(new double[] { 0, 1e9, 0 }, new double[3], "test");
		assertTrue(refused(a, series(-30, 0, 30)).contains("shift (1.0E9, 0.0) px at tilt 0.0 deg moves the image beyond its 32 x 24 pixels"));
		Alignment b = Alignment.identity(new double[] { -30, 0, 30 }).withShifts(new double[3], new double[] { 0, 0, -25 }, "test");
		assertTrue(refused(b, series(-30, 0, 30)).contains("shift (0.0, -25.0) px"));
		Alignment c = Alignment.identity(new double[] { -30, 0, 30 }).withAxis(0, 1e9, "test");
		assertTrue(refused(c, series(-30, 0, 30)).contains("axisOffsetPx 1.0E9"));
	}

	@Test
	void parse_refusesAnAxisRotationBeyondHalfATurn() {
		String json = AlignmentJson.toJson(new Alignment(new double[] { 0 }, new double[1], new double[1], 1e9, 0, List.of()));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlignmentJson.fromJson(json, "axis.json"));
		assertTrue(e.getMessage().startsWith("axis.json: axisRotationDeg 1.0E9 lies outside [-180, 180] deg"), e.getMessage());
	}
}
