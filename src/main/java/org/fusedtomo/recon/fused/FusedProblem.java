package org.fusedtomo.recon.fused;

import org.fusedtomo.data.FloatArrays;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.PoissonGain;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.MaskedProjector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.InterfaceCoupling;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;

/**
 * Steps 1 to 3 of the reference scheme (DESIGN §4), shared by both solvers: normalise the data,
 * reconstruct each element by Poisson EM on its chemical data alone, multiply by a start scale (the
 * reference's {@link #REFERENCE_START_SCALE}), and rescale each HAADF projection so that its maximum
 * matches that of the model's reprojection. The rescaled HAADF data are part of the cost, so the cost
 * depends on the start scale (by a factor of about scale^γ in b_H). With {@link FusedParameters#tvGuide()}
 * above 0 it also builds the directional-TV guide from the HAADF series ({@link #haadfGuideImage}), and with
 * {@link FusedModel#countWeighted()} it weights each element's terms by its count level ({@link #countLevels}).
 * A chemical series on a coarser grid (pixels of f x f HAADF pixels, {@link SampledProjector}) is normalised to a
 * maximum of f² and its count level taken per HAADF pixel, so its volume and weights have the scale of a fully
 * sampled series of the same counts.
 * <p>
 * Public for engines that prepare on slabs of y slices (docs/spark.md): the quantities of the whole series
 * (maxima, count levels, the guide's edge scale, the rescaling per projection) come from the static methods
 * here, on the whole tilt series or on maxima reduced over slabs, so each slab prepares what one machine does.
 */
public final class FusedProblem {

	/** The reference multiplies the EM start by 10 before fusion. */
	static final double REFERENCE_START_SCALE = 10;
	/**
	 * TV weight of a least-squares HAADF reconstruction as a guide, in units of the noise at the brightest pixel:
	 * chosen on seed 1 of core-shell and blobs at 5, 20 and 80 counts (1 / 2.5 / 4 / 7: 2.5 lowers core-shell by
	 * 8–13 % and keeps blobs within 1 %; a smoother guide has fewer noise edges, docs/fused-study.md). The guide's
	 * Poisson-weighted fit takes {@link #GUIDE_POISSON_TV_FACTOR} times it.
	 */
	static final double GUIDE_TV_NOISE_FACTOR = 2.5;
	/**
	 * The guide fits the HAADF data with Poisson weights 1 / max(b, this) on data normalised to 1 (weights 1 to
	 * 20): a pixel's variance is proportional to its mean, so the dim pixels (thin parts, edges against vacuum) are
	 * the most exact. Chosen with {@link #GUIDE_POISSON_TV_FACTOR} on core-shell seed 1 at 80 counts (floor 0.1 /
	 * 0.05 / 0.02), checked on core-shell seeds 2 and 3 and layered-particles seed 11 (docs/fused-study.md).
	 */
	static final double GUIDE_POISSON_FLOOR = 0.05;
	/** The weighted fit's TV weight in units of {@link #GUIDE_TV_NOISE_FACTOR}: the weights make the data term larger (1 to 6 tried; 4). */
	static final double GUIDE_POISSON_TV_FACTOR = 4;
	/**
	 * Warm-started FGP iterations of its TV prox per FISTA iteration. With the least-squares guide 4 gave a guide
	 * within 2e-4 (relative L2) of 10 and the same fused NRMSE to four digits; with the preconditioned weighted fit
	 * 1 / 2 / 4 give guides within 3e-3 of each other and fused mean NRMSE within 0.8 % on core-shell seed 1 (tuning)
	 * and within 0.7 % on the held-out sets, and 1 takes a quarter less time than 4 (docs/fused-study.md).
	 */
	static final int GUIDE_PROX_ITERATIONS = 1;
	/**
	 * Power-method iterations for that reconstruction's L (its preconditioner's floor): 8 reach ‖A‖² within 1e-6
	 * relative of 30 on the simulator's 47 HAADF tilts and on 3, 5 and 9 tilts (96³ and 128³), far inside
	 * {@link TvReconstruction#LIPSCHITZ_MARGIN}; the 20 of {@link TvOptions#of} took 4 % of a default run at 128³.
	 * The solver's, with the same seed, so that one estimate of ‖A_h‖² serves both ({@link #prepare}).
	 */
	static final int GUIDE_POWER_ITERATIONS = ProximalGradientSolver.POWER_ITERATIONS;
	/**
	 * FISTA steps of that reconstruction, from zero, with its diagonal preconditioner ({@link TvReconstruction}):
	 * 50 / 75 / 100 gave core-shell seed 1 at 80 counts 0.0772 / 0.0655 / 0.0635, against 0.0648 for the two passes
	 * it replaces (100 least-squares iterations, then 100 weighted ones at the step of the largest weight). Taken
	 * as {@link #GUIDE_ITERATIONS} / {@link #GUIDE_SUBSETS} sweeps over ordered subsets.
	 */
	static final int GUIDE_ITERATIONS = 100;
	/**
	 * Ordered subsets of the guide's HAADF angles ({@link TvReconstruction#withOrderedSubsets}): 25 sweeps over 4
	 * subsets (100 steps, a quarter of the projections) give core-shell seed 1's guide at 128³ within 0.14 % (relative
	 * L2) of 100 plain iterations, in 40 % of their CPU; 24 or 26 sweeps, 5 × 20, 6 × 17 and 8 × 12 are 0.2–0.6 % off
	 * (the guide is an early-stopped run, so the steps count). Fused NRMSE on the held-out sets within 0.5 % per cell
	 * (docs/fused-study.md, "The guide on ordered subsets").
	 */
	static final int GUIDE_SUBSETS = 4;
	/**
	 * Guide FISTA steps per progress step, a step being about one fused iteration's work: the guide (100 steps, each a
	 * subset's HAADF forward and back projection and a 1-iteration TV prox) takes about 40 % of the 7.4 s of CPU that
	 * 100 plain iterations took at 128³, against 0.46 s for a fused iteration (docs/benchmarks.md, "A preconditioned
	 * guide" and "The 256³ target, session 16").
	 */
	static final int GUIDE_ITERATIONS_PER_STEP = 15;
	/**
	 * HAADF gradients below this fraction of the largest count as flat ({@link TvGuide#of}); chosen on seed 1 of
	 * core-shell and blobs at 5, 20 and 80 counts (0.1 / 0.05 / 0.03 / 0.02: 0.05 best on core-shell and better
	 * than 0.1 on blobs, where edges between light elements are far below the largest, docs/fused-study.md).
	 */
	static final double GUIDE_EDGE_SCALE = 0.05;

	final List<String> elements;
	final FusedCost cost;
	final List<Volume> start;
	final Parallelism parallelism;
	/** The HAADF reconstruction whose edges guide TV; null for isotropic TV. */
	final Volume guideImage;
	/** ‖A‖² of the projectors estimated so far (A_h's when the guide was made here), for the solver ({@link ProximalGradientSolver#normSquared}). */
	final Map<Projector, Double> operatorNorms;

	private FusedProblem(List<String> elements, FusedCost cost, List<Volume> start, Parallelism parallelism, Volume guideImage, Map<Projector, Double> operatorNorms) {
		this.elements = elements;
		this.cost = cost;
		this.start = start;
		this.parallelism = parallelism;
		this.guideImage = guideImage;
		this.operatorNorms = operatorNorms;
	}

	/**
	 * Builds projectors (one per distinct tilt geometry and chemical sampling; a coarser or smaller chemical
	 * grid gets a {@link SampledProjector}), the normalised data, the EM start and the cost. Cost: {@code emIterations} forward and back projections per element, plus a few.
	 *
	 * @param projectorFactory makes A_h and the A_e ({@link ProjectorFactory#TOMOGRAPHY} for tilt series)
	 * @param startScale factor applied to the EM volumes before the HAADF data are rescaled (> 0)
	 * @param monitor reports EM progress as steps {@code [0, E·emIterations)} of {@code totalSteps}, then the guide's as
	 *        the next {@link #guideSteps}
	 */
	static FusedProblem prepare(MultiModalSeries series, VolumeGeometry volume, FusedParameters p, ProjectorFactory projectorFactory, double startScale, Monitor monitor,
		long totalSteps) {
		return prepare(series, volume, p, projectorFactory, startScale, null, monitor, totalSteps);
	}

	/** {@link #prepare(MultiModalSeries, VolumeGeometry, FusedParameters, ProjectorFactory, double, Monitor, long)} taking the guide from {@code guides} (null: made here). */
	static FusedProblem prepare(MultiModalSeries measured, VolumeGeometry volume, FusedParameters p, ProjectorFactory projectorFactory, double startScale, GuideImages guides,
		Monitor monitor, long totalSteps) {
		return prepare(measured, volume, p, projectorFactory, startScale, guides, elementScales(measured, p), null, monitor, totalSteps);
	}

	/**
	 * {@link #prepare(MultiModalSeries, VolumeGeometry, FusedParameters, ProjectorFactory, double, GuideImages, Monitor, long)} with the elements'
	 * scales given ({@link #elementScales}) and the EM start's first images {@code emInitial} (null: the flux-matched constant).
	 * NB: only the coarse-to-fine study passes other scales or first images (test side: {@code CoarseStart},
	 * {@code FusedSamplingStudy}; docs/fused-study.md reproduces its tables with them), so it stays, package-private.
	 */
	static FusedProblem prepare(MultiModalSeries measured, VolumeGeometry volume, FusedParameters p, ProjectorFactory projectorFactory, double startScale, GuideImages guides,
		double[][] scales, List<Volume> emInitial, Monitor monitor, long totalSteps) {
		if (volume.width() < measured.width() || volume.height() != measured.height())
			throw new IllegalArgumentException("Volume " + volume.width() + " x " + volume.height() + " (x, y) does not hold the projections "
				+ measured.width() + " x " + measured.height());
		Parallelism parallelism = new Parallelism(p.threads());
		// NB: pixels not measured (NaN) are 0 in the data and masked in each series' projector, so every term leaves them out.
		MultiModalSeries series = MissingData.filled(measured);
		// NB: keyed by geometry and sampling, so elements recorded alike share one projector.
		Map<List<Object>, Projector> projectors = new HashMap<>();
		Projector haadfProjector = MaskedProjector.of(projectors.computeIfAbsent(List.of(series.haadf().geometry(), ChemicalSampling.FULL),
			k -> projectorFactory.create(volume, series.haadf().geometry(), parallelism)), measured.haadf());
		TiltSeries haadf = normalised(series.haadf(), "HAADF");
		List<String> elements = series.elements();
		List<Projector> chemProjectors = new ArrayList<>();
		List<TiltSeries> chem = new ArrayList<>();
		List<Volume> start = new ArrayList<>();
		for (int e = 0; e < elements.size(); e++) {
			String el = elements.get(e);
			ChemicalSampling sampling = series.sampling(el);
			TiltSeries b = normalised(series.chemical(el), "chemical series of " + el);
			// NB: a pixel of f x f HAADF pixels holds about f² times the counts; scaled so, the volumes keep the scale of full sampling.
			scale(b.data(), pixelArea(sampling));
			Projector a = MaskedProjector.of(projectors.computeIfAbsent(List.of(b.geometry(), sampling),
				k -> SampledProjector.factory(projectorFactory, sampling).create(volume, b.geometry(), parallelism)), measured.chemical(el));
			Monitor sub = monitor.sub("EM start", (long) e * p.emIterations(), p.emIterations(), totalSteps);
			Volume x = new Mlem(a, MlemOptions.DEFAULT, parallelism).run(b, emInitial == null ? null : emInitial.get(e), p.emIterations(), sub).volume().withCalibration(series.haadf().calibration());
			scale(x.data(), startScale);
			chemProjectors.add(a);
			chem.add(b);
			start.add(x);
		}
		// NB: the guide's ‖A_h‖² is the solver's estimate (the same iterations and seed), so it is computed once.
		Map<Projector, Double> norms = new IdentityHashMap<>();
		Function<int[], Projector> haadfSubset = idx -> MaskedProjector.of(projectorFactory.create(volume, series.haadf().geometry().subset(idx), parallelism),
			measured.haadf().subset(idx));
		Supplier<Volume> makeGuide = () -> haadfGuideImage(haadfProjector, haadfSubset, haadf, guideOptions(measured.haadf()), ProximalGradientSolver.normSquared(haadfProjector, norms), parallelism,
			monitor, (long) elements.size() * p.emIterations(), totalSteps).withCalibration(series.haadf().calibration());
		Volume guideImage = p.tvGuide() <= 0 ? null : guides == null ? makeGuide.get() : guides.get(measured.haadf(), volume, projectorFactory, p.threads(), makeGuide);
		TvGuide guide = guideImage == null ? null : guide(guideImage, p);
		FusedCost cost = cost(haadfProjector, haadf, chemProjectors, chem, elements, p, guide, scales);
		// NB: joint TV of all elements, when asked for, overrides the interfaces' groups.
		if (p.interfaceCoupling() && !p.jointTv())
			cost = cost.withTvGroups(InterfaceCoupling.groups(start, guide, parallelism));
		// NB: the cost shares haadf, so it sees the rescaled data.
		rescaleToModel(haadf, projectionMaxima(haadfProjector.forward(cost.haadfModel(start))));
		return new FusedProblem(elements, cost, start, parallelism, guideImage, norms);
	}

	/**
	 * The cost of {@code p} on prepared data (normalised; the HAADF series is rescaled later, in place, and the
	 * cost sees it): Z weights, count and repeat scales {@code scales} ({@link #elementScales}), joint TV.
	 */
	public static FusedCost cost(Projector haadfProjector, TiltSeries haadf, List<Projector> chemProjectors, List<TiltSeries> chem, List<String> elements, FusedParameters p,
		TvGuide guide, double[][] scales) {
		double[] weights = p.weightMethod().weights(elements, p.gamma());
		FusedCost cost = new FusedCost(haadfProjector, haadf, chemProjectors, chem, weights, p.gamma(), p.lambdaChem(), p.lambdaTv(), p.epsilon(), guide);
		if (scales != null)
			cost = cost.withElementScales(scales[0], scales[1]);
		return cost.withJointTv(p.jointTv());
	}

	/**
	 * Each element's Poisson and TV scales {chem, tv}, from the whole series; null when neither weighting applies
	 * (all 1). With {@link FusedModel#countWeighted()} the count levels ({@link #countLevels}). Then repeats: the
	 * cost of a series with k exposures per tilt is made that of its per-tilt means (up to a constant factor), so
	 * that repeated exposures are regularised as their average is: a least-squares or Poisson term over k
	 * exposures is k times the term of their mean (plus a constant). With k_H HAADF and k_e chemical exposures
	 * per tilt, element e's Poisson term is scaled by k_H / k_e and its TV term by k_H (the whole cost times k_H,
	 * the HAADF term's own factor). The count level is already that of the means.
	 */
	public static double[][] elementScales(MultiModalSeries series, FusedParameters p) {
		int n = series.elementCount();
		double[] chem = new double[n], tv = new double[n];
		java.util.Arrays.fill(chem, 1);
		java.util.Arrays.fill(tv, 1);
		boolean scaled = p.model().countWeighted();
		if (scaled) {
			double[][] levels = countLevels(series);
			chem = levels[0];
			tv = levels[1];
		}
		double kH = exposures(series.haadf());
		boolean repeats = kH != 1;
		double[] repeatChem = new double[n], repeatTv = new double[n];
		for (int e = 0; e < n; e++) {
			double k = exposures(series.chemical(series.elements().get(e)));
			repeats |= k != 1;
			repeatChem[e] = chem[e] * kH / k;
			repeatTv[e] = tv[e] * kH;
		}
		if (repeats)
			return new double[][] { repeatChem, repeatTv };
		return scaled ? new double[][] { chem, tv } : null;
	}

	/** The directional-TV guide of {@code p} from the guide image: its edges count from {@link #GUIDE_EDGE_SCALE} of its largest gradient. */
	public static TvGuide guide(Volume guideImage, FusedParameters p) {
		return TvGuide.of(guideImage, p.tvGuide(), GUIDE_EDGE_SCALE);
	}

	/**
	 * {@link #guide} for a slab of y slices of the guide image, given with the slice above it where the image has
	 * one, and the whole image's largest squared gradient ({@link TvGuide#maxSquaredGradient}); the result covers
	 * the slab and that slice (keep the slab's by {@link TvGuide#slices}).
	 */
	public static TvGuide slabGuide(Volume guideImageRows, FusedParameters p, double maxSquaredGradient) {
		return TvGuide.ofSlab(guideImageRows, p.tvGuide(), GUIDE_EDGE_SCALE, maxSquaredGradient);
	}

	/** The settings of the HAADF guide's Poisson-weighted TV reconstruction ({@link #haadfGuideImage}), for the HAADF series as given (before normalisation). */
	public static TvOptions guideOptions(TiltSeries haadfSeries) {
		return new TvOptions(GUIDE_POISSON_TV_FACTOR * guideTvLambda(haadfSeries), GUIDE_PROX_ITERATIONS, true, GUIDE_POWER_ITERATIONS, GUIDE_POISSON_FLOOR);
	}

	/** FISTA iterations of the HAADF guide's reconstruction. */
	public static int guideIterations() {
		return GUIDE_ITERATIONS;
	}

	/** Ordered subsets of the angles in the HAADF guide's reconstruction ({@link #GUIDE_SUBSETS}): {@link #guideIterations} / this sweeps. */
	public static int guideSubsets() {
		return GUIDE_SUBSETS;
	}

	/** Progress steps of {@code p}'s HAADF guide ({@link #GUIDE_ITERATIONS_PER_STEP}); 0 without a guide. */
	public static long guideSteps(FusedParameters p) {
		return p.tvGuide() > 0 ? GUIDE_ITERATIONS / GUIDE_ITERATIONS_PER_STEP : 0;
	}

	/** The factor on the EM start of {@code p}'s solver: {@link #REFERENCE_START_SCALE} for the reference solver, else 1 (see {@link FusedReconstruction}). */
	public static double startScale(FusedParameters p) {
		return p.solver() == FusedSolver.REFERENCE ? REFERENCE_START_SCALE : 1;
	}

	/**
	 * The image whose edges guide TV: a Poisson-weighted TV reconstruction of the normalised HAADF series
	 * ({@link #GUIDE_ITERATIONS} preconditioned FISTA steps from zero on {@link #GUIDE_SUBSETS} ordered subsets of the
	 * angles, {@link TvReconstruction#withOrderedSubsets}; {@code subsetProjector}: the projector of the angles with the
	 * given indices, masked as {@code haadfProjector}). TV rather than
	 * SIRT: its sharper edges gave lower fused NRMSE on seed 1 (0.111 against 0.123 for 300 SIRT iterations, 9 tilts,
	 * 20 counts); the weights lowered every cell of the study by 4–9 % (docs/fused-study.md). {@code normSquared} is
	 * ‖A_h‖² as {@link TvReconstruction} estimates it ({@link TvOptions#powerIterations} from {@link TvReconstruction#powerSeed}).
	 * Reports progress as steps {@code [stepsBefore, stepsBefore + guideSteps)} of {@code totalSteps}.
	 */
	static Volume haadfGuideImage(Projector haadfProjector, Function<int[], Projector> subsetProjector, TiltSeries haadf, TvOptions options, double normSquared,
		Parallelism parallelism, Monitor monitor, long stepsBefore, long totalSteps) {
		return new TvReconstruction(haadfProjector, options, parallelism).withOrderedSubsets(GUIDE_SUBSETS, subsetProjector).volume(haadf, null, GUIDE_ITERATIONS / GUIDE_SUBSETS, normSquared,
			monitor.sub("HAADF guide", stepsBefore, GUIDE_ITERATIONS / GUIDE_ITERATIONS_PER_STEP, totalSteps));
	}

	/**
	 * The guide's TV weight on HAADF data normalised to 1: {@link #GUIDE_TV_NOISE_FACTOR} times the noise at the
	 * brightest pixel, 1/√N for N counts there ({@link PoissonGain}), so a series recorded at another dose or
	 * in other units needs no other weight (0.025 at the simulated 10⁴ electrons). With k exposures per tilt,
	 * k times the weight for their per-tilt means: TV on k exposures with λ is TV on their mean with λ/k.
	 */
	static double guideTvLambda(TiltSeries haadf) {
		return exposures(haadf) * GUIDE_TV_NOISE_FACTOR / Math.sqrt(PoissonGain.countLevel(haadf.tiltMeans(), "HAADF series"));
	}

	/**
	 * Count weighting: each element's Poisson term weighted by its count level N_e (counts at the brightest pixel,
	 * {@link PoissonGain}), which makes it the log-likelihood of the counts, and its TV term by √N_e, the
	 * signal-to-noise ratio there: λ_C and λ_TV then hold for any dose and any units. Returns {N_e, √N_e}, in
	 * {@link MultiModalSeries#elements()} order (public for the commands' tests and scripts that check what the fit reads).
	 */
	public static double[][] countLevels(MultiModalSeries series) {
		List<String> elements = series.elements();
		double[] chem = new double[elements.size()], tv = new double[elements.size()];
		for (int e = 0; e < chem.length; e++) {
			// NB: per HAADF pixel, as the data are scaled in prepare: the cost of a binned series is then the log-likelihood of its counts.
			double area = pixelArea(series.sampling(elements.get(e)));
			// NB: a series binned b x b after recording (on reading, or by the product that wrote its file) sums or averages b²
			// recorded pixels into each: counts in quanta of 1/b² for means, as
			// a map recorded binned sums them, so the reader is told the recorded pixels behind each value (docs/fused-study.md,
			// "Count levels of binned series"); the level is the counts of the binned pixel, as if recorded so.
			int b = series.binning(elements.get(e));
			double recorded = area * b * b;
			// NB: of the per-tilt means of repeated exposures, the level their data are normalised to (see elementScales).
			double level = PoissonGain.countLevel(series.chemical(elements.get(e)).tiltMeans(), "chemical series of " + elements.get(e), recorded) / area;
			chem[e] = level;
			tv[e] = Math.sqrt(level);
		}
		return new double[][] { chem, tv };
	}

	/** Exposures per tilt of {@code s}, on average ({@link RepeatedTilts#meanExposures}). */
	static double exposures(TiltSeries s) {
		return RepeatedTilts.of(s.geometry()).meanExposures();
	}

	/** HAADF pixels per chemical pixel, f². */
	static double pixelArea(ChemicalSampling sampling) {
		return (double) sampling.factor() * sampling.factor();
	}

	/**
	 * A copy clipped at 0 and divided by its maximum; with repeated exposures, by the maximum of the per-tilt
	 * means, so that the exposures are scaled as their average is (a single noisy exposure peaks higher).
	 */
	public static TiltSeries normalised(TiltSeries s, String name) {
		TiltSeries c = s.copy();
		float[] d = c.data();
		FloatArrays.clampNonNegative(d);
		float max = FloatArrays.max(c.tiltMeans().data());
		if (!(max > 0))
			throw new IllegalArgumentException("The " + name + " has no positive pixel (maximum " + max + " after clipping at 0); check its background subtraction");
		scale(d, 1 / max);
		return c;
	}

	/** The largest value of each projection of {@code model} (0 for none above 0); over slabs, the maximum of theirs. */
	public static float[] projectionMaxima(TiltSeries model) {
		int n = model.width() * model.height();
		float[] m = model.data(), maxima = new float[model.angleCount()];
		for (int a = 0; a < maxima.length; a++) {
			int off = model.projectionOffset(a);
			float mmax = 0;
			for (int i = 0; i < n; i++)
				mmax = Math.max(mmax, m[off + i]);
			maxima[a] = mmax;
		}
		return maxima;
	}

	/**
	 * Scales each projection of {@code data} so that its maximum equals {@code modelMaxima} of it (the model's
	 * reprojection's, {@link #projectionMaxima}); the exposures of a repeated tilt all by the factor of their mean.
	 */
	public static void rescaleToModel(TiltSeries data, float[] modelMaxima) {
		scaleProjections(data, rescaleFactors(data, modelMaxima));
	}

	/** {@link #rescaleToModel}'s factor per projection: the model's maximum over the data's (of the tilt's mean exposure), 0 for an empty projection. */
	public static float[] rescaleFactors(TiltSeries data, float[] modelMaxima) {
		int n = data.width() * data.height();
		float[] factors = new float[data.angleCount()];
		RepeatedTilts tilts = RepeatedTilts.of(data.geometry());
		float[] means = data.tiltMeans().data();
		int[] tiltOf = tilts.tiltOf();
		for (int a = 0; a < data.angleCount(); a++) {
			// NB: without repeats the means are data itself, in projection order, not tilt order.
			int off = data.projectionOffset(a), meanOff = tilts.hasRepeats() ? tiltOf[a] * n : off;
			float dmax = 0, mmax = modelMaxima[a];
			for (int i = 0; i < n; i++)
				dmax = Math.max(dmax, means[meanOff + i]);
			// NB: an empty projection stays empty; the reference would divide by zero.
			factors[a] = dmax > 0 ? mmax / dmax : 0;
		}
		return factors;
	}

	/** Multiplies each projection of {@code data} by its factor; on a slab's rows as on the whole series. */
	public static void scaleProjections(TiltSeries data, float[] factors) {
		int n = data.width() * data.height();
		float[] d = data.data();
		for (int a = 0; a < data.angleCount(); a++) {
			float f = factors[a];
			for (int i = data.projectionOffset(a), end = i + n; i < end; i++)
				d[i] *= f;
		}
	}

	/** Multiplies every value by {@code factor} rounded to float (the data's pixel-area scaling, the EM start's scale). */
	public static void scale(float[] a, double factor) {
		float f = (float) factor;
		for (int i = 0; i < a.length; i++)
			a[i] *= f;
	}
}
