package org.fusedtomo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * Time and peak heap of one fused reconstruction (with the given settings, e.g. the defaults) of a simulated
 * core-shell phantom: size³ voxels, 3 elements, 47 HAADF and 9 chemical tilts (DESIGN §6).
 */
public final class FusedBenchmark {

	/**
	 * Seconds of the fused run (simulation excluded); the sum of every heap pool's peak during the run (an
	 * upper bound: pools peak at different times and eden holds garbage); and the largest heap left after
	 * any collection during the run (the live data the run needs).
	 */
	public record Result(int size, int threads, int iterations, double seconds, long peakHeapBytes, long peakLiveBytes, long maxHeapBytes) {}

	private FusedBenchmark() {}

	/** One run with {@code settings} (e.g. {@link FusedParameters#DEFAULT}); {@code settings.threads()} is replaced by {@code threads}. */
	public static Result run(int size, int threads, FusedParameters settings, Monitor monitor) {
		Parallelism par = new Parallelism(threads);
		SimulatedData data = new Simulator(par).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(size), 1), SimulationParameters.defaults());
		MultiModalSeries series = new MultiModalSeries(data.haadf(), data.chemical());
		FusedParameters p = settings.withThreads(threads);
		resetPeakHeap();
		try (LiveHeap live = LiveHeap.watch()) {
			long t0 = System.nanoTime();
			FusedReconstruction.run(series, size, p, monitor);
			double seconds = (System.nanoTime() - t0) * 1e-9;
			return new Result(size, threads, p.iterations(), seconds, peakHeap(), live.peakBytes(), Runtime.getRuntime().maxMemory());
		}
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
