package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * The "Survey series" field of the multi-modal commands and of Apply Saved Alignment (macro keyword
 * {@code survey}) through {@link CommandService}.
 */
class SurveyFieldTest {

	private static final String HAADF_ANGLES = "-60:60:10", CHEM_ANGLES = "-60,-30,0,30,60";
	private static final double[] CHEM = { -60, -30, 0, 30, 60 };
	private static final double[][] OFFSETS = { { 1.3, -0.6, 2.2, -1.7, 0.4 }, { -0.8, 1.9, 0.3, -2.1, 1.1 } };
	private static Context context;
	private static CommandService commands;
	private static SimulatedData data;

	@TempDir
	static Path dir;

	@BeforeAll
	static void simulate() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(TiltSeriesImgs.parseAngles(HAADF_ANGLES)).withChemAnglesDeg(CHEM).withCountsPerPixel(50)
			.withSeed(3);
		data = new Simulator(Parallelism.SERIAL).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(32), 3), p);
	}

	@AfterAll
	static void close() {
		context.close();
	}

	/** {@code s} at the chemical tilts, projection i displaced by d_i. */
	private static TiltSeries displaced(TiltSeries s) {
		TiltSeries out = new TiltSeries(new TiltGeometry(s.width(), s.height(), CHEM), s.calibration());
		for (int i = 0; i < CHEM.length; i++) {
			int k = 0;
			while (Math.abs(s.angleDeg(k) - CHEM[i]) > 1e-6)
				k++;
			ShiftInterpolation.DEFAULT.shift(s.data(), s.projectionOffset(k), out.data(), out.projectionOffset(i), s.width(), s.height(), -OFFSETS[0][i], -OFFSETS[1][i]);
		}
		return out;
	}

	private static Map<String, Object> inputs(Map<String, TiltSeries> maps, File survey) {
		Map<String, Object> inputs = new HashMap<>(Map.of("haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical",
			TiltSeriesImgs.stackSeries(List.copyOf(maps.values())), "chemicalAngles", CHEM_ANGLES, "elements", "Co, Mn, O", "iterations", 2, "emIterations", 3, "threads", 1));
		inputs.put("survey", survey);
		return inputs;
	}

	@Test
	void fusedReconstruction_withSurvey_fusesTheMapsMovedByTheCoresRegistration() throws Exception {
		TiltSeries survey = displaced(data.haadf());
		Path file = dir.resolve("survey.tif");
		TiffSeries.writeTiltSeries(survey, file, AtomicFiles.protecting());
		Map<String, TiltSeries> maps = new LinkedHashMap<>();
		data.chemical().forEach((element, m) -> maps.put(element, displaced(m)));
		CommandModule m = commands.run(FusedReconstructionCommand.class, true, inputs(maps, file.toFile())).get();
		assertFalse(m.isCanceled(), m.getCancelReason());

		SurveyRegistration r = SurveyRegistration.register(data.haadf(), TiffSeries.readTiltSeries(file));
		Map<String, TiltSeries> moved = new LinkedHashMap<>();
		maps.forEach((element, map) -> moved.put(element, r.moved(map, ShiftInterpolation.MISSING)));
		FusedParameters p = FusedParameters.DEFAULT.withIterations(2).withEmIterations(3).withThreads(1);
		float[] o = FusedReconstruction.run(new MultiModalSeries(data.haadf(), moved), 32, p, Monitor.NONE).volume("O").data();
		float[] all = CommandsTest.pixels(m.getOutput("volumes"));
		assertArrayEquals(o, java.util.Arrays.copyOfRange(all, 2 * o.length, 3 * o.length), 1e-6f);
	}

	@Test
	void fusedReconstruction_withASurveyOfOtherTilts_cancelsNamingTheFile() throws Exception {
		TiltSeries survey = displaced(data.haadf());
		TiltSeries otherTilts = new TiltSeries(new TiltGeometry(survey.width(), survey.height(), new double[] { -50, -20, 10, 40, 70 }), survey.calibration());
		System.arraycopy(survey.data(), 0, otherTilts.data(), 0, survey.data().length);
		Path file = dir.resolve("survey-other-tilts.tif");
		TiffSeries.writeTiltSeries(otherTilts, file, AtomicFiles.protecting());
		CommandModule m = commands.run(FusedReconstructionCommand.class, true, inputs(data.chemical(), file.toFile())).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains(file.toString()) && m.getCancelReason().contains("same tilts"), m.getCancelReason());
	}

	@Test
	void applyAlignment_withSurveyAndRawHaadf_registersAndAlignsInOneStep() throws Exception {
		Path surveyFile = dir.resolve("survey-apply.tif"), haadfFile = dir.resolve("HAADF-raw.tif"), alignmentFile = dir.resolve("alignment.json");
		TiffSeries.writeTiltSeries(displaced(data.haadf()), surveyFile, AtomicFiles.protecting());
		TiffSeries.writeTiltSeries(data.haadf(), haadfFile, AtomicFiles.protecting());
		double[] angles = data.haadf().anglesDeg(), dx = new double[angles.length], dy = new double[angles.length];
		for (int i = 0; i < angles.length; i++) {
			dx[i] = 0.3 * i - 1;
			dy[i] = 0.5 - 0.1 * i;
		}
		Alignment alignment = new Alignment(angles, dx, dy, 1.5, 0.7, List.of("test"));
		AlignmentJson.save(alignment, alignmentFile);
		Map<String, TiltSeries> maps = new LinkedHashMap<>();
		data.chemical().forEach((element, m) -> maps.put(element, displaced(m)));
		Map<String, Object> inputs = new HashMap<>(Map.of("series", TiltSeriesImgs.stackSeries(List.copyOf(maps.values())), "angles", CHEM_ANGLES, "alignmentFile",
			alignmentFile.toFile(), "survey", surveyFile.toFile(), "haadfFile", haadfFile.toFile(), "threads", 1));
		CommandModule m = commands.run(ApplyAlignmentCommand.class, true, inputs).get();
		assertFalse(m.isCanceled(), m.getCancelReason());

		SurveyRegistration r = SurveyRegistration.register(data.haadf(), TiffSeries.readTiltSeries(surveyFile));
		TiltSeries mn = maps.get("Mn");
		float[] expected = r.alignmentOf(mn, alignment, data.haadf().geometry()).apply(mn, ShiftInterpolation.MISSING).data(), all = CommandsTest.pixels(m.getOutput("aligned"));
		assertArrayEquals(expected, java.util.Arrays.copyOfRange(all, expected.length, 2 * expected.length), 1e-6f);

		// Without the raw HAADF the survey cannot be registered: cancelled with a reason.
		inputs.remove("haadfFile");
		CommandModule missing = commands.run(ApplyAlignmentCommand.class, true, inputs).get();
		assertTrue(missing.isCanceled() && missing.getCancelReason().contains("raw HAADF"), missing.getCancelReason());
	}
}
