package org.fusedtomo.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedProblem;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.recon.fused.ProximalGradientSolver;
import org.fusedtomo.recon.fused.ReferenceSolver;

import scala.Tuple2;

/**
 * The fused reconstruction with the proximal-gradient solver ({@link ProximalGradientSolver}, the default) or the
 * reference solver ({@link ReferenceSolver}, the tomo_TV scheme) on Spark over slabs of y slices ({@link SlabFused}). The driver prepares what needs the whole series as
 * {@link FusedProblem#prepare} does: it normalises the tilt series and takes their count levels (it holds the
 * series), reduces EM's start per element over slabs ({@link SparkEngine#emStart}), runs the HAADF guide as a
 * TV reconstruction on the slabs ({@link SparkTv}) and takes the guide's largest gradient from it, reduces the
 * model's maximum per projection and each element's largest start voxel over slabs (a max), and ‖A‖² by the
 * power method over slabs ({@link SparkTv#normSquared}). Then every job is one trial of the solver on every slab,
 * after the slabs exchanged their halo rows; the driver sums the slabs' shares of each cost term and takes the
 * solver's decisions ({@link ProximalGradientSolver.Schedule}): another trial with a larger step factor, or the
 * monotone choice and momentum that the next job applies first. The reference solver needs no ‖A‖²: it reduces
 * each element's largest voxel of {@code AᵀA 1} over slabs (its chemical step scale), then every job is one of its
 * iterations on every slab after the halo exchange, and the driver applies its λ_C rule
 * ({@link ReferenceSolver.Schedule}) to the summed HAADF term. Progress per iteration; cancel stops the job.
 */
final class SparkFused {

	private SparkFused() {}

	/** Refuses what is not distributed yet, with one line naming the option. */
	static void check(MultiModalSeries series, FusedParameters p) {
		// NB: the rule needs every element's whole EM start; the slabs would need a reduction of its sums first.
		if (p.interfaceCoupling() && !p.jointTv())
			throw new IllegalArgumentException("--engine spark does not take --interface-coupling true yet; give --interface-coupling false (or --joint-tv)");
		check(series);
	}

	/** Refuses series that are not distributed yet, with one line naming the option. */
	static void check(MultiModalSeries series) {
		for (String el : series.elements())
			if (!series.sampling(el).equals(ChemicalSampling.FULL))
				throw new IllegalArgumentException("--engine spark needs every series on the HAADF's grid; " + el + " is sampled " + series.sampling(el));
	}

	/** The fused reconstruction of {@code series} into {@code volume} with {@code p} over {@code parts}, each task on {@code threads} threads. */
	static FusedResult run(SparkEngine engine, List<Slab> parts, MultiModalSeries series, VolumeGeometry volume, FusedParameters p, int threads, Monitor monitor) {
		return run(engine, parts, series, volume, p, threads, monitor, FusedProblem.guideIterations());
	}

	/**
	 * {@link #run} with {@code guideIterations} FISTA steps for the guide instead of {@link FusedProblem}'s (in whole
	 * sweeps over its ordered subsets, at least one): for a memory test, whose memory does not depend on them.
	 */
	static FusedResult run(SparkEngine engine, List<Slab> parts, MultiModalSeries series, VolumeGeometry volume, FusedParameters p, int threads, Monitor monitor,
		int guideIterations) {
		check(series, p);
		monitor.checkCancelled();
		List<String> elements = series.elements();
		int w = volume.width(), h = volume.height(), d = volume.depth(), n = parts.size();
		TiltSeries haadf = FusedProblem.normalised(series.haadf(), "HAADF");
		List<TiltSeries> chem = new ArrayList<>();
		float[] emStarts = new float[elements.size()];
		double[][] chemAngles = new double[elements.size()][];
		for (int e = 0; e < emStarts.length; e++) {
			String el = elements.get(e);
			TiltSeries b = FusedProblem.normalised(series.chemical(el), "chemical series of " + el);
			chem.add(b);
			chemAngles[e] = b.anglesDeg();
			emStarts[e] = engine.emStart(engine.slabTasks(parts, b, d), threads, n, monitor.cancelOnly());
		}
		Volume guideImage = null;
		double guideMaxSquared = Double.NaN;
		if (p.tvGuide() > 0) {
			// NB: FusedProblem's guide: the Poisson-weighted TV reconstruction from zero on ordered subsets of the angles.
			int subsets = FusedProblem.guideSubsets();
			guideImage = SparkTv.runSubsets(engine, parts, volume, haadf, FusedProblem.guideOptions(series.haadf()), subsets, Math.max(1, guideIterations / subsets), threads,
				monitor).volume()
				.withCalibration(series.haadf().calibration());
			guideMaxSquared = TvGuide.maxSquaredGradient(guideImage);
		}
		int k = p.tvIterations();
		List<SlabExtent> extents = SlabExtent.of(parts, h, SlabTv.haloBelow(k), SlabTv.haloAbove(k));
		SlabFused.Problem problem = new SlabFused.Problem(w, h, d, haadf.anglesDeg(), chemAngles, elements.toArray(String[]::new), p, FusedProblem.elementScales(series, p),
			emStarts, guideMaxSquared, threads);
		HashPartitioner bySlab = new HashPartitioner(n);
		JavaSparkContext sc = engine.context();
		JavaPairRDD<Integer, SlabFused> states = starts(sc, extents, problem, haadf, chem, guideImage, bySlab).mapValues(SlabFused::start).persist(SparkTv.STATE_STORAGE);
		try {
			// The model's maximum per projection and each element's largest start voxel: maxima over slabs.
			int angles = haadf.angleCount();
			float[] modelMaxima = new float[angles], startMaxima = new float[elements.size()];
			for (double[] s : sums(engine, states, "fused start", n, monitor)) {
				for (int a = 0; a < angles; a++)
					modelMaxima[a] = Math.max(modelMaxima[a], (float) s[a]);
				for (int e = 0; e < startMaxima.length; e++)
					startMaxima[e] = Math.max(startMaxima[e], (float) s[angles + e]);
			}
			float[] factors = FusedProblem.rescaleFactors(haadf, modelMaxima);
			CostHistory history = new CostHistory();
			Function<SlabFused, float[][]> result;
			int jobs = 0;
			if (p.solver() == FusedSolver.REFERENCE) {
				JavaPairRDD<Integer, SlabFused> solver = states.mapValues(s -> s.referenceStart(factors)).persist(SparkTv.STATE_STORAGE);
				double[] normalMaxima = new double[elements.size()];
				for (double[] s : sums(engine, solver, "fused start", n, monitor))
					for (int e = 0; e < normalMaxima.length; e++)
						normalMaxima[e] = Math.max(normalMaxima[e], s[e]);
				states.unpersist(false);
				states = solver;
				double[] stepScales = new double[normalMaxima.length];
				for (int e = 0; e < stepScales.length; e++)
					stepScales[e] = ReferenceSolver.chemStepScale((float) normalMaxima[e]);
				ReferenceSolver.Schedule schedule = new ReferenceSolver.Schedule(p.lambdaChem(), p.lambdaTv());
				for (int it = 0; it < p.iterations(); it++) {
					monitor.checkCancelled();
					double lambdaChem = schedule.lambdaChem();
					JavaPairRDD<Integer, SlabFused> next = job(states, extents, bySlab, (x, halos) -> x.referenceNext(halos, stepScales, lambdaChem), ++jobs);
					double[] sums = total(sums(engine, next, "fused iteration", n, monitor));
					states = swap(states, next, jobs);
					schedule.finish(sums[0], sums[1], sums[2]);
					schedule.record(history);
					monitor.progress("Fused (reference) on " + n + " slabs", it + 1, p.iterations());
				}
				result = SlabFused::referenceResult;
			}
			else {
				// NB: one estimate per distinct tilt geometry, as the single-machine run shares one projector per geometry.
				Map<List<Double>, Double> norms = new HashMap<>();
				double haadfNorm = norm(engine, parts, volume, haadf.anglesDeg(), norms, threads, monitor);
				double[] chemNorms = new double[elements.size()];
				for (int e = 0; e < chemNorms.length; e++)
					chemNorms[e] = norm(engine, parts, volume, chemAngles[e], norms, threads, monitor);
				JavaPairRDD<Integer, SlabFused> solver = states.mapValues(s -> s.solverStart(factors, haadfNorm, chemNorms, startMaxima)).persist(SparkTv.STATE_STORAGE);
				double[] start = total(sums(engine, solver, "fused start", n, monitor));
				states.unpersist(false);
				states = solver;
				ProximalGradientSolver.Schedule schedule = new ProximalGradientSolver.Schedule(p.lambdaChem(), p.lambdaTv(), start[0], start[1], start[2]);
				ProximalGradientSolver.Choice pending = null;
				int groups = ProximalGradientSolver.TvStep.groups(p.jointTv(), elements.size()).length;
				for (int it = 0; it < p.iterations(); it++) {
					monitor.checkCancelled();
					double s = schedule.begin(), fy = 0;
					double[] sums;
					boolean first = true;
					do {
						ProximalGradientSolver.Choice choice = pending;
						boolean gradient = first;
						double factor = s;
						Tuple2<JavaPairRDD<Integer, SlabFused>, JavaPairRDD<Integer, SlabFused>> trial = trial(states, extents, bySlab, groups, x -> x.proxInput(choice, gradient,
							factor), ++jobs);
						sums = total(sums(engine, trial._2(), "fused iteration", n, monitor));
						states = swap(states, trial._2(), jobs);
						trial._1().unpersist(false);
						if (first)
							fy = sums[0];
						pending = null;
						first = false;
						s = schedule.next(fy, new ProximalGradientSolver.Trial(sums[1], sums[2], sums[3]));
					}
					while (!schedule.stepFound());
					pending = schedule.finish(sums[2], sums[3], sums[4]);
					schedule.record(history);
					monitor.progress("Fused (proximal gradient) on " + n + " slabs", it + 1, p.iterations());
				}
				ProximalGradientSolver.Choice last = pending;
				result = x -> x.result(last);
			}
			LinkedHashMap<String, Volume> volumes = new LinkedHashMap<>();
			// NB: one element per job, so that the driver holds one element's slabs beside the volumes (E x 4 w h d bytes at once otherwise).
			for (int e = 0; e < elements.size(); e++) {
				int element = e;
				Function<SlabFused, float[][]> slabResult = result;
				List<Tuple2<Integer, float[]>> slabs = engine.await(states.mapValues(x -> slabResult.call(x)[element]).collectAsync(), "fused volume of " + elements.get(e), n,
					monitor.cancelOnly());
				Volume v = new Volume(volume, series.haadf().calibration());
				for (Tuple2<Integer, float[]> t : slabs)
					SlabRows.put(t._2(), v.data(), w, h, parts.get(t._1()).from());
				volumes.put(elements.get(e), v);
			}
			return new FusedResult(volumes, history, guideImage, FusedResult.named(ProximalGradientSolver.TvStep.groups(p.jointTv(), elements.size()), elements));
		}
		finally {
			states.unpersist(false);
		}
	}

	/**
	 * One trial of the proximal solver, in one job: every slab runs {@code input} (the prox input on its own slices,
	 * {@link SlabFused#proxInput}), then per TV group in turn gets its neighbours' halo rows of that group
	 * ({@link SlabFused#proxHalosFor}) and runs its prox ({@link SlabFused#prox}); the groups chain in one task per
	 * slab, so a task holds one group's halos at a time. Returns the persisted inputs (to release once the trial's
	 * sums came back) and the new states, whose lineage every {@link SparkTv#LINEAGE_CUT}th job (number {@code job})
	 * cuts, which {@link #swap} completes.
	 */
	private static Tuple2<JavaPairRDD<Integer, SlabFused>, JavaPairRDD<Integer, SlabFused>> trial(JavaPairRDD<Integer, SlabFused> states, List<SlabExtent> extents,
		HashPartitioner bySlab, int groups, Function<SlabFused, SlabFused> input, int job) {
		JavaPairRDD<Integer, SlabFused> inputs = states.mapValues(input).persist(SparkTv.STATE_STORAGE);
		JavaPairRDD<Integer, SlabFused> next = inputs;
		for (int g = 0; g < groups; g++) {
			int group = g;
			JavaPairRDD<Integer, SlabTv.SlabHalo> halos = inputs.flatMapToPair(x -> x._2().proxHalosFor(group, extents));
			// NB: next is partitioned by slab, so the cogroup moves only the halos.
			next = next.cogroup(halos, bySlab).mapValues(c -> c._1().iterator().next().prox(group, c._2()));
		}
		next = next.persist(SparkTv.STATE_STORAGE);
		if (job % SparkTv.LINEAGE_CUT == 0)
			next.rdd().localCheckpoint();
		return new Tuple2<>(inputs, next);
	}

	/**
	 * One job of the reference solver: every slab gets its neighbours' halo rows ({@link SlabFused#halosFor}) and runs {@code step} on them.
	 * The new states are persisted; every {@link SparkTv#LINEAGE_CUT}th job (number {@code job}) cuts the lineage,
	 * which {@link #swap} completes.
	 */
	private static JavaPairRDD<Integer, SlabFused> job(JavaPairRDD<Integer, SlabFused> states, List<SlabExtent> extents, HashPartitioner bySlab,
		Function2<SlabFused, Iterable<SlabTv.SlabHalo>, SlabFused> step, int job) {
		JavaPairRDD<Integer, SlabTv.SlabHalo> halos = states.flatMapToPair(x -> x._2().halosFor(extents).stream().map(t -> new Tuple2<>(t.target(), t)).iterator());
		// NB: states is partitioned by slab, so the cogroup moves only the halos.
		JavaPairRDD<Integer, SlabFused> next = states.cogroup(halos, bySlab).mapValues(g -> step.call(g._1().iterator().next(), g._2())).persist(SparkTv.STATE_STORAGE);
		if (job % SparkTv.LINEAGE_CUT == 0)
			next.rdd().localCheckpoint();
		return next;
	}

	/** After the sums of job number {@code job} came back: completes its lineage cut and releases the states before it; returns {@code next}. */
	private static JavaPairRDD<Integer, SlabFused> swap(JavaPairRDD<Integer, SlabFused> states, JavaPairRDD<Integer, SlabFused> next, int job) {
		// NB: asynchronous jobs do not checkpoint; one synchronous pass over the cached partitions does (see SparkTv).
		if (job % SparkTv.LINEAGE_CUT == 0)
			next.rdd().count();
		states.unpersist(false);
		return next;
	}

	/**
	 * The slabs' first states, by slab: their rows of the series and of the guide image. In a method of its own so
	 * that the driver's list of them is garbage once Spark cut the lineage to it.
	 */
	private static JavaPairRDD<Integer, SlabFused> starts(JavaSparkContext sc, List<SlabExtent> extents, SlabFused.Problem problem, TiltSeries haadf, List<TiltSeries> chem,
		Volume guideImage, HashPartitioner bySlab) {
		List<Tuple2<Integer, SlabFused>> initial = new ArrayList<>();
		for (SlabExtent e : extents)
			initial.add(new Tuple2<>(e.slab().index(), SlabFused.of(e, problem, haadf, chem, guideImage)));
		return sc.parallelizePairs(initial, extents.size()).partitionBy(bySlab);
	}

	/** ‖A‖² for a tilt geometry of {@code angles}, by the power method over slabs, once per geometry. */
	private static double norm(SparkEngine engine, List<Slab> parts, VolumeGeometry volume, double[] angles, Map<List<Double>, Double> norms, int threads, Monitor monitor) {
		List<Double> key = java.util.Arrays.stream(angles).boxed().toList();
		Double known = norms.get(key);
		if (known != null)
			return known;
		double norm = SparkTv.normSquared(engine, parts, volume, angles, ProximalGradientSolver.POWER_ITERATIONS, ProximalGradientSolver.POWER_SEED, threads, monitor);
		norms.put(key, norm);
		return norm;
	}

	/** The slabs' sums of their last stage, in slab order. */
	private static List<double[]> sums(SparkEngine engine, JavaPairRDD<Integer, SlabFused> states, String stage, int slabs, Monitor monitor) {
		List<Tuple2<Integer, double[]>> sums = new ArrayList<>(engine.await(states.mapValues(SlabFused::sums).collectAsync(), stage, slabs, monitor.cancelOnly()));
		sums.sort(Comparator.comparingInt(Tuple2::_1));
		return sums.stream().map(Tuple2::_2).toList();
	}

	/** The slabs' sums added term by term, in slab order. */
	private static double[] total(List<double[]> sums) {
		double[] total = new double[sums.get(0).length];
		for (double[] s : sums)
			for (int i = 0; i < total.length; i++)
				total[i] += s[i];
		return total;
	}
}
