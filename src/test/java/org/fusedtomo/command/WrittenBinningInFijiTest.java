package org.fusedtomo.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * The Fiji fused command reads maps binned after recording as {@code reconstruct} reads align's files that say so: its
 * Chemical binning (filled from the image's note by the dialog) tells the count reader.
 */
class WrittenBinningInFijiTest {

	private static final String ELEMENTS = "Co,Mn,O";

	@TempDir
	static Path tmp;

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void close() {
		context.close();
	}

	/**
	 * Core-shell seed 1 at 80 counts (Co averaged 4 x 4 reads 10 counts of 2234 untold), written by {@code align --bin 4}
	 * (identity alignment, no background): ImageJ opens the note with the file, and the Fiji command with Chemical binning 4
	 * gives reconstruct's volumes from those files; as recorded (1) it does not.
	 */
	@Test
	void fusedCommand_withTheMapsBinning_givesReconstructOfAlignsFiles() throws Exception {
		Path sim = tmp.resolve("sim"), aligned = tmp.resolve("aligned"), fused = tmp.resolve("fused");
		cli("simulate", "--phantom", "core-shell", "--size", "64", "--counts", "80", "--seed", "1", "--out", sim.toString());
		Path identity = tmp.resolve("identity.json");
		AlignmentJson.save(Alignment.identity(TiffSeries.readTiltSeries(sim.resolve("HAADF.tif")).anglesDeg()), identity);
		List<String> align = new ArrayList<>(List.of("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--bin", "4", "--alignment", identity.toString(), "--background",
			"none", "--out", aligned.toString()));
		align.addAll(MissingPixelsInFijiTest.chem(sim));
		cli(align.toArray(String[]::new));
		List<String> reconstruct = new ArrayList<>(List.of("reconstruct", "--haadf", aligned.resolve("HAADF.tif").toString(), "--method", "fused", "--iterations", "5",
			"--threads", "1", "--out", fused.toString()));
		reconstruct.addAll(MissingPixelsInFijiTest.chem(aligned));
		cli(reconstruct.toArray(String[]::new));

		ImagePlus opened = IJ.openImage(aligned.resolve("Co.tif").toString());
		assertEquals(4, TiffSeries.binningOf(opened.getInfoProperty()), "the note ImageJ reads with the file, which the dialog takes");

		TiltSeries haadf = TiffSeries.readTiltSeries(aligned.resolve("HAADF.tif"));
		List<TiltSeries> maps = new ArrayList<>();
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS))
			maps.add(TiffSeries.readTiltSeries(aligned.resolve(element + ".tif")));
		String haadfAngles = TiltSeriesImgs.formatAngles(haadf.anglesDeg()), chemAngles = TiltSeriesImgs.formatAngles(maps.get(0).anglesDeg());
		float[][] volumes = new float[2][];
		int[] binnings = { 4, 1 };
		for (int k = 0; k < 2; k++)
			volumes[k] = CommandsTest.pixels(CommandsTest.run(commands, FusedReconstructionCommand.class, "haadf", haadf.img(), "haadfAngles", haadfAngles, "chemical",
				TiltSeriesImgs.stackSeries(maps), "chemicalAngles", chemAngles, "elements", ELEMENTS, "iterations", 5, "chemicalBinning", binnings[k]).getOutput("volumes"));
		int v = volumes[0].length / 3, c = 0;
		boolean differs = false;
		for (String element : TiltSeriesImgs.parseElements(ELEMENTS)) {
			float[] cli = TiffSeries.readVolume(fused.resolve(element + ".tif")).data();
			assertArrayEquals(cli, Arrays.copyOfRange(volumes[0], v * c, v * (c + 1)), 1e-6f, element);
			differs |= !Arrays.equals(cli, Arrays.copyOfRange(volumes[1], v * c, v * (c + 1)));
			c++;
		}
		assertTrue(differs, "as recorded, the Co level is misread and the result differs");
	}

	private static void cli(String... args) {
		assertEquals(0, FusedTomo.run(args), () -> String.join(" ", args));
	}
}
