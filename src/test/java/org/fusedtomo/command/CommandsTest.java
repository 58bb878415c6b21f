package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.CompositeImage;
import ij.ImagePlus;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.align.BackgroundSubtraction;
import org.fusedtomo.align.CentreOfMassAlignment;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.tune.FusedKnob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;

/** Runs every command through {@link CommandService} and checks its outputs against the core call it wraps. */
class CommandsTest {

	private static final String HAADF_ANGLES = "-60:60:10", CHEM_ANGLES = "-60,-30,0,30,60";
	private static Context context;
	private static CommandService commands;
	private static SimulatedData data;

	@TempDir
	Path dir;

	@BeforeAll
	static void simulate() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(TiltSeriesImgs.parseAngles(HAADF_ANGLES))
			.withChemAnglesDeg(TiltSeriesImgs.parseAngles(CHEM_ANGLES)).withCountsPerPixel(50).withSeed(3);
		data = new Simulator(Parallelism.SERIAL).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(24), 3), p);
	}

	@AfterAll
	static void close() {
		context.close();
	}

	private static CommandModule run(Class<? extends org.scijava.command.Command> type, Object... keyValues) throws Exception {
		return run(commands, type, keyValues);
	}

	/** Runs {@code type} through {@code commands} with these inputs (name, value, ...) on 1 thread; fails when it was cancelled. */
	static CommandModule run(CommandService commands, Class<? extends org.scijava.command.Command> type, Object... keyValues) throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			inputs.put((String) keyValues[i], keyValues[i + 1]);
		inputs.put("threads", 1);
		CommandModule m = commands.run(type, true, inputs).get();
		assertFalse(m.isCanceled(), () -> type.getSimpleName() + " cancelled: " + m.getCancelReason());
		return m;
	}

	/** The pixels of an image output, in flat iteration order. */
	static float[] pixels(Object img) {
		@SuppressWarnings("unchecked")
		RandomAccessibleInterval<FloatType> rai = (RandomAccessibleInterval<FloatType>) img;
		long n = 1;
		for (int d = 0; d < rai.numDimensions(); d++)
			n *= rai.dimension(d);
		float[] out = new float[(int) n];
		int i = 0;
		for (FloatType v : Views.flatIterable(rai))
			out[i++] = v.get();
		return out;
	}

	private static Img<FloatType> chemical() {
		return TiltSeriesImgs.stackSeries(List.copyOf(data.chemical().values()));
	}

	@Test
	void tuneFused_returnsTheBestOfItsEvaluationsAndAGpSurface() throws Exception {
		CommandModule m = run(TuneFusedCommand.class, "haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", chemical(), "chemicalAngles", CHEM_ANGLES,
			"elements", "Co,Mn,O", "evaluations", 4, "iterations", 3, "holdOutEvery", 4);
		double chem = (Double) m.getOutput("bestLambdaChem"), tv = (Double) m.getOutput("bestLambdaTv"), best = (Double) m.getOutput("bestValue");
		// The default search ranges are those around the default solver's settings.
		double[] chemRange = FusedKnob.LAMBDA_CHEM.defaultRange(FusedParameters.DEFAULT.solver()), tvRange = FusedKnob.LAMBDA_TV.defaultRange(FusedParameters.DEFAULT.solver());
		assertTrue(chem >= chemRange[0] && chem <= chemRange[1], "lambda_C " + chem);
		assertTrue(tv >= tvRange[0] && tv <= tvRange[1], "lambda_TV " + tv);
		assertTrue(best > 0 && best < 1.5, "held-out NRMSE " + best);
		assertEquals(64 * 64, pixels(m.getOutput("surface")).length);
	}

	@Test
	void resolution_givesAWorseZThanXResolutionForAWedge() throws Exception {
		CommandModule m = run(ResolutionCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "method", "wbp");
		double x = (Double) m.getOutput("resolutionX"), z = (Double) m.getOutput("resolutionZ");
		assertTrue(x >= 2 && z >= 2, "Nyquist is 2 px: x " + x + ", z " + z);
		assertTrue(z > x, "a +-60 deg wedge blurs z: x " + x + ", z " + z);
	}

	@Test
	void simulatePhantom_equalsTheSimulator() throws Exception {
		CommandModule m = run(SimulatePhantomCommand.class, "size", 24, "haadfTilts", HAADF_ANGLES, "chemicalTilts", CHEM_ANGLES, "counts", 50.0, "seed", 3L);
		assertArrayEquals(data.haadf().data(), pixels(m.getOutput("haadf")));
		assertArrayEquals(pixels(chemical()), pixels(m.getOutput("chemical")));
		assertEquals("Co,Mn,O", m.getOutput("elements"));
		assertArrayEquals(data.haadf().anglesDeg(), TiltSeriesImgs.parseAngles((String) m.getOutput("haadfAngles")), 0);
	}

	@Test
	void subtractBackground_equalsTheCoreOnEachChannel() throws Exception {
		CommandModule m = run(SubtractBackgroundCommand.class, "series", chemical(), "method", "border", "borderPx", 2, "clip", false);
		TiltSeries co = data.chemical().get("Co");
		float[] expected = new BackgroundSubtraction(new BackgroundOptions(BackgroundOptions.Method.BORDER, 2, 5, 1, 2.5, 20, false)).run(co, Monitor.NONE).series().data();
		float[] all = pixels(m.getOutput("subtracted"));
		assertArrayEquals(expected, java.util.Arrays.copyOf(all, expected.length));
		assertEquals(pixels(chemical()).length, all.length);
	}

	@Test
	void centreOfMass_equalsTheCoreAndSavesTheAlignment() throws Exception {
		File saved = dir.resolve("alignment.json").toFile();
		CommandModule m = run(CentreOfMassAlignmentCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "alignX", true, "alignY", true,
			"alignmentFile", saved);
		Alignment expected = new CentreOfMassAlignment(true, true).run(data.haadf(), Monitor.NONE);
		assertEquals(expected, AlignmentJson.fromJson((String) m.getOutput("alignment"), "output"));
		assertEquals(expected, AlignmentJson.load(saved.toPath()));
		assertArrayEquals(expected.apply(data.haadf(), ShiftInterpolation.MISSING).data(), pixels(m.getOutput("aligned")));
	}

	@Test
	void alignmentSteps_refineTheSavedAlignmentAndApplyItToTheChemistry() throws Exception {
		File com = dir.resolve("com.json").toFile(), axis = dir.resolve("axis.json").toFile(), pm = dir.resolve("pm.json").toFile();
		run(CentreOfMassAlignmentCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "alignmentFile", com);
		CommandModule xc = run(CrossCorrelationAlignmentCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "initialAlignment", com);
		assertTrue(((String) xc.getOutput("alignment")).contains("cross-correlation"), (String) xc.getOutput("alignment"));
		run(TiltAxisCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "initialAlignment", com, "alignmentFile", axis);
		assertTrue(AlignmentJson.load(axis.toPath()).methods().contains("tilt-axis rotation"));
		run(ProjectionMatchingCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "initialAlignment", axis, "alignmentFile", pm,
			"binnings", "2,1", "sirtIterations", 2, "rounds", 1);
		Alignment found = AlignmentJson.load(pm.toPath());
		assertEquals(List.of("centre-of-mass(xy)", "tilt-axis rotation"), found.methods().subList(0, 2));
		CommandModule applied = run(ApplyAlignmentCommand.class, "series", chemical(), "angles", CHEM_ANGLES, "alignmentFile", pm);
		TiltSeries mn = data.chemical().get("Mn");
		float[] expected = found.apply(mn, ShiftInterpolation.MISSING).data(), all = pixels(applied.getOutput("aligned"));
		assertArrayEquals(expected, java.util.Arrays.copyOfRange(all, expected.length, 2 * expected.length));
	}

	@Test
	void applyAlignment_refusesTiltsBeyondTheAlignmentsRange() throws Exception {
		File saved = dir.resolve("chem-range.json").toFile();
		// an alignment of -30..30 deg every 10 deg covers at most 40 deg; the chemical maps reach 60 deg
		AlignmentJson.save(Alignment.identity(TiltSeriesImgs.parseAngles("-30:30:10")), saved.toPath());
		Map<String, Object> inputs = new HashMap<>(Map.of("series", chemical(), "angles", CHEM_ANGLES, "alignmentFile", saved, "threads", 1));
		CommandModule m = commands.run(ApplyAlignmentCommand.class, true, inputs).get();
		assertTrue(m.isCanceled());
		assertEquals("tilt -60.00 deg is outside the angles of the alignment chem-range.json (-30.00 to 30.00 deg)", m.getCancelReason());
		assertNull(m.getOutput("aligned"));
	}

	/**
	 * As {@code align} does, the Fiji alignment steps record the grid the shifts are in pixels of; Apply Saved
	 * Alignment refuses a series on another grid (a 2x-binned one), naming the file and both grids, and a step never
	 * overwrites the alignment it refines.
	 */
	@Test
	void savedAlignment_recordsItsGridAndRefusesAnotherOne() throws Exception {
		File saved = dir.resolve("com-grid.json").toFile();
		run(CentreOfMassAlignmentCommand.class, "series", data.haadf().img(), "angles", HAADF_ANGLES, "alignmentFile", saved);
		com.google.gson.JsonObject grid = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(saved.toPath())).getAsJsonObject().getAsJsonObject("series");
		assertEquals(data.haadf().width(), grid.get("widthPx").getAsInt());
		assertEquals(data.haadf().height(), grid.get("heightPx").getAsInt());

		int half = data.haadf().width() / 2;
		TiltSeries binned = TiltSeries.zeros(new TiltGeometry(half, half, TiltSeriesImgs.parseAngles(CHEM_ANGLES)));
		Map<String, Object> inputs = new HashMap<>(Map.of("series", binned.img(), "angles", CHEM_ANGLES, "alignmentFile", saved, "threads", 1));
		CommandModule m = commands.run(ApplyAlignmentCommand.class, true, inputs).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("com-grid.json") && m.getCancelReason().contains("24 x 24 pixels") && m.getCancelReason().contains(half + " x " + half + " pixels"),
			m.getCancelReason());
		assertNull(m.getOutput("aligned"));
		run(ApplyAlignmentCommand.class, "series", chemical(), "angles", CHEM_ANGLES, "alignmentFile", saved);

		String before = java.nio.file.Files.readString(saved.toPath());
		Map<String, Object> inPlace = new HashMap<>(Map.of("series", data.haadf().img(), "angles", HAADF_ANGLES, "initialAlignment", saved, "alignmentFile", saved, "threads", 1));
		CommandModule refine = commands.run(CrossCorrelationAlignmentCommand.class, true, inPlace).get();
		assertTrue(refine.isCanceled() && refine.getCancelReason().contains("input"), refine.getCancelReason());
		assertEquals(before, java.nio.file.Files.readString(saved.toPath()), "the refined alignment is left as it was");
	}

	@Test
	void conventionalReconstructions_equalTheCore() throws Exception {
		TiltSeries h = data.haadf();
		Parallelism one = Parallelism.SERIAL;
		Map<Class<? extends ReconstructionCommand>, ConventionalMethod> methods = Map.of(WbpCommand.class, ConventionalMethod.WBP, SirtCommand.class,
			ConventionalMethod.SIRT, EmCommand.class, ConventionalMethod.EM, TvCommand.class, ConventionalMethod.TV);
		for (Map.Entry<Class<? extends ReconstructionCommand>, ConventionalMethod> e : methods.entrySet()) {
			boolean wbp = e.getValue() == ConventionalMethod.WBP;
			CommandModule m = wbp ? run(e.getKey(), "series", h.img(), "angles", HAADF_ANGLES, "depth", 16)
				: run(e.getKey(), "series", h.img(), "angles", HAADF_ANGLES, "depth", 16, "iterations", 3);
			ConventionalParameters p = new ConventionalParameters(3, ConventionalParameters.DEFAULT.filter(), e.getValue() == ConventionalMethod.TV ? 1.0 : 0);
			Volume expected = e.getValue().run(Projectors.create(new VolumeGeometry(24, 24, 16), h.geometry(), one), h, p, one, Monitor.NONE).volume();
			assertArrayEquals(expected.data(), pixels(m.getOutput("volume")), 1e-6f, e.getKey().getSimpleName());
		}
	}

	@Test
	void sirtOfASectionWiderThanTheView_reconstructsBeyondTheViewAsTheCore() throws Exception {
		TiltSeries h = data.haadf();
		Parallelism one = Parallelism.SERIAL;
		int margin = org.fusedtomo.data.FieldOfView.margin(h.geometry(), 16);
		VolumeGeometry wide = new VolumeGeometry(24, 24, 16).widened(margin);
		// a wedge-shaped film, 2 to 12 voxels thick, across the whole (wider) volume: the view's edges carry it
		// (a film of even thickness would read as a background offset)
		Volume film = Volume.zeros(wide);
		for (int x = 0; x < wide.width(); x++)
			for (int z = 2; z < 4 + 10 * x / wide.width(); z++)
				for (int y = 0; y < 24; y++)
					film.set(x, y, z, 1f);
		TiltSeries cut = Projectors.create(wide, h.geometry(), one).forward(film);
		ConventionalParameters p = new ConventionalParameters(3, ConventionalParameters.DEFAULT.filter(), 0);
		Volume expected = ConventionalMethod.SIRT.run(Projectors.create(wide, h.geometry(), one), cut, p, one, Monitor.NONE).volume();
		CommandModule m = run(SirtCommand.class, "series", cut.img(), "angles", HAADF_ANGLES, "depth", 16, "iterations", 3);
		Img<FloatType> v = (Img<FloatType>) m.getOutput("volume");
		assertTrue(margin > 0);
		assertArrayEquals(new long[] { 24 + 2 * margin, 24, 16 }, v.dimensionsAsLongArray());
		assertArrayEquals(expected.data(), pixels(v), 1e-6f);
	}

	@Test
	void sirtOnRepeatedTilts_usesEveryExposureOrTheirAverage() throws Exception {
		TiltSeries h = data.haadf();
		int[] twice = new int[2 * h.angleCount()];
		for (int i = 0; i < twice.length; i++)
			twice[i] = i / 2;
		TiltSeries repeated = h.subset(twice);
		String angles = TiltSeriesImgs.formatAngles(repeated.anglesDeg());
		Parallelism one = Parallelism.SERIAL;
		Volume expected = ConventionalMethod.SIRT.run(Projectors.create(new VolumeGeometry(24, 24, 16), h.geometry(), one), h,
			new ConventionalParameters(3, ConventionalParameters.DEFAULT.filter(), 0), one, Monitor.NONE).volume();
		float max = 0;
		for (float v : expected.data())
			max = Math.max(max, Math.abs(v));
		for (boolean average : new boolean[] { false, true }) {
			CommandModule m = run(SirtCommand.class, "series", repeated.img(), "angles", angles, "depth", 16, "iterations", 3, "averageRepeats", average);
			assertArrayEquals(expected.data(), pixels(m.getOutput("volume")), 1e-4f * max, "averageRepeats " + average);
		}
	}

	@Test
	void sirtOnAChannelsOnlyHyperstack_readsTheChannelsAsTheProjections() throws Exception {
		TiltSeries h = data.haadf();
		// NB: (x, y, 1, angle), as a tifffile imagej=True array opened in ImageJ arrives.
		Img<FloatType> channels = net.imglib2.img.array.ArrayImgs.floats(h.data().clone(), h.width(), h.height(), 1, h.angleCount());
		CommandModule asChannels = run(SirtCommand.class, "series", channels, "angles", HAADF_ANGLES, "depth", 16, "iterations", 2);
		CommandModule asStack = run(SirtCommand.class, "series", h.img(), "angles", HAADF_ANGLES, "depth", 16, "iterations", 2);
		assertArrayEquals(pixels(asStack.getOutput("volume")), pixels(asChannels.getOutput("volume")), 0f);
	}

	@Test
	void emOnChemicalMaps_givesOneVolumePerElement() throws Exception {
		CommandModule m = run(EmCommand.class, "series", chemical(), "angles", CHEM_ANGLES, "iterations", 2);
		Img<FloatType> v = (Img<FloatType>) m.getOutput("volume");
		assertArrayEquals(new long[] { 24, 24, 24, 3 }, v.dimensionsAsLongArray());
	}

	@Test
	void fusedReconstructionWithReferenceSolver_equalsTheReferenceSchemeOfTheCore() throws Exception {
		CommandModule m = run(FusedReconstructionCommand.class, "haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", chemical(),
			"chemicalAngles", CHEM_ANGLES, "elements", "Co, Mn, O", "iterations", 2, "emIterations", 3, "solver", "reference");
		FusedParameters p = FusedParameters.REFERENCE.withIterations(2).withEmIterations(3).withThreads(1);
		FusedResult r = FusedReconstruction.run(new MultiModalSeries(data.haadf(), data.chemical()), 24, p, Monitor.NONE);
		float[] all = pixels(m.getOutput("volumes"));
		float[] o = r.volume("O").data();
		assertArrayEquals(o, java.util.Arrays.copyOfRange(all, 2 * o.length, 3 * o.length), 1e-6f);
		assertNull(m.getOutput("haadfGuide"), "isotropic TV has no guide image");
		// Without auto the lambdas used are the reference's defaults (SciJava showed an unset output as 0.0).
		assertEquals(FusedParameters.REFERENCE.lambdaChem(), (Double) m.getOutput("chosenLambdaChem"), 0);
		assertEquals(FusedParameters.REFERENCE.lambdaTv(), (Double) m.getOutput("chosenLambdaTv"), 0);
	}

	@Test
	void fusedReconstructionWithAutomaticLambdas_reconstructsWithTheCoresChoice() throws Exception {
		CommandModule m = run(FusedReconstructionCommand.class, "haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", chemical(),
			"chemicalAngles", CHEM_ANGLES, "elements", "Co, Mn, O", "iterations", 2, "emIterations", 3, "auto", true);
		FusedParameters p = FusedParameters.DEFAULT.withIterations(2).withEmIterations(3).withThreads(1);
		MultiModalSeries series = new MultiModalSeries(data.haadf(), data.chemical());
		org.fusedtomo.tune.AutoLambdas.Result choice = org.fusedtomo.tune.AutoLambdas.choose(series, org.fusedtomo.geometry.VolumeGeometry.cube(24), p, org.fusedtomo.tune.AutoLambdaSettings.DEFAULT, Monitor.NONE);
		assertEquals(choice.chosen().lambdaChem(), (Double) m.getOutput("chosenLambdaChem"), 1e-12);
		assertEquals(choice.chosen().lambdaTv(), (Double) m.getOutput("chosenLambdaTv"), 1e-12);
		assertNotNull(m.getOutput("validation"));
		float[] o = FusedReconstruction.run(series, 24, choice.chosen(), Monitor.NONE).volume("O").data(), all = pixels(m.getOutput("volumes"));
		assertArrayEquals(o, java.util.Arrays.copyOfRange(all, 2 * o.length, 3 * o.length), 1e-6f);
	}

	@Test
	void fusedReconstructionWithItsDefaults_isGuidedTvAndOutputsTheGuideOfTheCore() throws Exception {
		CommandModule m = run(FusedReconstructionCommand.class, "haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", chemical(),
			"chemicalAngles", CHEM_ANGLES, "elements", "Co, Mn, O", "iterations", 2, "emIterations", 3);
		FusedParameters p = FusedParameters.DEFAULT.withIterations(2).withEmIterations(3).withThreads(1);
		FusedResult r = FusedReconstruction.run(new MultiModalSeries(data.haadf(), data.chemical()), 24, p, Monitor.NONE);
		assertArrayEquals(r.haadfGuide().data(), pixels(m.getOutput("haadfGuide")), 1e-6f);
		float[] o = r.volume("O").data(), all = pixels(m.getOutput("volumes"));
		assertArrayEquals(o, java.util.Arrays.copyOfRange(all, 2 * o.length, 3 * o.length), 1e-6f);
	}

	@Test
	void fusedReconstructionOfMapsBinnedTwice_equalsTheCoreAtThatSamplingAndRefusesAFractionalFactor() throws Exception {
		org.fusedtomo.data.ChemicalSampling two = new org.fusedtomo.data.ChemicalSampling(2, 0, 0);
		Map<String, TiltSeries> binned = new java.util.LinkedHashMap<>();
		Map<String, org.fusedtomo.data.ChemicalSampling> samplings = new java.util.LinkedHashMap<>();
		data.chemical().forEach((el, s) -> {
			binned.put(el, org.fusedtomo.projector.SampledProjector.bin(s, two, 12, 12, Calibration.PIXEL));
			samplings.put(el, two);
		});
		Img<FloatType> stack = TiltSeriesImgs.stackSeries(List.copyOf(binned.values()));
		CommandModule m = run(FusedReconstructionCommand.class, "haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", stack, "chemicalAngles", CHEM_ANGLES,
			"elements", "Co, Mn, O", "iterations", 2, "emIterations", 3, "chemicalSampling", "2");
		FusedParameters p = FusedParameters.DEFAULT.withIterations(2).withEmIterations(3).withThreads(1);
		float[] o = FusedReconstruction.run(new MultiModalSeries(data.haadf(), binned, samplings), 24, p, Monitor.NONE).volume("O").data(), all = pixels(m.getOutput("volumes"));
		assertArrayEquals(o, java.util.Arrays.copyOfRange(all, 2 * o.length, 3 * o.length), 1e-6f);
		Map<String, Object> inputs = new HashMap<>(Map.of("haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", stack, "chemicalAngles", CHEM_ANGLES,
			"elements", "Co, Mn, O", "chemicalSampling", "1.5"));
		CommandModule refused = commands.run(FusedReconstructionCommand.class, true, inputs).get();
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().startsWith("Chemical sampling: '1.5' is not FACTOR"), refused.getCancelReason());
	}

	@Test
	void fused2d_equalsTheCoreOnMapsGivenAsSlicesOrChannels() throws Exception {
		int n = org.fusedtomo.recon.fused.FusedMapsTest.N;
		FusedParameters p = org.fusedtomo.recon.fused.FusedMaps.DEFAULT.withIterations(3).withThreads(1);
		MultiModalSeries maps = org.fusedtomo.recon.fused.FusedMapsTest.maps(org.fusedtomo.recon.fused.FusedMapsTest.truth(), 3, p);
		float[] chem = new float[2 * n * n];
		System.arraycopy(maps.chemical("Co").data(), 0, chem, 0, n * n);
		System.arraycopy(maps.chemical("O").data(), 0, chem, n * n, n * n);
		Img<FloatType> haadf = net.imglib2.img.array.ArrayImgs.floats(maps.haadf().data().clone(), n, n);
		org.fusedtomo.recon.fused.FusedMaps.Result r = org.fusedtomo.recon.fused.FusedMaps.run(maps, p, Monitor.NONE);
		// ImageJ 1.x gives slices as (x, y, map) and a composite as (x, y, 1, map): both must work.
		for (long[] dims : new long[][] { { n, n, 2 }, { n, n, 1, 2 } }) {
			CommandModule m = run(Fused2dCommand.class, "haadf", haadf, "chemical", net.imglib2.img.array.ArrayImgs.floats(chem.clone(), dims), "elements", "Co, O",
				"iterations", 3);
			float[] all = pixels(m.getOutput("fused"));
			assertArrayEquals(r.fused().volume("O").data(), java.util.Arrays.copyOfRange(all, n * n, 2 * n * n), 1e-6f);
			assertArrayEquals(r.haadfModel().data(), pixels(m.getOutput("haadfModel")), 1e-6f);
		}
	}

	@Test
	void fusedReconstruction_cancelsWithTheCommandLinesMessageForASettingTheSolverLacks() throws Exception {
		Map<String, Object> inputs = new HashMap<>(Map.of("haadf", data.haadf().img(), "haadfAngles", HAADF_ANGLES, "chemical", chemical(), "chemicalAngles", CHEM_ANGLES,
			"elements", "Co, Mn, O", "solver", "proximal", "lambdaHaadf", 3.0));
		CommandModule m = commands.run(FusedReconstructionCommand.class, true, inputs).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("--lambda-haadf is a setting of --solver reference only"), m.getCancelReason());
		assertNull(m.getOutput("volumes"));
	}

	@Test
	void fused2d_cancelsWithAReasonWhenMapsAndElementsDisagree() throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("haadf", net.imglib2.img.array.ArrayImgs.floats(8, 8));
		inputs.put("chemical", net.imglib2.img.array.ArrayImgs.floats(8, 8, 2));
		inputs.put("elements", "Co");
		CommandModule m = commands.run(Fused2dCommand.class, true, inputs).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("2 maps but 1 elements"), m.getCancelReason());
	}

	@Test
	void elementComposite_isACalibratedCompositeWithOneChannelPerElement() throws Exception {
		Img<FloatType> volumes = TiltSeriesImgs.stackVolumes(List.copyOf(data.truth().densities().values()));
		CommandModule m = run(ElementCompositeCommand.class, "volumes", volumes, "elements", "Co,Mn,O", "voxelSize", 0.5, "unit", "nm");
		ImagePlus c = (ImagePlus) m.getOutput("composite");
		assertTrue(c instanceof CompositeImage);
		assertEquals(3, c.getNChannels());
		assertEquals(24, c.getNSlices());
		assertEquals(0.5, c.getCalibration().pixelDepth);
		assertEquals("nm", c.getCalibration().getUnit());
	}

	@Test
	void exportBigDataViewer_writesTheXmlAndHdf5() throws Exception {
		Img<FloatType> volumes = TiltSeriesImgs.stackVolumes(List.copyOf(data.truth().densities().values()));
		File xml = dir.resolve("elements.xml").toFile();
		CommandModule m = run(ExportBigDataViewerCommand.class, "volumes", volumes, "elements", "Co,Mn,O", "voxelSize", 0.5, "unit", "nm", "xml", xml);
		assertTrue(xml.isFile());
		assertEquals(dir.resolve("elements.h5").toFile(), m.getOutput("hdf5"));
		assertTrue(Files.size(dir.resolve("elements.h5")) > 0);
	}

	@Test
	void badInput_cancelsWithAReasonAndNoOutput() throws Exception {
		CommandModule m = commands.run(SirtCommand.class, true, Map.of("series", data.haadf().img(), "angles", "-60:60:30", "threads", 1)).get();
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("projections but 5 tilt angles"), m.getCancelReason());
		assertNull(m.getOutput("volume"));
	}

	@Test
	void cancelledCommand_endsCleanlyWithoutOutput() throws Exception {
		ModuleService modules = context.service(ModuleService.class);
		CommandModule m = (CommandModule) modules.createModule(commands.getCommand(SirtCommand.class));
		m.setInput("series", data.haadf().img());
		m.setInput("angles", HAADF_ANGLES);
		m.setInput("iterations", 1000);
		m.cancel("stop before the first iteration");
		modules.run(m, true).get();
		assertTrue(m.isCanceled());
		assertNull(m.getOutput("volume"));
	}

	@Test
	void statusMonitor_cancelsOnAnInterrupt() {
		StatusMonitor monitor = new StatusMonitor(null, () -> false);
		assertFalse(monitor.isCancelled());
		Thread.currentThread().interrupt();
		try {
			assertTrue(monitor.isCancelled());
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void parseAngles_readsListsAndRanges() {
		assertArrayEquals(new double[] { -60, -45.5, 0 }, TiltSeriesImgs.parseAngles(" -60, -45.5;0 "), 0);
		assertArrayEquals(new double[] { -10, 0, 10 }, TiltSeriesImgs.parseAngles("-10:10:10"), 0);
		assertEquals("-10,0,2.5", TiltSeriesImgs.formatAngles(new double[] { -10, 0, 2.5 }));
		assertNotNull(assertThrowsMessage(() -> TiltSeriesImgs.parseAngles("1, x")));
	}

	private static String assertThrowsMessage(org.junit.jupiter.api.function.Executable e) {
		return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e).getMessage();
	}

	static Calibration unit() {
		return Calibration.PIXEL;
	}
}
