package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignmentTest {

	@TempDir
	Path dir;

	static Alignment sample() {
		return new Alignment(new double[] { -30, 0, 30 }, new double[] { 1.5, -2, 0.25 }, new double[] { 0, 3, -1 }, 2.0, -3.5,
			List.of("centre-of-mass", "tilt-axis"));
	}

	@Test
	void alignmentJson_roundTripsThroughFile() {
		Alignment a = sample();
		Path file = dir.resolve("alignment.json");
		AlignmentJson.save(a, file);
		Alignment b = AlignmentJson.load(file);
		assertEquals(a, b);
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left behind");
		}
		catch (java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void alignmentJson_rejectsBadInputWithClearMessages() {
		String good = AlignmentJson.toJson(sample());
		IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class, () -> AlignmentJson.fromJson("{ \"anglesDeg\": [1, ", "a.json"));
		assertTrue(syntax.getMessage().startsWith("a.json: not valid JSON"), syntax.getMessage());
		IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
			() -> AlignmentJson.fromJson(good.replace("\"dyPx\": [", "\"dyPx\": [7.0, "), "b.json"));
		assertTrue(sizes.getMessage().contains("one entry per projection"), sizes.getMessage());
		IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
			() -> AlignmentJson.fromJson(good.replace("\"axisOffsetPx\": -3.5", "\"axisOffsetPx\": NaN"), "c.json"));
		assertTrue(nan.getMessage().contains("axisOffsetPx"), nan.getMessage());
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
			() -> AlignmentJson.fromJson("{\"anglesDeg\": [0], \"dxPx\": [0]}", "d.json"));
		assertTrue(missing.getMessage().contains("dyPx"), missing.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Alignment(new double[] { 0 }, new double[] { Double.NaN }, new double[] { 0 }, 0, 0, List.of()));
	}

	@Test
	void alignmentJson_loadNamesTheFileAndSaveProtectsInputs() throws java.io.IOException {
		Path bad = dir.resolve("bad.json");
		Files.writeString(bad, "{ \"anglesDeg\": [0], \"dxPx\": [0] }");
		InvalidInputException malformed = assertThrows(InvalidInputException.class, () -> AlignmentJson.load(bad));
		assertEquals(bad, malformed.file());
		assertTrue(malformed.getMessage().startsWith(bad + ": ") && malformed.getMessage().contains("dyPx"), malformed.getMessage());
		Path missing = dir.resolve("missing.json");
		assertEquals(missing, assertThrows(InvalidInputException.class, () -> AlignmentJson.load(missing)).file());
		String before = Files.readString(bad);
		assertThrows(InvalidInputException.class, () -> AlignmentJson.save(sample(), bad, AtomicFiles.protecting(bad)));
		assertEquals(before, Files.readString(bad));
	}

	@Test
	void shiftAt_interpolatesLinearlyAndClampsAtTheEnds() {
		Alignment a = sample();
		assertArrayEquals(new double[] { -2, 3 }, a.shiftAt(0), 1e-12);
		assertArrayEquals(new double[] { -2 + 2.25 / 6, 3 - 4.0 / 6 }, a.shiftAt(5), 1e-12);
		assertArrayEquals(new double[] { 1.5, 0 }, a.shiftAt(-70), 1e-12);
		assertArrayEquals(new double[] { 0.25, -1 }, a.shiftAt(31), 1e-12);
	}

	@Test
	void requireCovers_acceptsTiltsWithinOneStepAndNamesTheFirstBeyond() {
		Alignment a = sample();
		// the largest step is 30 deg: up to 30 deg beyond either end counts as covered
		a.requireCovers(new double[] { -60, -12.5, 0, 45, 60 }, null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.requireCovers(new double[] { 0, 60.5, 70 }, "pm.json"));
		assertEquals("tilt 60.50 deg is outside the angles of the alignment pm.json (-30.00 to 30.00 deg)", e.getMessage());
		// a single tilt still covers half a degree around it
		Alignment one = Alignment.identity(new double[] { 10 });
		one.requireCovers(new double[] { 9.5, 10.5 }, null);
		assertThrows(IllegalArgumentException.class, () -> one.requireCovers(new double[] { 11 }, null));
		// apply refuses a series with a tilt beyond, as no caller may extrapolate shifts
		TiltSeries beyond = new TiltSeries(ArrayImgs.floats(4, 4, 2), new double[] { 0, 70 }, Calibration.PIXEL);
		e = assertThrows(IllegalArgumentException.class, () -> a.apply(beyond));
		assertEquals("tilt 70.00 deg is outside the angles of the alignment (-30.00 to 30.00 deg)", e.getMessage());
	}

	@Test
	void apply_toSeriesWithOtherAnglesInterpolatesShifts() {
		// A delta at the centre of each projection; alignment shifts of 0 and 4 px at 0° and 10°.
		Alignment a = new Alignment(new double[] { 0, 10 }, new double[] { 0, 4 }, new double[] { 0, 0 }, 0, 0, List.of());
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(17, 5, new double[] { 2.5, 5 }));
		for (int p = 0; p < 2; p++)
			s.set(12, 2, p, 1f);
		TiltSeries out = a.apply(s);
		// aligned(q) = raw(q + dx): the delta at x = 12 lands at 12 - 1 = 11 and 12 - 2 = 10.
		assertEquals(1f, out.get(11, 2, 0), 1e-6);
		assertEquals(1f, out.get(10, 2, 1), 1e-6);
		assertEquals(2.0, sum(out), 1e-5);
	}

	@Test
	void apply_rotatesAboutTheAxisPoint() {
		// A vertical line through (cx + 3) in a raw image whose axis is turned by 90°: it becomes horizontal.
		int n = 21;
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(n, n, new double[] { 0 }));
		for (int y = 0; y < n; y++)
			s.set(13, y, 0, 1f);
		Alignment a = new Alignment(new double[] { 0 }, new double[] { 0 }, new double[] { 0 }, 90, 3, List.of());
		TiltSeries out = a.apply(s);
		// aligned(q) = raw(c + (3, 0) + R90(q − c)); R90(x, y) = (−y, x): raw x = 10 + 3 − (qy − 10) = 13 ⇔ qy = 10.
		for (int x = 0; x < n; x++)
			assertEquals(1f, out.get(x, 10, 0), 1e-5, "x=" + x);
		assertEquals(0f, out.get(10, 5, 0), 1e-6);
	}

	@Test
	void centred_keepsTheTransformAndZeroesTheMeanDx() {
		Alignment a = sample(), c = a.centred();
		assertEquals(0, c.dx()[0] + c.dx()[1] + c.dx()[2], 1e-12);
		for (int i = 0; i < 3; i++)
			assertEquals(a.axisOffsetPx() + a.dx(i), c.axisOffsetPx() + c.dx(i), 1e-12);
	}

	@Test
	void plusAlignedShifts_composesWithTheRotation() {
		Alignment a = new Alignment(new double[] { 0 }, new double[] { 0 }, new double[] { 0 }, 90, 0, List.of());
		Alignment b = a.plusAlignedShifts(new double[] { 1 }, new double[] { 0 }, "pm");
		// R90 (1, 0) = (0, 1).
		assertEquals(0, b.dx(0), 1e-12);
		assertEquals(1, b.dy(0), 1e-12);
		assertEquals(List.of("pm"), b.methods());
	}

	static double sum(TiltSeries s) {
		double t = 0;
		for (float v : s.data())
			t += v;
		return t;
	}

	/** Shifts only, at the given angles (degrees). */
	static Alignment shifts(double[] anglesDeg, double[] dx, double[] dy) {
		return new Alignment(anglesDeg, dx, dy, 0, 0, List.of("test"));
	}

	@Test
	void applyInverse_integerShiftMovesPixelsExactlyWithZeroFill() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(4, 3, new double[] { 0, 10 }));
		s.set(1, 1, 0, 5);
		s.set(3, 2, 1, 7);
		TiltSeries out = shifts(new double[] { 0, 10 }, new double[] { 2, 1 }, new double[] { -1, 0 }).applyInverse(s);
		assertEquals(5, out.get(3, 0, 0));
		assertEquals(5, sum(out, 0), 0);
		assertEquals(0, sum(out, 1), 0, "content shifted off the edge is lost, nothing wraps");
	}

	@Test
	void applyInverse_halfPixelShiftSplitsBetweenNeighbours() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(5, 5, new double[] { 0 }));
		s.set(2, 2, 0, 4);
		TiltSeries out = shifts(new double[] { 0 }, new double[] { 0.5 }, new double[] { -0.25 }).applyInverse(s);
		assertEquals(4 * 0.5 * 0.75, out.get(2, 2, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.75, out.get(3, 2, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.25, out.get(2, 1, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.25, out.get(3, 1, 0), 1e-6);
		assertEquals(4, sum(out, 0), 1e-6);
	}

	@Test
	void applyInverse_isUndoneByApply() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(6, 6, new double[] { 0 }));
		s.set(2, 3, 0, 1);
		Alignment a = shifts(new double[] { 0 }, new double[] { 1 }, new double[] { -2 });
		assertArrayEquals(s.data(), a.apply(a.applyInverse(s)).data());
		// With a turned and offset axis: a point far from the edges comes back to where it was.
		TiltSeries big = TiltSeries.zeros(new TiltGeometry(41, 41, new double[] { 0 }));
		big.set(24, 17, 0, 1);
		Alignment turned = new Alignment(new double[] { 0 }, new double[] { 1.5 }, new double[] { -2 }, 7, 2.5, List.of());
		TiltSeries raw = turned.applyInverse(big), back = turned.apply(raw);
		double[] moved = centreOfMass(raw), returned = centreOfMass(back);
		assertEquals(24, returned[0], 0.05);
		assertEquals(17, returned[1], 0.05);
		// raw position p = c + t + R(q − c), with c = (20, 20), t = (4, -2), q − c = (4, -3).
		double phi = Math.toRadians(7);
		assertEquals(20 + 4 + 4 * Math.cos(phi) + 3 * Math.sin(phi), moved[0], 0.05);
		assertEquals(20 - 2 + 4 * Math.sin(phi) - 3 * Math.cos(phi), moved[1], 0.05);
	}

	@Test
	void atAngles_isLinearInAngleAndClampedOutside() {
		// Angles out of order on purpose: 10°, -10°, 30°.
		Alignment s = new Alignment(new double[] { 10, -10, 30 }, new double[] { 3, 1, 2 }, new double[] { 0, -2, 4 }, 1.5, -2, List.of("drift"));
		Alignment t = s.atAngles(new double[] { -20, 0, 10, 25, 40 });
		assertArrayEquals(new double[] { 1, 2, 3, 2.25, 2 }, t.dx(), 1e-12);
		assertArrayEquals(new double[] { -2, -1, 0, 3, 4 }, t.dy(), 1e-12);
		assertArrayEquals(new double[] { -20, 0, 10, 25, 40 }, t.anglesDeg());
		assertEquals(1.5, t.axisRotationDeg());
		assertEquals(-2, t.axisOffsetPx());
		assertEquals(List.of("drift"), t.methods());
	}

	static double sum(TiltSeries s, int a) {
		double t = 0;
		for (int i = 0; i < s.width() * s.height(); i++)
			t += s.data()[s.projectionOffset(a) + i];
		return t;
	}

	/** Centre of mass (x, y) of projection 0, pixels ({@link CentreOfMassAlignment#centreOfMass}). */
	static double[] centreOfMass(TiltSeries s) {
		return CentreOfMassAlignment.centreOfMass(s.data(), s.projectionOffset(0), s.width(), s.height());
	}
}
