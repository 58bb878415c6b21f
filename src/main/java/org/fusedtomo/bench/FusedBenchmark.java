package org.fusedtomo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.ReconstructionEngine;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * Time and peak heap of one fused reconstruction (with the given settings, e.g. the defaults) of a simulated
 * core-shell phantom: size³ voxels, 3 elements, 47 HAADF and 9 chemical tilts (DESIGN §6); and the time per
 * iteration of a fused run on one machine or on an engine (Spark slabs), for the same series.
 */
public final class FusedBenchmark {

	/**
	 * Seconds of the fused run (simulation excluded); the sum of every heap pool's peak during the run (an
	 * upper bound: pools peak at different times and eden holds garbage); and the largest heap left after
	 * any collection during the run (the live data the run needs).
	 */
	public record Result(int size, int threads, int iterations, double seconds, long peakHeapBytes, long peakLiveBytes, long maxHeapBytes) {}

	/**
	 * One run's figures per fused iteration, over the iterations after the first (from the end of the first to the
	 * end of the last, as the run's progress reports them): so the preparation (EM, the guide, ‖A‖²) is left out.
	 *
	 * @param seconds wall time per iteration
	 * @param cpuSeconds this JVM's CPU time per iteration (all its threads: local Spark executors included, the
	 *        executor JVMs of a cluster not)
	 * @param bytesExchanged bytes the engine's parts exchanged per iteration ({@link ReconstructionEngine#bytesExchanged}; 0 on one machine)
	 */
	public record PerIteration(int iterations, double seconds, double cpuSeconds, double bytesExchanged) {}

	private FusedBenchmark() {}

	/** One run with {@code settings} (e.g. {@link FusedParameters#DEFAULT}); {@code settings.threads()} is replaced by {@code threads}. */
	public static Result run(int size, int threads, FusedParameters settings, Monitor monitor) {
		MultiModalSeries series = coreShell(size, new Parallelism(threads));
		FusedParameters p = settings.withThreads(threads);
		resetPeakHeap();
		try (LiveHeap live = LiveHeap.watch()) {
			long t0 = System.nanoTime();
			FusedReconstruction.run(series, size, p, monitor);
			double seconds = (System.nanoTime() - t0) * 1e-9;
			return new Result(size, threads, p.iterations(), seconds, peakHeap(), live.peakBytes(), Runtime.getRuntime().maxMemory());
		}
	}

	/** The series every fused benchmark reconstructs: the core-shell phantom (seed 1) of size³ voxels with DESIGN §6's tilts and doses. */
	public static MultiModalSeries coreShell(int size, Parallelism parallelism) {
		SimulatedData data = new Simulator(parallelism).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(size), 1), SimulationParameters.defaults());
		return new MultiModalSeries(data.haadf(), data.chemical());
	}

	/**
	 * Times the iterations of {@code run}, a fused reconstruction that reports one progress step per iteration (stage
	 * "Fused ...", as {@link FusedReconstruction} and the engines do) to the monitor it is given, which passes every
	 * report on to {@code monitor}; {@code engineOrNull} is the engine it runs on, asked for the bytes exchanged.
	 *
	 * @throws IllegalStateException when the run reported fewer than 2 iterations
	 */
	public static PerIteration perIteration(Function<Monitor, FusedResult> run, ReconstructionEngine engineOrNull, Monitor monitor) {
		List<long[]> ends = new ArrayList<>();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		run.apply(new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {
				if (stage.startsWith("Fused") && (ends.isEmpty() || done > ends.get(ends.size() - 1)[0]))
					ends.add(new long[] { done, System.nanoTime(), os.getProcessCpuTime(), System.currentTimeMillis() });
				monitor.progress(stage, done, total);
			}

			@Override
			public boolean isCancelled() {
				return monitor.isCancelled();
			}
		});
		if (ends.size() < 2)
			throw new IllegalStateException("The fused run reported " + ends.size() + " iterations; at least 2 are needed to time one");
		long[] first = ends.get(0), last = ends.get(ends.size() - 1);
		int n = ends.size() - 1;
		double bytes = engineOrNull == null ? 0 : engineOrNull.bytesExchanged(first[3], last[3]);
		return new PerIteration(n, (last[1] - first[1]) * 1e-9 / n, (last[2] - first[2]) * 1e-9 / n, bytes / n);
	}

	/** Starts every heap pool's peak afresh, so that a run's peak does not include an earlier run's in the same JVM. */
	private static void resetPeakHeap() {
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP)
				pool.resetPeakUsage();
	}

	/** Sum of the peak usage of every heap pool since the last reset (the start of the run). */
	static long peakHeap() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP)
				sum += pool.getPeakUsage().getUsed();
		return sum;
	}
}
