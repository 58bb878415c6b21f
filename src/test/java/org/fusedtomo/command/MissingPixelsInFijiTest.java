package org.fusedtomo.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.CrossCorrelationAlignment;
import org.fusedtomo.align.CrossCorrelationOptions;
import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Pixels a shift brings in from outside the frame are NaN (not measured) in the Fiji commands as in {@code align}, and
 * every step after them reads them so: the Fiji chain gives the command line's aligned series and reconstructions.
 */
class MissingPixelsInFijiTest {

	private static final String HAADF_ANGLES = "-60:60:10", CHEM_ANGLES = "-60:60:30", ELEMENTS = "Co,Mn,O";

	@TempDir
	static Path tmp;

	private static Context context;
	private static CommandService commands;
	private static Path sim, cliAligned;

	@BeforeAll
	static void simulateAndAlignOnTheCommandLine() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		sim = tmp.resolve("sim");
		cli("simulate", "--phantom", "core-shell", "--size", "24", "--out", sim.toString(), "--haadf-angles", HAADF_ANGLES, "--chem-angles", CHEM_ANGLES,
			"--counts", "20", "--shift-rms", "2", "--seed", "5");
		cliAligned = tmp.resolve("cli-aligned");
		// NB: centre of mass alone and no background: the Fiji chain below takes the same steps.
		cli(concat(List.of("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "com", "--no-tilt-axis", "--background", "none", "--out",
			cliAligned.toString()), chem(sim)));
	}

	@AfterAll
	static void close() {
		context.close();
	}

	@Test
	void chainedCommands_giveTheCommandLinesAlignedSeriesAndReconstructions() throws Exception {
		File com = tmp.resolve("com.json").toFile();
		TiltSeries raw = TiffSeries.readTiltSeries(sim.resolve("HAADF.tif"));
		CommandModule m = run(CentreOfMassAlignmentCommand.class, "series", raw.img(), "angles", HAADF_ANGLES, "alignmentFile", com);
		float[] haadf = CommandsTest.pixels(m.getOutput("aligned")), cliHaadf = TiffSeries.readTiltSeries(cliAligned.resolve("HAADF.tif")).data();
		assertTrue(MissingData.any(TiffSeries.readTiltSeries(cliAligned.resolve("HAADF.tif"))), "a drift of 2 px RMS leaves pixels without data");
		assertArrayEquals(cliHaadf, haadf, "aligned HAADF, NaN where the command line writes NaN");

		List<TiltSeries> maps = new ArrayList<>();
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			maps.add(TiffSeries.readTiltSeries(sim.resolve(element + ".tif")));
		CommandModule applied = run(ApplyAlignmentCommand.class, "series", TiltSeriesImgs.stackSeries(maps), "angles", CHEM_ANGLES, "alignmentFile", com);
		float[] chemical = CommandsTest.pixels(applied.getOutput("aligned"));
		int n = maps.get(0).data().length, c = 0;
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			assertArrayEquals(TiffSeries.readTiltSeries(cliAligned.resolve(element + ".tif")).data(), java.util.Arrays.copyOfRange(chemical, n * c, n * ++c), element);

		Path sirt = tmp.resolve("cli-sirt");
		cli(concat(List.of("reconstruct", "--haadf", cliAligned.resolve("HAADF.tif").toString(), "--method", "sirt", "--iterations", "4", "--out", sirt.toString()),
			List.of()));
		float[] volume = CommandsTest.pixels(run(SirtCommand.class, "series", m.getOutput("aligned"), "angles", HAADF_ANGLES, "iterations", 4).getOutput("volume"));
		assertFinite(volume, "SIRT");
		assertArrayEquals(TiffSeries.readVolume(sirt.resolve("HAADF.tif")).data(), volume, 1e-6f, "SIRT of the aligned HAADF");

		Path fused = tmp.resolve("cli-fused");
		cli(concat(List.of("reconstruct", "--haadf", cliAligned.resolve("HAADF.tif").toString(), "--method", "fused", "--iterations", "3", "--threads", "1", "--out",
			fused.toString()), chem(cliAligned)));
		float[] volumes = CommandsTest.pixels(run(FusedReconstructionCommand.class, "haadf", m.getOutput("aligned"), "haadfAngles", HAADF_ANGLES, "chemical",
			applied.getOutput("aligned"), "chemicalAngles", CHEM_ANGLES, "elements", ELEMENTS, "iterations", 3).getOutput("volumes"));
		assertFinite(volumes, "fused");
		int v = volumes.length / 3;
		c = 0;
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			assertArrayEquals(TiffSeries.readVolume(fused.resolve(element + ".tif")).data(), java.util.Arrays.copyOfRange(volumes, v * c, v * ++c), 1e-6f, element);
	}

	/** The alignment file in "Fused Reconstruction..." gives what reconstruct --alignment gives on the raw series: the alignment in the forward model. */
	@Test
	void fusedWithAnAlignmentFile_givesTheCommandLinesInModelReconstruction() throws Exception {
		Path alignment = cliAligned.resolve("alignment.json"), fused = tmp.resolve("cli-fused-in-model");
		cli(concat(List.of("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "fused", "--iterations", "3", "--threads", "1", "--alignment",
			alignment.toString(), "--out", fused.toString()), chem(sim)));
		List<TiltSeries> maps = new ArrayList<>();
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			maps.add(TiffSeries.readTiltSeries(sim.resolve(element + ".tif")));
		float[] volumes = CommandsTest.pixels(run(FusedReconstructionCommand.class, "haadf", TiffSeries.readTiltSeries(sim.resolve("HAADF.tif")).img(), "haadfAngles",
			HAADF_ANGLES, "chemical", TiltSeriesImgs.stackSeries(maps), "chemicalAngles", CHEM_ANGLES, "elements", ELEMENTS, "iterations", 3, "alignmentFile", alignment.toFile())
			.getOutput("volumes"));
		assertFinite(volumes, "fused in the model");
		int v = volumes.length / 3, c = 0;
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			assertArrayEquals(TiffSeries.readVolume(fused.resolve(element + ".tif")).data(), java.util.Arrays.copyOfRange(volumes, v * c, v * ++c), 1e-6f, element);
	}

	/** An aligned series (NaN where not measured) aligned again: the search reads those pixels as 0, and they stay NaN. */
	@Test
	void alignmentStep_onAnAlignedSeries_readsMissingPixelsAsNoSignalAndKeepsThemMissing() throws Exception {
		TiltSeries aligned = TiffSeries.readTiltSeries(cliAligned.resolve("HAADF.tif"));
		CommandModule m = run(CrossCorrelationAlignmentCommand.class, "series", aligned.img(), "angles", HAADF_ANGLES);
		Alignment found = AlignmentJson.fromJson((String) m.getOutput("alignment"), "output");
		Alignment expected = new CrossCorrelationAlignment(CrossCorrelationOptions.DEFAULT).run(MissingData.filled(aligned), Alignment.identity(aligned.anglesDeg()),
			Monitor.NONE);
		assertEquals(expected, found);
		for (int i = 0; i < found.angleCount(); i++)
			assertTrue(Double.isFinite(found.dx(i)) && Double.isFinite(found.dy(i)), "shift " + i);
		float[] out = CommandsTest.pixels(m.getOutput("aligned"));
		assertArrayEquals(found.apply(aligned, ShiftInterpolation.MISSING).data(), out);
		int before = MissingData.indices(aligned).length, after = 0;
		for (float f : out)
			after += Float.isNaN(f) ? 1 : 0;
		assertTrue(after >= before, "missing pixels " + before + " -> " + after);
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> type, Object... keyValues) throws Exception {
		return CommandsTest.run(commands, type, keyValues);
	}

	private static void cli(String... args) {
		assertEquals(0, FusedTomo.run(args), () -> String.join(" ", args));
	}

	private static String[] concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return all.toArray(String[]::new);
	}

	/** {@code --chem El=DIR/El.tif} for each element of the simulation {@code simulate} writes (Co, Mn, O). */
	static List<String> chem(Path dir) {
		List<String> out = new ArrayList<>();
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS)) {
			out.add("--chem");
			out.add(element + "=" + dir.resolve(element + ".tif"));
		}
		return out;
	}

	private static void assertFinite(float[] v, String what) {
		for (float f : v)
			assertTrue(Float.isFinite(f), what + " holds a NaN or infinite voxel");
	}
}
