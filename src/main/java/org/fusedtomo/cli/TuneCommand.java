package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.TuningPlots;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.tune.BayesianOptimizer;
import org.fusedtomo.tune.Evaluation;
import org.fusedtomo.tune.FusedKnob;
import org.fusedtomo.tune.FusedObjective;
import org.fusedtomo.tune.GridSearch;
import org.fusedtomo.tune.HeldOutChemistry;
import org.fusedtomo.tune.HeldOutProjections;
import org.fusedtomo.tune.SearchSpace;
import org.fusedtomo.tune.TuningOptions;
import org.fusedtomo.tune.TuningResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo tune}: λ_C and λ_TV of the fused reconstruction by Bayesian optimisation, on given
 * files (objective: NRMSE against {@code --truth}, else held-out HAADF projections) or on a simulation of
 * the DESIGN §6 protocol. Optionally also the dense grid it is compared with. Writes report.json (every
 * evaluation), surface.png, best-so-far.png (and grid.png) and prints the best flags for {@code reconstruct}.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Tune lambda_chem and lambda_tv of the fused reconstruction by Bayesian optimisation (GP, Matern 5/2, GP-Hedge).")
final class TuneCommand implements Callable<Integer> {

	@Mixin
	SeriesFiles inputs = new SeriesFiles();

	@Spec
	CommandSpec spec;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes: the objective becomes their mean NRMSE.")
	Path truth;

	@Option(names = "--simulate", description = "Instead of files: simulate this phantom with the DESIGN §6 protocol (" + Phantoms.NAMES + "); objective NRMSE.")
	String simulate;

	@Option(names = "--size", defaultValue = "48", description = "--simulate: volume edge in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--counts", defaultValue = "10", description = "--simulate: chemical counts per object pixel (default ${DEFAULT-VALUE}).")
	double counts;

	@Option(names = "--seed", defaultValue = "1", description = "--simulate: phantom and noise seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--evaluations", defaultValue = "20", description = "Fused reconstructions the optimiser may run (default ${DEFAULT-VALUE}).")
	int evaluations;

	@Option(names = "--initial", defaultValue = "5", description = "Latin-hypercube points before the GP takes over (default ${DEFAULT-VALUE}).")
	int initial;

	@Option(names = "--batch", description = "Evaluations in parallel (default: 2 on 2+ cores).")
	Integer batch;

	@Option(names = "--tune-seed", defaultValue = "1", description = "Seed of the optimiser (default ${DEFAULT-VALUE}).")
	long tuneSeed;

	@Option(names = "--lambda-chem", description = "Log range LOW:HIGH of lambda_chem (default 1e-2:1e1).")
	String lambdaChemRange;

	@Option(names = "--lambda-tv", description = "Log range LOW:HIGH of lambda_tv (default 1e-3:1 for the proximal solver's guided TV, 1e-4:1e-1 for --solver reference).")
	String lambdaTvRange;

	@Option(names = "--iterations", description = "Fused iterations per evaluation (default " + FusedParameters.ITERATIONS + ").")
	Integer iterations;

	@Option(names = "--solver", description = "Fused solver and its defaults for the settings not tuned: proximal (the default: HAADF-guided TV) or reference (the tomo_TV scheme).")
	String solver;

	@Option(names = "--hold-out-every", defaultValue = "5", description = "Without a truth: hold out every k-th HAADF projection (default ${DEFAULT-VALUE}).")
	int holdOutEvery;

	@Option(names = "--cross-validate-chem", paramLabel = "K",
		description = "Without a truth: score by K-fold cross-validation on held-out chemical tilts (fold k holds out tilts i = k mod K) instead of held-out HAADF projections.")
	Integer crossValidateChem;

	@Option(names = "--grid", defaultValue = "0", description = "Also evaluate an N x N log grid for comparison (0: no grid; default ${DEFAULT-VALUE}).")
	int grid;

	@Option(names = "--depth", description = "Volume thickness z in voxels for files (default: the projection width).")
	Integer depth;

	@Option(names = "--threads", description = "Threads in all (default: all cores); each evaluation gets threads/batch.")
	Integer threads;

	@Override
	public Integer call() {
		checkOptions();
		int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
		int parallel = batch == null ? Math.min(2, cores) : batch;
		Parallelism perEvaluation = new Parallelism(Math.max(1, cores / parallel));
		FusedParameters base = fusedBase(perEvaluation);
		List<FusedKnob> knobs = List.of(FusedKnob.LAMBDA_CHEM, FusedKnob.LAMBDA_TV);
		double[] chemRange = range("--lambda-chem", lambdaChemRange, FusedKnob.LAMBDA_CHEM.defaultRange(base.solver()));
		double[] tvRange = range("--lambda-tv", lambdaTvRange, FusedKnob.LAMBDA_TV.defaultRange(base.solver()));
		SearchSpace space = SearchSpace.of(FusedKnob.LAMBDA_CHEM.range(chemRange[0], chemRange[1]), FusedKnob.LAMBDA_TV.range(tvRange[0], tvRange[1]));
		Report report = new Report("tune");
		FusedObjective objective = objective(base, knobs, perEvaluation, report, cores);
		OutputDirectory dir = new OutputDirectory(out, simulate == null ? new AtomicFiles(inputs.protectedFiles(inputs.files())) : AtomicFiles.protecting());
		TuningOptions options = TuningOptions.of(evaluations, tuneSeed).withInitialPoints(Math.min(initial, evaluations)).withBatchSize(parallel);
		inputs.reportSpectra(report, dir);
		report.parameter("objective", objective.kind()).parameter("space", space).parameter("options", options).parameter("fused", base);

		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		TuningResult result = new BayesianOptimizer(options).minimise(space, objective, monitor, e -> {});
		monitor.endLine();
		report.timing("bayesian_optimisation", (System.nanoTime() - t0) * 1e-9);
		Evaluation best = result.best();
		report.section("evaluations", rows(space, result.evaluations())).section("best", row(space, best));
		report.section("gp", Map.of("kernel", result.model().kernel(), "noise_variance", result.model().noiseVariance(), "log_marginal_likelihood", result.model().logMarginalLikelihood()));
		System.out.printf(Locale.ROOT, "BO best %s %.5f after %d evaluations at lambda_chem=%.4g lambda_tv=%.4g%n", objective.kind(), best.value(), result.evaluations().size(),
			best.parameters()[0], best.parameters()[1]);
		List<String> edges = space.atEdges(best.parameters());
		report.section("best_at_edge", edges);
		if (!edges.isEmpty())
			System.err.println("Note: the best lies at the edge of the range searched: " + String.join("; ", edges) + "; a better point may lie beyond: widen --lambda-chem/--lambda-tv");

		Double gridBest = null;
		if (grid > 0) {
			long t1 = System.nanoTime();
			List<Evaluation> g = GridSearch.run(space, grid, objective, parallel, monitor);
			monitor.endLine();
			report.timing("grid", (System.nanoTime() - t1) * 1e-9);
			Evaluation gb = g.stream().min(java.util.Comparator.comparingDouble(Evaluation::value)).orElseThrow();
			gridBest = gb.value();
			double[][] values = new double[grid][grid];
			for (Evaluation e : g)
				values[e.index() / grid][e.index() % grid] = e.value();
			report.section("grid", Map.of("n", grid, "evaluations", rows(space, g), "best", row(space, gb)));
			report.metric("grid_best", gb.value()).metric("bo_best", best.value()).metric("bo_over_grid", best.value() / gb.value());
			dir.png("grid", TuningPlots.surface("grid " + grid + "x" + grid + " (" + objective.kind() + ") with BO points", space, values, result.evaluations()));
			System.out.printf(Locale.ROOT, "grid best %.5f of %d evaluations at lambda_chem=%.4g lambda_tv=%.4g; BO/grid = %.4f%n", gb.value(), g.size(), gb.parameters()[0], gb.parameters()[1],
				best.value() / gb.value());
		}
		dir.png("surface", TuningPlots.surface("GP mean of " + objective.kind(), space, result.meanSurface(64), result.evaluations()));
		dir.png("best-so-far", TuningPlots.bestSoFar("best " + objective.kind() + " so far", result.bestSoFar(), gridBest, "grid best"));
		report.section("command", String.join(" ", commandLine(base, space)));
		dir.report(report);
		System.out.printf(Locale.ROOT, "Best flags: --method fused --solver %s --iterations %d --lambda-chem %.4g --lambda-tv %.4g%n", base.solver().key(), base.iterations(), best.parameters()[0],
			best.parameters()[1]);
		System.out.println("Wrote report.json, surface.png, best-so-far.png" + (grid > 0 ? ", grid.png" : "") + " to " + out);
		return 0;
	}

	/** Range checks of the options (docs/reliability.md), before any work; throws naming the option. */
	void checkOptions() {
		OptionChecks.atLeast("--batch", batch, 1);
		OptionChecks.atLeast("--threads", threads, 1);
		OptionChecks.atLeast("--evaluations", evaluations, 1);
		OptionChecks.atLeast("--initial", initial, 1);
		OptionChecks.atLeast("--iterations", iterations, 1);
		OptionChecks.atLeast("--depth", depth, 1);
		OptionChecks.atLeast("--hold-out-every", holdOutEvery, 2);
		OptionChecks.atLeast("--grid", grid, 0);
		OptionChecks.atLeast("--size", size, 8);
		OptionChecks.within("--counts", counts, Double.MIN_VALUE, Float.MAX_VALUE);
		if (simulate != null)
			OptionChecks.fitsHeap("--size " + size, (long) size * size * size, 8);
	}

	/** The settings each evaluation starts from: the chosen solver's defaults with {@code --iterations}. */
	FusedParameters fusedBase(Parallelism perEvaluation) {
		return FusedParameters.builder(solver).iterations(iterations).threads(perEvaluation.threads()).build();
	}

	private FusedObjective objective(FusedParameters base, List<FusedKnob> knobs, Parallelism par, Report report, int cores) {
		if (simulate != null) {
			if (inputs.haadf != null || inputs.spectra != null || truth != null)
				throw new IllegalArgumentException("--simulate replaces --haadf, --chem, --spectra and --truth; give one or the other");
			Phantom phantom = Phantoms.create(simulate, VolumeGeometry.cube(size), seed);
			SimulationParameters sp = SimulationParameters.defaults().withCountsPerPixel(counts).withSeed(seed);
			SimulatedData data = new Simulator(new Parallelism(cores)).simulate(phantom, sp);
			report.parameter("simulation", Map.of("phantom", simulate, "size", size, "parameters", sp));
			return FusedObjective.nrmse(new MultiModalSeries(data.haadf(), data.chemical()), phantom.densities(), base, knobs);
		}
		// NB: --spectra too, which SeriesFiles gives every command that reads series (tune refused it with this line).
		if (inputs.haadf == null && inputs.spectra == null)
			throw new IllegalArgumentException("Give --haadf FILE --chem EL=FILE ... or --spectra FILES --lines ... (optionally --truth DIR), or --simulate PHANTOM");
		OptionChecks.folder("--truth", truth);
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> all = inputs.read(files);
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(all);
		if (chemical.isEmpty())
			throw new IllegalArgumentException("tune needs at least one chemical series (--chem EL=FILE)");
		SeriesFiles.noteNegativeCounts(chemical, "fused");
		SeriesFiles.noteNegativeHaadf(all.get(SeriesFiles.HAADF));
		MultiModalSeries series = inputs.multiModal(all, files);
		report.section("inputs", files.values().stream().map(Path::toString).toList());
		if (truth != null) {
			Map<String, Volume> truths = TiffSeries.readElementVolumes(truth);
			for (String el : series.elements())
				if (!truths.containsKey(el))
					throw new InvalidInputException(truth, "(--truth) holds no " + el + ".tif; it has " + truths.keySet() + ": give the truth volume of every element");
			// NB: the volume takes the truth's depth; width and height must be the projections'.
			Volume first = truths.get(series.elements().get(0));
			List<String> elements = List.copyOf(chemical.keySet());
			ReconstructCommand.checkSizes("--truth", truth, truths, elements, new VolumeGeometry(series.width(), series.height(), first.depth()));
			ReconstructCommand.checkTruthNotZero(truth, truths, elements);
			return FusedObjective.nrmse(series, truths, base, knobs);
		}
		int z = VolumeGeometry.ofDepthOrWidth(series.haadf().geometry(), depth == null ? 0 : depth).depth();
		OptionChecks.fitsHeap(depth == null ? "a volume " + z + " voxels thick (the projection width as --depth)" : "--depth " + depth, (long) series.width() * series.height() * z,
			(all.size() + ReconstructionOptions.WORKING_COPIES) * Math.max(1, batch == null ? 2 : batch));
		// NB: as reconstruct, a specimen wider than the view gets a margin beyond it (FieldOfView).
		int margin = FieldOfView.automaticMargin(series, z);
		VolumeGeometry volume = VolumeGeometry.of(series.haadf().geometry(), z).widened(margin);
		if (margin > 0)
			System.out.printf("The specimen leaves the field of view: %d voxels beyond the view on each side%n", margin);
		report.parameter("margin", margin);
		if (crossValidateChem != null)
			return FusedObjective.crossValidated(series, HeldOutChemistry.kFold(chemical, crossValidateChem), volume, base, knobs);
		return FusedObjective.heldOut(new HeldOutProjections(series, holdOutEvery), volume, base, knobs);
	}

	/** The range LOW:HIGH given, or {@code otherwise} when none was. */
	private static double[] range(String option, String value, double[] otherwise) {
		if (value == null)
			return otherwise;
		String[] parts = value.split(":");
		try {
			if (parts.length == 2) {
				double low = Double.parseDouble(parts[0]), high = Double.parseDouble(parts[1]);
				// NB: a log range: both ends positive, and floats must hold them (see OptionChecks.lambda).
				OptionChecks.lambda(option, high);
				if (!(low > 0 && low < high))
					throw new IllegalArgumentException(option + " '" + value + "' must be a range LOW:HIGH with 0 < LOW < HIGH, e.g. 1e-2:1e1");
				return new double[] { low, high };
			}
		}
		catch (NumberFormatException e) {
			// falls through to the message below
		}
		throw new IllegalArgumentException(option + " '" + value + "' is not a range LOW:HIGH, e.g. 1e-2:1e1");
	}

	private static String rangeText(SearchSpace space, int dimension) {
		return space.dimension(dimension).lower() + ":" + space.dimension(dimension).upper();
	}

	private static List<Map<String, Object>> rows(SearchSpace space, List<Evaluation> evaluations) {
		return evaluations.stream().map(e -> row(space, e)).toList();
	}

	private static Map<String, Object> row(SearchSpace space, Evaluation e) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("index", e.index());
		m.put("round", e.round());
		for (int i = 0; i < space.size(); i++)
			m.put(space.dimension(i).name(), e.parameters()[i]);
		m.put("value", e.value());
		m.put("proposer", e.proposer());
		m.put("seconds", e.seconds());
		return m;
	}

	/** The command that repeats this run, with every setting spelled out. */
	private List<String> commandLine(FusedParameters base, SearchSpace space) {
		List<String> c = new ArrayList<>(List.of("./fusedtomo", "tune"));
		if (simulate != null)
			c.addAll(List.of("--simulate", simulate, "--size", "" + size, "--counts", "" + counts, "--seed", "" + seed));
		else {
			// NB: every option of the series as given (--spectra and --lines, --bin, --axis-rotation ... were left out).
			ParseResult given = spec.commandLine().getParseResult();
			for (OptionSpec o : spec.mixins().get("inputs").options())
				if (given.hasMatchedOption(o.longestName())) {
					// NB: a flag is its name alone; its parsed value ("true") would read back as an unmatched argument.
					if (o.arity().max() == 0) {
						c.add(o.longestName());
						continue;
					}
					for (String v : given.matchedOption(o.longestName()).stringValues())
						c.addAll(List.of(o.longestName(), v));
				}
			if (truth != null)
				c.addAll(List.of("--truth", truth.toString()));
			if (crossValidateChem != null)
				c.addAll(List.of("--cross-validate-chem", "" + crossValidateChem));
		}
		c.addAll(List.of("--evaluations", "" + evaluations, "--initial", "" + initial, "--tune-seed", "" + tuneSeed, "--lambda-chem", rangeText(space, 0), "--lambda-tv",
			rangeText(space, 1), "--iterations", "" + base.iterations(), "--solver", base.solver().key()));
		if (grid > 0)
			c.addAll(List.of("--grid", "" + grid));
		c.addAll(List.of("--out", out.toString()));
		return c;
	}
}
