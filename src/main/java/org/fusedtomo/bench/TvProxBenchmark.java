package org.fusedtomo.bench;

import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.TvProx;

/**
 * Throughput of the TV prox ({@link TvProx}, 5 FGP iterations from a cold start, as the reference fused
 * solver calls it) in voxel-iterations per second, with the row kernel the JVM gives and with the
 * plain-Java kernel as the baseline in the same run. The input is a seeded noisy step volume.
 */
public final class TvProxBenchmark {

	/** Median seconds per call, and million voxel-iterations per second. */
	public record Result(String kernel, int size, int threads, double medianSeconds, double megaVoxelIterationsPerSecond) {}

	private static final int FGP_ITERATIONS = 5;

	private TvProxBenchmark() {}

	/** Both kernels at {@code size}³ on {@code threads}: plain Java first, then the fastest. */
	public static Result[] run(int size, int threads, double lambda, int repeats) {
		Volume v = Volume.zeros(VolumeGeometry.cube(size));
		Random random = new Random(5);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (i % size < size / 2 ? 1 : 0) + (float) (0.2 * random.nextGaussian());
		Parallelism par = new Parallelism(threads);
		return new Result[] { time("plain Java", TvProx.plainJava(lambda, FGP_ITERATIONS, par), v, threads, repeats),
			time("fastest", new TvProx(lambda, FGP_ITERATIONS, par), v, threads, repeats) };
	}

	private static Result time(String kernel, TvProx prox, Volume v, int threads, int repeats) {
		TvProx.Dual dual = new TvProx.Dual(v.geometry());
		Volume out = v.zerosLike();
		double[] s = Stopwatch.timeFor(() -> {
			dual.reset();
			prox.apply(v, dual, out);
		}, 2, 3, repeats, 1);
		double median = Stopwatch.median(s);
		return new Result(kernel, v.width(), threads, median, FGP_ITERATIONS * (double) v.data().length / median / 1e6);
	}
}
