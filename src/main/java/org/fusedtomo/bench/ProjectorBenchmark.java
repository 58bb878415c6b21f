package org.fusedtomo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.fusedtomo.projector.BlockedJosephProjector;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.Wbp;
import org.fusedtomo.recon.WbpFilter;

/**
 * Projector throughput in GUPS (DESIGN §5): voxels × angles / seconds for one forward projection,
 * and likewise for one back projection, on random data over angles spread evenly in [-90°, 90°).
 */
public final class ProjectorBenchmark {

	/** One measured figure: median, fastest and slowest run. */
	public record Result(String name, int size, int angles, int threads, double medianSeconds, double minSeconds, double maxSeconds, double gups) {}

	private ProjectorBenchmark() {}

	/** A named way to build a projector, so the bench compares kernels in one run. */
	public record Kernel(String name, ProjectorFactory factory) {}

	@FunctionalInterface
	public interface ProjectorFactory {
		Projector create(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism);
	}

	/**
	 * The general plain-Java loops as the baseline, the plain-Java blocked kernel (16-slice copies) and,
	 * where the JVM has it, the Vector API kernel.
	 */
	public static List<Kernel> kernels() {
		List<Kernel> k = new ArrayList<>();
		k.add(new Kernel("blocked-java-general", (v, t, p) -> BlockedJosephProjector.scalarGeneral(v, t, p, Projectors.SCALAR_BLOCK)));
		k.add(new Kernel("blocked-java", (v, t, p) -> BlockedJosephProjector.scalar(v, t, p, Projectors.SCALAR_BLOCK)));
		if (VectorKernels.available())
			k.add(new Kernel("blocked-simd", (v, t, p) -> Projectors.simd(v, t, p, Projectors.VECTORS_PER_BLOCK)));
		return k;
	}

	/** The plain-Java kernel at {@link Projectors#SCALAR_BLOCK} slices: general loops (baseline), then the written-out 16-slice copies. */
	public static List<Kernel> scalarLoops() {
		return List.of(new Kernel("general", (v, t, p) -> BlockedJosephProjector.scalarGeneral(v, t, p, Projectors.SCALAR_BLOCK)),
			new Kernel("16-slice", (v, t, p) -> BlockedJosephProjector.scalar(v, t, p, Projectors.SCALAR_BLOCK)));
	}

	/** The projector {@link Projectors#create} picks (the Vector API kernel where the JVM has it). */
	public static Kernel defaultKernel() {
		return new Kernel("default", Projectors::create);
	}

	/** Forward and back throughput of one kernel on random data. */
	/** Seconds of untimed calls before timing each figure. */
	static final double WARMUP_SECONDS = 2;
	/** Timed calls continue until they add up to this, so that millisecond calls get a stable median. */
	static final double MIN_TIMED_SECONDS = 0.5;

	public static List<Result> run(Kernel kernel, int size, int angleCount, int threads, int repeats) {
		VolumeGeometry vg = VolumeGeometry.cube(size);
		double[] angles = new double[angleCount];
		for (int i = 0; i < angleCount; i++)
			angles[i] = -90 + 180.0 * i / angleCount;
		TiltGeometry tg = new TiltGeometry(size, size, angles);
		Projector p = kernel.factory().create(vg, tg, new Parallelism(threads));
		Volume x = Volume.zeros(vg);
		TiltSeries y = TiltSeries.zeros(tg);
		SplittableRandom r = new SplittableRandom(42);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] = (float) r.nextDouble();
		for (int i = 0; i < y.data().length; i++)
			y.data()[i] = (float) r.nextDouble();
		double work = (double) vg.voxelCount() * angleCount;
		List<Result> results = new ArrayList<>();
		results.add(result(figure(kernel, p, "forward"), size, angleCount, threads, Stopwatch.timeFor(() -> p.forward(x, y), 3, WARMUP_SECONDS, repeats, MIN_TIMED_SECONDS), work));
		results.add(result(figure(kernel, p, "back"), size, angleCount, threads, Stopwatch.timeFor(() -> p.back(y, x), 3, WARMUP_SECONDS, repeats, MIN_TIMED_SECONDS), work));
		return results;
	}

	/** The name of one figure: kernel, projector class and direction ("forward" or "back"). */
	public static String figure(Kernel kernel, Projector p, String direction) {
		return kernel.name() + " (" + p.getClass().getSimpleName() + ") " + direction;
	}

	/** Time of one WBP (Shepp-Logan filter) of a size^3 volume from {@code angleCount} projections; GUPS counts the backprojection. */
	public static Result wbp(int size, int angleCount, int threads, int repeats) {
		VolumeGeometry vg = VolumeGeometry.cube(size);
		TiltGeometry tg = new TiltGeometry(size, size, TiltGeometry.range(-90, 90 - 180.0 / angleCount, 180.0 / angleCount));
		Parallelism par = new Parallelism(threads);
		Projector p = Projectors.create(vg, tg, par);
		TiltSeries y = TiltSeries.zeros(tg);
		SplittableRandom r = new SplittableRandom(7);
		for (int i = 0; i < y.data().length; i++)
			y.data()[i] = (float) r.nextDouble();
		Wbp wbp = new Wbp(p, WbpFilter.SHEPP_LOGAN, par);
		return result("WBP", size, tg.angleCount(), threads, Stopwatch.time(() -> wbp.run(y, Monitor.NONE), 1, repeats), (double) vg.voxelCount() * tg.angleCount());
	}

	static Result result(String name, int size, int angles, int threads, double[] seconds, double work) {
		double median = Stopwatch.median(seconds);
		double max = java.util.Arrays.stream(seconds).max().orElse(Double.NaN);
		return new Result(name, size, angles, threads, median, Stopwatch.min(seconds), max, work / median * 1e-9);
	}
}
