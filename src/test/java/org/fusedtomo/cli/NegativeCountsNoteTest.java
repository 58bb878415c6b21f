package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A background-subtracted chemical map (negative values, e.g. from {@code maps --eds-background windows}) given to
 * em or fused (reconstruct, fsc, tune) gets a note with its share of negative pixels: their Poisson terms read those pixels as 0 counts, and
 * did so without a word. A map of counts gets none.
 */
class NegativeCountsNoteTest {

	@TempDir
	Path tmp;

	@Test
	void aChemicalMapWithNegativePixelsIsNamedWithItsShare() {
		Path haadf = tmp.resolve("in/HAADF.tif"), counts = tmp.resolve("in/counts/Co.tif"), subtracted = tmp.resolve("in/subtracted/Co.tif");
		TiffSeries.writeTiltSeries(OptionsAndValuesTest.blob(OptionsAndValuesTest.ANGLES, 1), haadf, AtomicFiles.protecting());
		TiltSeries co = OptionsAndValuesTest.blob(OptionsAndValuesTest.ANGLES, 0.1f);
		TiffSeries.writeTiltSeries(co, counts, AtomicFiles.protecting());
		float[] d = co.data();
		int negative = 0;
		for (int i = 0; i < d.length; i++)
			if ((d[i] -= 0.03f) < 0)
				negative++;
		TiffSeries.writeTiltSeries(co, subtracted, AtomicFiles.protecting());
		String share = String.format(Locale.ROOT, "Co is negative in %.0f %% of its pixels", 100.0 * negative / d.length);

		Run em = run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + subtracted, "--method", "em", "--iterations", "2", "--out", tmp.resolve("em").toString());
		assertEquals(0, em.code(), em.err());
		assertTrue(em.err().contains(share + " (background-subtracted?); em reads them as 0 counts"), share + " in:\n" + em.err());
		Run fused = run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + subtracted, "--iterations", "2", "--em-iterations", "1", "--out",
			tmp.resolve("fused").toString());
		assertEquals(0, fused.code(), fused.err());
		assertTrue(fused.err().contains(share + " (background-subtracted?); fused reads them"), fused.err());
		// fsc (em) and tune (fused) read them alike.
		Run fsc = run("fsc", "--haadf", haadf.toString(), "--chem", "Co=" + subtracted, "--method", "em", "--iterations", "2", "--out", tmp.resolve("fsc").toString());
		assertEquals(0, fsc.code(), fsc.err());
		assertTrue(fsc.err().contains(share + " (background-subtracted?); em reads them"), fsc.err());
		Run tune = run("tune", "--haadf", haadf.toString(), "--chem", "Co=" + subtracted, "--evaluations", "2", "--initial", "2", "--iterations", "2", "--out",
			tmp.resolve("tune").toString());
		assertEquals(0, tune.code(), tune.err());
		assertTrue(tune.err().contains(share + " (background-subtracted?); fused reads them"), tune.err());
		Run raw = run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + counts, "--method", "em", "--iterations", "2", "--out", tmp.resolve("raw").toString());
		assertEquals(0, raw.code(), raw.err());
		assertFalse(raw.err().contains("is negative in"), raw.err());
	}

	/**
	 * A HAADF series with an offset below zero (most pixels negative, as an int16 detector's dark level
	 * subtracted twice) gets a note with its share, pointing to align's background: every method takes the
	 * offset as signal. A HAADF whose background was subtracted (negatives in the vacuum only, fewer than
	 * half of the pixels) or one of counts gets none.
	 */
	@Test
	void aHaadfWithAnOffsetBelowZeroIsNamedWithItsShare() {
		Path raw = tmp.resolve("raw/HAADF.tif"), offset = tmp.resolve("offset/HAADF.tif"), subtracted = tmp.resolve("subtracted/HAADF.tif");
		TiffSeries.writeTiltSeries(OptionsAndValuesTest.blob(OptionsAndValuesTest.ANGLES, 1), raw, AtomicFiles.protecting());
		TiltSeries shifted = OptionsAndValuesTest.blob(OptionsAndValuesTest.ANGLES, 1), slightly = OptionsAndValuesTest.blob(OptionsAndValuesTest.ANGLES, 1);
		float[] d = shifted.data(), e = slightly.data();
		int negative = 0, slightlyNegative = 0;
		for (int i = 0; i < d.length; i++) {
			if ((d[i] -= 0.3f) < 0)
				negative++;
			if ((e[i] -= 0.01f) < 0)
				slightlyNegative++;
		}
		assertTrue(negative > d.length / 2 && slightlyNegative > 0 && slightlyNegative < e.length / 2, negative + " " + slightlyNegative);
		TiffSeries.writeTiltSeries(shifted, offset, AtomicFiles.protecting());
		TiffSeries.writeTiltSeries(slightly, subtracted, AtomicFiles.protecting());
		String share = String.format(Locale.ROOT, "HAADF is negative in %.0f %% of its pixels", 100.0 * negative / d.length);

		Run sirt = run("reconstruct", "--haadf", offset.toString(), "--method", "sirt", "--iterations", "2", "--out", tmp.resolve("sirt").toString());
		assertEquals(0, sirt.code(), sirt.err());
		assertTrue(sirt.err().contains(share) && sirt.err().contains("align") && sirt.err().contains("--background"), share + " in:\n" + sirt.err());
		for (Path p : new Path[] { raw, subtracted }) {
			Run r = run("reconstruct", "--haadf", p.toString(), "--method", "sirt", "--iterations", "2", "--out", tmp.resolve("out-" + p.getParent().getFileName()).toString());
			assertEquals(0, r.code(), r.err());
			assertFalse(r.err().contains("is negative in"), r.err());
		}
	}
}
