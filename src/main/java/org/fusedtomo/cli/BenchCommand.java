package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.bench.FusedBenchmark;
import org.fusedtomo.bench.Stopwatch;
import org.fusedtomo.bench.ProjectorBenchmark;
import org.fusedtomo.bench.TvProxBenchmark;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.fusedtomo.recon.ReconstructionEngine;
import org.fusedtomo.recon.fused.FusedEngine;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.report.ScalingPlot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fusedtomo bench}: projector throughput and reconstruction timings, with a one-thread baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure projector throughput (GUPS) and reconstruction time.")
final class BenchCommand implements Callable<Integer> {

	@Option(names = "--size", defaultValue = "256", description = "Volume edge length in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--angles", defaultValue = "61", description = "Number of projection angles (default ${DEFAULT-VALUE}).")
	int angles;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	@Option(names = "--repeats", defaultValue = "3", description = "Timed runs per figure; the median is reported (default ${DEFAULT-VALUE}).")
	int repeats;

	@Option(names = "--suite", defaultValue = "projector", description = "projector (throughput and WBP), fused (the default fused reconstruction and the reference scheme as its baseline), wbp512 (WBP of 512^3 from 180 projections; needs JAVA_OPTS=-Xmx6g) scaling (default projector GUPS at 64^3, 128^3, 256^3 on 1 and all threads), tv (TV prox throughput, plain-Java and Vector API row kernels, at --fused-size), scalar-loops (the plain-Java projector's 16-slice copies against its general loops, paired in one run) or spark-fused (time per fused iteration on --engine spark for each --master and --slabs, the single-machine run as the baseline, alternating; docs/spark.md) (default ${DEFAULT-VALUE}).")
	String suite;

	@Option(names = "--fused-size", defaultValue = "128", description = "Volume edge of the fused suite (default ${DEFAULT-VALUE}).")
	int fusedSize;

	@Option(names = "--solver", description = "fused suite: time the defaults of this solver: proximal (the product's default: HAADF-guided TV, 20 EM iterations) or reference (the tomo_TV scheme).")
	String solver;

	@Option(names = "--fused-no-baseline", description = "fused suite: time the chosen settings only, without the reference scheme's baseline (e.g. for the long 256^3 runs).")
	boolean fusedNoBaseline;

	/** Accepted so that older benchmark commands still run: the fused suite always times the default, which is the guided scheme. */
	@Option(names = "--fused-guided", hidden = true)
	boolean fusedGuided;

	@Option(names = "--engine", description = "spark-fused suite: the engine timed against the single-machine run: spark (the fusedtomo-spark module, docs/spark.md).")
	String engine;

	@Option(names = "--master", description = "spark-fused suite: a Spark master to time on, e.g. local[2] or local-cluster[2,1,1024]; repeat the option for several (default local[2]).")
	List<String> masters;

	@Option(names = "--slabs", split = ",", description = "spark-fused suite: the slab counts timed on every master, e.g. 1,2,4,8 (default 2).")
	List<Integer> slabs;

	@Option(names = "--iterations", defaultValue = "10", description = "spark-fused suite: fused iterations per run; the time per iteration is taken over all but the first (default ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--plot", description = "scaling suite: also write the GUPS-against-size plot to this PNG (e.g. docs/benchmarks-scaling.png).")
	Path plot;

	@Override
	public Integer call() {
		checkOptions();
		int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
		if (suite.equals("fused"))
			return fused(t);
		if (suite.equals("wbp512"))
			return wbp512(t);
		if (suite.equals("scaling"))
			return scaling(t);
		if (suite.equals("tv"))
			return tv(t);
		if (suite.equals("scalar-loops"))
			return scalarLoops(t);
		if (suite.equals("spark-fused"))
			return sparkFused(t);
		if (!suite.equals("projector"))
			throw new IllegalArgumentException("--suite must be projector, fused, wbp512, scaling, tv, scalar-loops or spark-fused, got '" + suite + "'");
		header("", String.format(Locale.ROOT, "%d^3 voxels, %d angles", size, angles));
		System.out.printf("%-" + FIGURE_WIDTH + "s %7s %7s %8s %10s %10s %8s%n", "figure", "size", "angles", "threads", "median s", "min s", "GUPS");
		for (int th : t == 1 ? new int[] { 1 } : new int[] { 1, t }) {
			List<ProjectorBenchmark.Result> rs = new ArrayList<>();
			for (ProjectorBenchmark.Kernel k : ProjectorBenchmark.kernels())
				rs.addAll(ProjectorBenchmark.run(k, size, angles, th, repeats));
			rs.add(ProjectorBenchmark.wbp(size, angles, th, repeats));
			for (ProjectorBenchmark.Result r : rs)
				System.out.printf("%-" + FIGURE_WIDTH + "s %7d %7d %8d %10.3f %10.3f %8.2f%n", r.name(), r.size(), r.angles(), r.threads(), r.medianSeconds(), r.minSeconds(), r.gups());
		}
		return 0;
	}

	/** Width of the figure column: the longest projector figure name fits (53, "blocked-java-general (BlockedJosephProjector) forward"; 50 cut the table). */
	static final int FIGURE_WIDTH = 56;

	/** Range checks of the options (docs/reliability.md), before any work; throws naming the option. */
	void checkOptions() {
		OptionChecks.atLeast("--threads", threads, 1);
		OptionChecks.atLeast("--repeats", repeats, 1);
		OptionChecks.atLeast("--angles", angles, 1);
		OptionChecks.atLeast("--size", size, 8);
		OptionChecks.atLeast("--fused-size", fusedSize, 8);
		OptionChecks.atLeast("--iterations", iterations, 2);
		if (slabs != null)
			for (Integer s : slabs)
				OptionChecks.atLeast("--slabs", s, 1);
		if (suite.equals("spark-fused") && engine == null)
			throw new IllegalArgumentException("--suite spark-fused needs --engine spark");
		// NB: the projector suite holds a volume, a series of about the same size and WBP's copies; the fused suite four elements' worth.
		OptionChecks.fitsHeap("--size " + size, (long) size * size * Math.max(size, angles), 4);
		OptionChecks.fitsHeap("--fused-size " + fusedSize, (long) fusedSize * fusedSize * fusedSize, 12);
	}

	/** WBP of 512^3 from 180 projections at all threads; with no --threads also on one thread. */
	private int wbp512(int t) {
		header(" --suite wbp512", String.format(Locale.ROOT, "512^3 voxels, 180 angles, max heap %d MiB", Runtime.getRuntime().maxMemory() >> 20));
		System.out.printf("%-10s %7s %7s %8s %10s %10s %8s%n", "figure", "size", "angles", "threads", "median s", "min s", "GUPS");
		for (int th : threads != null || t == 1 ? new int[] { t } : new int[] { t, 1 }) {
			ProjectorBenchmark.Result r = ProjectorBenchmark.wbp(512, 180, th, repeats);
			System.out.printf("%-10s %7d %7d %8d %10.3f %10.3f %8.2f%n", r.name(), r.size(), r.angles(), r.threads(), r.medianSeconds(), r.minSeconds(), r.gups());
		}
		return 0;
	}

	/** Forward and back GUPS of the default projector at 64^3, 128^3 and 256^3, on one thread and on all. */
	private int scaling(int t) {
		header(" --suite scaling", angles + " angles");
		System.out.printf("%-8s %8s %12s %12s %10s %10s %8s %8s%n", "size", "threads", "forward s", "back s", "fwd GUPS", "back GUPS", "fwd x", "back x");
		int[] sizes = { 64, 128, 256 }, threadCounts = t == 1 ? new int[] { 1 } : new int[] { 1, t };
		double[] work = new double[sizes.length];
		double[][] forward = new double[threadCounts.length][sizes.length], back = new double[threadCounts.length][sizes.length];
		for (int s = 0; s < sizes.length; s++) {
			int n = sizes[s];
			work[s] = (double) n * n * n * angles;
			for (int k = 0; k < threadCounts.length; k++) {
				List<ProjectorBenchmark.Result> r = ProjectorBenchmark.run(ProjectorBenchmark.defaultKernel(), n, angles, threadCounts[k], repeats);
				forward[k][s] = r.get(0).gups();
				back[k][s] = r.get(1).gups();
				System.out.printf("%-8s %8d %12.4f %12.4f %10.2f %10.2f %8.2f %8.2f%n", n + "^3", threadCounts[k], r.get(0).medianSeconds(), r.get(1).medianSeconds(),
					forward[k][s], back[k][s], forward[k][s] / forward[0][s], back[k][s] / back[0][s]);
			}
		}
		if (plot != null) {
			List<ScalingPlot.Curve> curves = new ArrayList<>();
			for (int k = 0; k < threadCounts.length; k++) {
				String threadsLabel = threadCounts[k] + (threadCounts[k] == 1 ? " thread" : " threads");
				curves.add(new ScalingPlot.Curve("forward, " + threadsLabel, work, forward[k]));
				curves.add(new ScalingPlot.Curve("back, " + threadsLabel, work, back[k]));
			}
			Path file = plot.toAbsolutePath();
			String name = file.getFileName().toString().replaceFirst("\\.png$", "");
			new OutputDirectory(file.getParent(), AtomicFiles.protecting()).png(name, ScalingPlot.of("Projector throughput, " + angles + " angles (64^3, 128^3, 256^3)", curves));
			System.out.println("Wrote " + file.getParent().resolve(name + ".png"));
		}
		return 0;
	}

	/**
	 * The plain-Java projector at 16 slices per block: the general loops (baseline) against the written-out
	 * 16-slice copies, on the same data and threads, in two rounds of opposite order (general first, then
	 * 16-slice first) so that a machine getting busier or quieter favours neither. Prints each median and
	 * the ratio of times, 16-slice over general, per round and direction.
	 */
	private int scalarLoops(int t) {
		header(" --suite scalar-loops", String.format(Locale.ROOT, "%d^3 voxels, %d angles, %d threads", size, angles, t));
		System.out.printf("%-6s %-" + FIGURE_WIDTH + "s %10s %10s %8s%n", "round", "figure", "median s", "min s", "GUPS");
		List<ProjectorBenchmark.Kernel> kernels = ProjectorBenchmark.scalarLoops();
		for (int round = 1; round <= 2; round++) {
			double[][] median = new double[kernels.size()][];
			for (int i = 0; i < kernels.size(); i++) {
				int k = round == 1 ? i : kernels.size() - 1 - i;
				List<ProjectorBenchmark.Result> rs = ProjectorBenchmark.run(kernels.get(k), size, angles, t, repeats);
				median[k] = new double[] { rs.get(0).medianSeconds(), rs.get(1).medianSeconds() };
				for (ProjectorBenchmark.Result r : rs)
					System.out.printf("%-6d %-" + FIGURE_WIDTH + "s %10.3f %10.3f %8.2f%n", round, r.name(), r.medianSeconds(), r.minSeconds(), r.gups());
			}
			System.out.printf("round %d: 16-slice / general time: forward %.2f, back %.2f%n", round, median[1][0] / median[0][0], median[1][1] / median[0][1]);
		}
		return 0;
	}

	/** TV prox throughput with both row kernels, at --fused-size and the reference λ_TV on data of order 1. */
	private int tv(int t) {
		header(" --suite tv", fusedSize + "^3, 5 FGP iterations per call, cold start");
		System.out.printf("%-12s %8s %12s %22s%n", "kernel", "threads", "median s", "M voxel-iterations/s");
		for (double lambda : new double[] { 1e-4, 0.1 })
			for (TvProxBenchmark.Result r : TvProxBenchmark.run(fusedSize, t, lambda, repeats))
				System.out.printf("%-12s %8d %12.4f %22.1f   (lambda %s)%n", r.kernel(), r.threads(), r.medianSeconds(), r.megaVoxelIterationsPerSecond(), lambda);
		return 0;
	}

	/**
	 * The product's default fused reconstruction and, in the same JVM after it, the reference scheme
	 * (tomo_TV, {@link FusedSolver#REFERENCE}) as the baseline, both on the same threads.
	 */
	private int fused(int t) {
		FusedParameters productDefault = FusedParameters.builder(solver).build();
		FusedParameters referenceScheme = FusedParameters.REFERENCE;
		header(" --suite fused" + (solver == null ? "" : " --solver " + solver), String.format(Locale.ROOT, "%d^3 x 3 elements, 47 HAADF + 9 chemical tilts, 50 iterations, %d threads, max heap %d MiB",
			fusedSize, t, Runtime.getRuntime().maxMemory() >> 20));
		System.out.printf("%-22s %8s %10s %16s %16s%n", "figure", "threads", "seconds", "pool peaks MiB", "live peak MiB");
		ConsoleMonitor monitor = Monitors.console();
		Map<String, FusedParameters> runs = new LinkedHashMap<>();
		runs.put((solver == null ? "default (" : "settings (") + describe(productDefault) + ")", productDefault);
		if (!fusedNoBaseline && productDefault.solver() != FusedSolver.REFERENCE)
			runs.put("reference (baseline)", referenceScheme);
		Map<String, Double> seconds = new LinkedHashMap<>();
		runs.forEach((name, settings) -> {
			FusedBenchmark.Result r = FusedBenchmark.run(fusedSize, t, settings.withIterations(50), monitor);
			monitor.endLine();
			System.out.printf("%-22s %8d %10.1f %16d %16d%n", name, r.threads(), r.seconds(), r.peakHeapBytes() >> 20, r.peakLiveBytes() >> 20);
			seconds.put(name, r.seconds());
		});
		if (seconds.size() == 2) {
			double[] s = seconds.values().stream().mapToDouble(Double::doubleValue).toArray();
			System.out.printf("default / reference time: %.2f%n", s[0] / s[1]);
		}
		return 0;
	}

	/** The lines every suite starts with: whether the Vector API runs, the suite ({@code ""} for the projector's) and its figures, the cores and Java. */
	private static void header(String suite, String figures) {
		System.out.println("# Vector API " + (VectorKernels.available() ? "enabled" : "not enabled: " + VectorKernels.HINT));
		System.out.printf("# fusedtomo bench%s: %s, %d cores available, Java %s%n", suite, figures, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
	}

	/**
	 * Time per fused iteration on {@code --engine} for every {@code --master} and {@code --slabs}, with the
	 * single-machine run on {@code t} threads as the baseline in the same JVM; each repeat runs the figures in the
	 * opposite order of the last (paired, alternating). Also the bytes the slabs exchange per iteration (the halos:
	 * Spark's shuffle bytes, serialised and compressed) and this JVM's CPU time. Each engine is opened for its
	 * figure and closed after it (its start is not timed).
	 */
	private int sparkFused(int t) {
		FusedParameters settings = FusedParameters.builder(solver).build().withIterations(iterations).withThreads(t);
		List<String> onMasters = masters == null ? List.of("local[2]") : masters;
		List<Integer> slabCounts = slabs == null ? List.of(2) : slabs;
		MultiModalSeries series = FusedBenchmark.coreShell(fusedSize, new Parallelism(t));
		VolumeGeometry volume = VolumeGeometry.cube(fusedSize);
		header(" --suite spark-fused", String.format(Locale.ROOT, "%d^3 x 3 elements, 47 HAADF + 9 chemical tilts, %s, %d iterations (timed: all but the first), baseline on %d threads, max heap %d MiB",
			fusedSize, describe(settings), iterations, t, Runtime.getRuntime().maxMemory() >> 20));
		List<String[]> figures = new ArrayList<>();
		figures.add(new String[] { "single machine", "-", "-" });
		for (String m : onMasters)
			for (Integer s : slabCounts)
				figures.add(new String[] { engine, m, String.valueOf(s) });
		String row = "%-16s %-26s %6s %14s %16s %16s%n";
		System.out.printf(row, "figure", "master", "slabs", "s/iteration", "JVM CPU s/it", "MiB exchanged/it");
		ConsoleMonitor monitor = Monitors.console();
		Map<String, List<Double>> seconds = new LinkedHashMap<>();
		for (int r = 0; r < repeats; r++) {
			List<String[]> order = new ArrayList<>(figures);
			if (r % 2 == 1)
				Collections.reverse(order);
			for (String[] f : order) {
				FusedBenchmark.PerIteration it;
				if (f[1].equals("-"))
					it = FusedBenchmark.perIteration(m -> FusedReconstruction.run(series, volume, settings, m), null, monitor);
				else
					try (ReconstructionEngine e = ReconstructionEngine.open(engine, f[1], Integer.valueOf(f[2]))) {
						if (!(e instanceof FusedEngine fused))
							throw new IllegalArgumentException("--engine " + engine + " does not run fused reconstructions");
						it = FusedBenchmark.perIteration(m -> fused.fuse(series, volume, settings, m), e, monitor);
					}
				monitor.endLine();
				System.out.printf(row, f[0], f[1], f[2], String.format(Locale.ROOT, "%.3f", it.seconds()), String.format(Locale.ROOT, "%.3f", it.cpuSeconds()),
					String.format(Locale.ROOT, "%.2f", it.bytesExchanged() / (1 << 20)));
				seconds.computeIfAbsent(String.join(" ", f), k -> new ArrayList<>()).add(it.seconds());
			}
		}
		double baseline = Stopwatch.median(seconds.get(String.join(" ", figures.get(0))).stream().mapToDouble(Double::doubleValue).toArray());
		System.out.println("# medians over the repeats, and against the single machine's");
		seconds.forEach((f, s) -> {
			double m = Stopwatch.median(s.stream().mapToDouble(Double::doubleValue).toArray());
			System.out.printf(Locale.ROOT, "%-52s %10.3f s/iteration %8.2fx%n", f, m, m / baseline);
		});
		return 0;
	}

	/** "proximal, guided" and the like: the solver, and whether TV follows the HAADF guide. */
	private static String describe(FusedParameters p) {
		return (p.solver() == FusedSolver.PROXIMAL_GRADIENT ? "proximal" : "reference") + (p.tvGuide() > 0 ? ", guided" : "");
	}
}
