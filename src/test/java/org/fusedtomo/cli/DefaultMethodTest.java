package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.hdf5.EmdFiles;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Without {@code --method} (issue 16): a HAADF series with chemistry is fused on this JVM, one without is
 * reconstructed by SIRT, and a line says which and why; on the committed 32 px series binned to 16 px.
 */
class DefaultMethodTest {

	@TempDir
	Path tmp;

	private static final Path DATA = Path.of("test-data", "core-shell-32");

	private static String[] reconstruct(Path out, String... more) {
		return FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", DATA.resolve("HAADF.tif").toString(), "--bin", "2", "--iterations", "3", "--threads", "1",
			"--out", out.toString() }, more);
	}

	private static JsonObject parameters(Path out) throws IOException {
		return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("parameters");
	}

	@Test
	void withChemistryTheDefaultIsFusedAndWithoutItSirt() throws IOException {
		Path fused = tmp.resolve("fused");
		FusedTomoTest.Run r = FusedTomoTest.run(reconstruct(fused, "--chem", "Co=" + DATA.resolve("Co.tif")));
		assertEquals(0, r.code(), r.err());
		assertEquals("fused", parameters(fused).get("method").getAsString());
		assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Method: fused (") && l.contains("chemical series")), r.out());
		// NB: fused writes the element volumes only; SIRT would have written HAADF.tif too.
		assertTrue(Files.isRegularFile(fused.resolve("Co.tif")));
		assertFalse(Files.exists(fused.resolve("HAADF.tif")));

		Path sirt = tmp.resolve("sirt");
		r = FusedTomoTest.run(reconstruct(sirt));
		assertEquals(0, r.code(), r.err());
		assertEquals("sirt", parameters(sirt).get("method").getAsString());
		assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Method: sirt (") && l.contains("without chemical series")), r.out());
		assertTrue(Files.isRegularFile(sirt.resolve("HAADF.tif")));

		// An explicit --method is used as given, without the line.
		Path em = tmp.resolve("em");
		r = FusedTomoTest.run(reconstruct(em, "--chem", "Co=" + DATA.resolve("Co.tif"), "--method", "em"));
		assertEquals(0, r.code(), r.err());
		assertEquals("em", parameters(em).get("method").getAsString());
		assertFalse(r.out().contains("Method:"), r.out());
		assertFalse(parameters(em).has("method_default"));
	}

	@Test
	void fscKeepsSirtWithChemistryAndSaysWhy() throws IOException {
		Path out = tmp.resolve("fsc");
		FusedTomoTest.Run r = FusedTomoTest.run("fsc", "--haadf", DATA.resolve("HAADF.tif").toString(), "--chem", "Co=" + DATA.resolve("Co.tif"), "--bin", "2", "--iterations", "3",
			"--threads", "1", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals("sirt", parameters(out).get("method").getAsString());
		assertTrue(r.out().contains("Method: sirt (fsc's default: half sets of a regularised method"), r.out());
	}

	@Test
	void mapsInsideTheHaadfFileMakeTheDefaultFused() throws IOException {
		Path emd = tmp.resolve("series.emd");
		EmdFiles.write(SeriesReaders.read(DATA.resolve("HAADF.tif")).haadf(), Map.of("Co", SeriesReaders.read(DATA.resolve("Co.tif")).haadf()), emd, AtomicFiles.protecting());
		Path out = tmp.resolve("emd");
		FusedTomoTest.Run r = FusedTomoTest.run("reconstruct", "--haadf", emd.toString(), "--bin", "2", "--iterations", "3", "--threads", "1", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals("fused", parameters(out).get("method").getAsString());
		assertTrue(r.out().contains("Method: fused (") && r.out().contains("Co in the --haadf file"), r.out());
	}

	@Test
	void sparkKeepsSirtAndAFusedSettingWithoutChemistryIsRefusedNamingIt() {
		// NB: the Spark module is not on this module's class path: the run ends at the engine, after the line.
		FusedTomoTest.Run r = FusedTomoTest.run(reconstruct(tmp.resolve("spark"), "--chem", "Co=" + DATA.resolve("Co.tif"), "--engine", "spark"));
		assertEquals(2, r.code(), r.err());
		assertTrue(r.out().contains("Method: sirt (the default with --engine spark: each series on its own; --method fused"), r.out());

		Path out = tmp.resolve("no-chem");
		r = FusedTomoTest.run(reconstruct(out, "--lambda-chem", "0.1"));
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("--lambda-chem is a setting of --method fused; without --method, and without --chem or --spectra, the method is sirt (drop --lambda-chem, or add --method fused)"),
			r.err());
		assertFalse(Files.exists(out));
		r = FusedTomoTest.run(reconstruct(out, "--auto"));
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("--auto chooses the weights of --method fused; without --method, and without --chem or --spectra, the method is sirt (add --method fused)"), r.err());
		assertFalse(Files.exists(out));
	}
}
