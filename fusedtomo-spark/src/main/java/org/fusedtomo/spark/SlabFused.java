package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.recon.fused.FusedCost;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedProblem;
import org.fusedtomo.recon.fused.ProximalGradientSolver;
import org.fusedtomo.recon.fused.ReferenceSolver;

import scala.Tuple2;

/**
 * One slab's state of a fused reconstruction with the proximal-gradient solver ({@link ProximalGradientSolver})
 * or the reference solver ({@link ReferenceSolver}):
 * its own slices with the TV halos of {@link SlabTv} ({@code k + 1} below, {@code k + 2} above for k prox
 * iterations). It prepares as {@link FusedProblem#prepare} does, on the slices it holds, with the whole series'
 * quantities handed in (EM's start, the rescaling per projection, the guide's edge scale, ‖A‖²), and runs the
 * solver's {@link ProximalGradientSolver.Steps} job by job; the {@link ProximalGradientSolver.Schedule} runs on
 * the driver on the sums of the slabs' shares, so every slab takes the same decisions; likewise the reference
 * solver's {@link ReferenceSolver.Steps} one iteration per job, with its λ_C rule ({@link ReferenceSolver.Schedule})
 * on the driver. Before each job the halo
 * rows of the state arrays that the step reads there are replaced by their owners' ({@link SlabTv#halos}).
 * <p>
 * The proximal solver's trial is two stages ({@link ProximalGradientSolver.Steps#proxInput} and
 * {@link ProximalGradientSolver.Steps#trialSums} act slice by slice): {@link #proxInput} on the own slices alone, then
 * {@link #prox} on the own slices with halos of the prox input and dual from their owners, one TV group (an element,
 * or all with joint TV) at a time; the rest of the state never has halos.
 * <p>
 * A stage writes into the arrays of the state it got and returns them: the engine persists states on disk only
 * ({@link SparkTv#STATE_STORAGE}), so each task deserialises its own copy and a retried task reads the same state again.
 *
 * @param haadf the normalised HAADF series' rows of the slices held (rescaled to the model once {@link #solverStart}
 *        ran; from then on, for the proximal solver, of the own slices only)
 * @param chem each element's normalised chemical series' rows of the slices held (the proximal solver's: own slices from {@link #solverStart})
 * @param guide the HAADF guide image's slices held and the slice above them where there is one; null without a guide
 * @param state the start volumes of the slices held after {@link #start}; then the proximal solver's
 *        {@link ProximalGradientSolver.Steps#stateArrays} of the own slices, or the reference solver's iterate of the
 *        slices held; null before
 * @param dual the proximal solver's TV dual on the own slices, the groups' {@link ProximalGradientSolver.TvStep#dualArrays}
 *        one after another; null otherwise
 * @param haloArrays the reference solver's: how many of the state arrays, from the first, the halos refresh
 * @param curvature the solver's curvature estimates, the same on every slab; null before {@link #solverStart}
 * @param metric the metric s L̂_e of the trial whose prox input z holds ({@link #proxInput}); null otherwise
 * @param sums this slab's shares after the last stage ({@link #start}: projection maxima then start maxima as
 *        floats; {@link #solverStart}: the start's {haadf, chem, tv}; {@link #proxInput}: {f(y)} (0 without the
 *        gradient); {@link #prox}: {f(y), ⟨z − y, ∇f⟩ + ½ Σ l‖z − y‖², haadf(z), chem(z), tv(z)};
 *        the reference solver's: the maxima of {@link #referenceStart}, then {haadf, chem, tv} per iteration)
 */
record SlabFused(SlabExtent extent, Problem problem, float[] haadf, float[][] chem, float[] guide, float[][] state, float[][] dual, int haloArrays, double[] curvature,
	double[] metric, double[] sums)
	implements Serializable {

	/**
	 * What every slab shares: the whole volume's size, the angles, the parameters, the element scales
	 * ({@link FusedProblem#elementScales}), each element's EM start value, the guide's largest squared gradient
	 * (NaN without a guide) and the threads per task.
	 */
	record Problem(int width, int height, int depth, double[] haadfAngles, double[][] chemAngles, String[] elements, FusedParameters parameters, double[][] scales,
		float[] emStarts, double guideMaxSquared, int threads) implements Serializable {

		int elementCount() {
			return elements.length;
		}
	}

	/** The state before any job: the rows of the normalised series and of the guide image that the slab holds. */
	static SlabFused of(SlabExtent extent, Problem problem, TiltSeries haadf, List<TiltSeries> chem, Volume guideImage) {
		int w = problem.width(), h = problem.height();
		float[][] chemRows = new float[chem.size()][];
		for (int e = 0; e < chemRows.length; e++)
			chemRows[e] = SlabRows.copy(chem.get(e).data(), w, h, extent.lo(), extent.hi());
		float[] guideRows = guideImage == null ? null : SlabRows.copy(guideImage.data(), w, h, extent.lo(), Math.min(h, extent.hi() + 1));
		return new SlabFused(extent, problem, SlabRows.copy(haadf.data(), w, h, extent.lo(), extent.hi()), chemRows, guideRows, null, null, 0, null, null, null);
	}

	/**
	 * EM per element on the slices held from its start value, times the solver's start scale, as
	 * {@link FusedProblem#prepare}; the sums are the largest value per projection of the HAADF model's projection
	 * and each element's largest start voxel, on the own slices (maxima over slabs are the whole's).
	 */
	SlabFused start() {
		Parallelism parallelism = new Parallelism(problem.threads());
		int w = problem.width(), n = extent.slices(), own0 = own0(), own1 = own1();
		float[][] x = new float[problem.elementCount()][];
		List<Volume> start = new ArrayList<>();
		float[] startMaxima = new float[x.length];
		for (int e = 0; e < x.length; e++) {
			Projector a = projector(problem.chemAngles()[e], parallelism);
			Volume initial = Volume.zeros(a.volumeGeometry());
			Arrays.fill(initial.data(), problem.emStarts()[e]);
			Volume v = new Mlem(a, MlemOptions.DEFAULT, parallelism).run(series(chem[e], problem.chemAngles()[e]), initial, problem.parameters().emIterations(),
				SlabTask.killedTaskMonitor()).volume();
			FusedProblem.scale(v.data(), FusedProblem.startScale(problem.parameters()));
			x[e] = v.data();
			start.add(v);
			startMaxima[e] = FloatArrays.max(SlabRows.copy(x[e], w, n, own0, own1));
		}
		FusedParameters p = problem.parameters();
		Volume haadfModel = FusedCost.haadfModel(start, p.weightMethod().weights(List.of(problem.elements()), p.gamma()), p.gamma(), Parallelism.SERIAL);
		TiltSeries model = projector(problem.haadfAngles(), parallelism).forward(haadfModel);
		float[] maxima = FusedProblem.projectionMaxima(series(SlabRows.copy(model.data(), w, n, own0, own1), problem.haadfAngles(), own1 - own0));
		double[] sums = new double[maxima.length + startMaxima.length];
		for (int a = 0; a < maxima.length; a++)
			sums[a] = maxima[a];
		for (int e = 0; e < startMaxima.length; e++)
			sums[maxima.length + e] = startMaxima[e];
		return new SlabFused(extent, problem, haadf, chem, guide, x, null, 0, null, null, sums);
	}

	/**
	 * The solver's state from the start volumes: the HAADF rows rescaled by {@code factors} per projection
	 * ({@link FusedProblem#rescaleFactors} of the whole series), the curvature estimates from the whole's ‖A_h‖²,
	 * ‖A_e‖² and start maxima; the sums are this slab's shares of the start's {haadf, chem, tv}. From here on the
	 * state and the series' rows are those of the own slices, and the dual starts at zero.
	 */
	SlabFused solverStart(float[] factors, double haadfNorm, double[] chemNorms, float[] startMaxima) {
		float[] rescaled = haadf.clone();
		FusedProblem.scaleProjections(series(rescaled, problem.haadfAngles()), factors);
		SlabFused held = new SlabFused(extent, problem, rescaled, chem, guide, null, null, 0, null, null, null);
		Parallelism parallelism = new Parallelism(problem.threads());
		List<Volume> x = wrap(state);
		for (Volume v : x)
			FloatArrays.clampNonNegative(v.data());
		double[] terms = ProximalGradientSolver.terms(held.cost(parallelism), x, parallelism, own0(), own1());
		int w = problem.width(), n = extent.slices();
		float[][] ownChem = new float[chem.length][];
		for (int e = 0; e < ownChem.length; e++)
			ownChem[e] = SlabRows.copy(chem[e], w, n, own0(), own1());
		float[][] ownStart = new float[x.size()][];
		for (int e = 0; e < ownStart.length; e++)
			ownStart[e] = SlabRows.copy(state[e], w, n, own0(), own1());
		SlabFused own = new SlabFused(extent, problem, SlabRows.copy(rescaled, w, n, own0(), own1()), ownChem, guide, null, null, 0, null, null, null);
		FusedCost cost = own.ownCost(parallelism);
		double[] curvature = ProximalGradientSolver.curvatures(cost, haadfNorm, chemNorms, startMaxima);
		ProximalGradientSolver.Steps steps = new ProximalGradientSolver.Steps(cost, own.ownVolumes(ownStart), problem.parameters().tvIterations(), curvature, parallelism, 0,
			ownSlices());
		ProximalGradientSolver.TvStep tvStep = new ProximalGradientSolver.TvStep(cost, null, problem.parameters().tvIterations(), parallelism);
		List<float[]> dual = new ArrayList<>();
		for (int g = 0; g < tvStep.groupCount(); g++)
			dual.addAll(List.of(tvStep.dualArrays(g, ownVolume())));
		return new SlabFused(extent, problem, own.haadf(), ownChem, guide, steps.stateArrays(), dual.toArray(float[][]::new), 0, curvature, null, terms);
	}

	/**
	 * The reference solver's state ({@link ReferenceSolver.Steps}) from the start volumes: the HAADF rows rescaled
	 * by {@code factors} as in {@link #solverStart}, the iterate as EM left it; its halos are the iterate. The sums
	 * are each element's largest voxel of {@code AᵀA 1} on the own slices ({@link ReferenceSolver#normalOperatorOnOnes}):
	 * their maxima over slabs give the chemical step scales ({@link ReferenceSolver#chemStepScale}).
	 */
	SlabFused referenceStart(float[] factors) {
		float[] rescaled = haadf.clone();
		FusedProblem.scaleProjections(series(rescaled, problem.haadfAngles()), factors);
		Parallelism parallelism = new Parallelism(problem.threads());
		double[] maxima = new double[problem.elementCount()];
		for (int e = 0; e < maxima.length; e++) {
			float[] normal = ReferenceSolver.normalOperatorOnOnes(projector(problem.chemAngles()[e], parallelism)).data();
			maxima[e] = FloatArrays.max(SlabRows.copy(normal, problem.width(), extent.slices(), own0(), own1()));
		}
		return new SlabFused(extent, problem, rescaled, chem, guide, state, null, problem.elementCount(), null, null, maxima);
	}

	/**
	 * One iteration of the reference solver on a copy of this state's iterate with the neighbours' {@code halos} put
	 * in, with the chemical step scales {@code stepScales} (the whole volume's) and step factor {@code lambdaChem}.
	 * The sums: this slab's shares of {haadf, chem, tv} at the new iterate.
	 */
	SlabFused referenceNext(Iterable<SlabTv.SlabHalo> halos, double[] stepScales, double lambdaChem) {
		Parallelism parallelism = new Parallelism(problem.threads());
		float[][] x = new float[state.length][];
		for (int e = 0; e < x.length; e++)
			x[e] = state[e].clone();
		SlabTv.put(halos, extent, problem.width(), x, new float[0][]);
		ReferenceSolver.Steps steps = new ReferenceSolver.Steps(cost(parallelism), wrap(x), problem.parameters(), stepScales, parallelism, own0(), own1());
		double[] sums = steps.iterate(lambdaChem, SlabTask.killedTaskMonitor());
		return new SlabFused(extent, problem, haadf, chem, guide, x, null, haloArrays, null, null, sums);
	}

	/** Each element's own slices of the reference solver's iterate. */
	float[][] referenceResult() {
		float[][] own = new float[problem.elementCount()][];
		for (int e = 0; e < own.length; e++)
			own[e] = SlabRows.copy(state[e], problem.width(), extent.slices(), own0(), own1());
		return own;
	}

	/** The reference solver's rows this slab owns that each of {@code targets} holds as halo: its iterate. */
	List<SlabTv.SlabHalo> halosFor(List<SlabExtent> targets) {
		return SlabTv.halos(extent, targets, problem.width(), Arrays.copyOf(state, haloArrays), new float[0][]);
	}

	/**
	 * The first stage of a job of the proximal solver, on the own slices: the previous iteration's {@code choice}
	 * (null: none pending), the gradient at y when {@code gradient} (a new iteration), then the prox input of a
	 * trial with step factor {@code s} in z. The sums: {f(y)} (0 without the gradient).
	 */
	SlabFused proxInput(ProximalGradientSolver.Choice choice, boolean gradient, double s) {
		Parallelism parallelism = new Parallelism(problem.threads());
		ProximalGradientSolver.Steps steps = ownSteps(parallelism);
		if (choice != null)
			steps.advance(choice);
		double fy = gradient ? steps.gradient() : 0;
		double[] metric = steps.proxInput(s);
		return new SlabFused(extent, problem, haadf, chem, guide, steps.stateArrays(), dual, 0, curvature, metric, new double[] { fy });
	}

	/**
	 * The rows this slab owns that each of {@code targets} holds as halo for {@link #prox} of TV group {@code g}: per
	 * element of the group its prox input, then the group's dual; made one target at a time as the iterator is read.
	 */
	Iterator<Tuple2<Integer, SlabTv.SlabHalo>> proxHalosFor(int g, List<SlabExtent> targets) {
		int[] elements = groups()[g];
		int dualFrom = dualFrom(g), dualCount = 3 * elements.length;
		float[][] arrays = new float[elements.length + dualCount][];
		for (int i = 0; i < elements.length; i++)
			arrays[i] = state[2 * problem.elementCount() + elements[i]];
		System.arraycopy(dual, dualFrom, arrays, elements.length, dualCount);
		SlabExtent own = new SlabExtent(extent.slab(), extent.slab().from(), extent.slab().to());
		return targets.stream().flatMap(t -> SlabTv.halos(own, List.of(t), problem.width(), arrays, new float[0][]).stream()).map(h -> new Tuple2<>(h.target(), h)).iterator();
	}

	/**
	 * The second stage, for TV group {@code g}: its prox on the slices held, the input and dual on the halo slices
	 * from their owners ({@link #proxHalosFor} of each, in {@code halos}); z and the dual of the own slices are kept.
	 * The engine runs the groups one after another, so that a task holds one group's halos and prox. The sums:
	 * {f(y), 0, 0, 0, the groups' tv(z) so far}; after the last group {f(y), the model's terms beyond f(y), haadf(z),
	 * chem(z), tv(z)}.
	 */
	SlabFused prox(int g, Iterable<SlabTv.SlabHalo> halos) {
		Parallelism parallelism = new Parallelism(problem.threads());
		int elements = problem.elementCount(), w = problem.width(), n = extent.slices();
		int[] group = groups()[g];
		FusedCost cost = ownCost(parallelism);
		ProximalGradientSolver.Steps steps = ownSteps(parallelism);
		ProximalGradientSolver.TvStep tvStep = new ProximalGradientSolver.TvStep(cost, tvGuide(), problem.parameters().tvIterations(), parallelism);
		List<Volume> z = steps.proxPoint();
		List<Volume> held = Arrays.asList(new Volume[elements]);
		for (int i = 0; i < group.length; i++) {
			int e = group[i];
			held.set(e, Volume.zeros(volume()));
			SlabRows.put(z.get(e).data(), held.get(e).data(), w, n, own0());
			for (SlabTv.SlabHalo h : halos)
				SlabRows.put(h.volumes()[i], held.get(e).data(), w, n, h.from() - extent.lo());
		}
		float[][] heldDual = tvStep.dualArrays(g, volume());
		int dualFrom = dualFrom(g);
		for (int i = 0; i < heldDual.length; i++) {
			SlabRows.put(dual[dualFrom + i], heldDual[i], w, n, own0());
			for (SlabTv.SlabHalo h : halos)
				SlabRows.put(h.volumes()[group.length + i], heldDual[i], w, n, h.from() - extent.lo());
		}
		tvStep.apply(g, held, metric);
		double tv = (g == 0 ? 0 : sums[4]) + tvStep.tv(g, held, parallelism, own0(), own1());
		for (int e : group)
			System.arraycopy(SlabRows.copy(held.get(e).data(), w, n, own0(), own1()), 0, z.get(e).data(), 0, z.get(e).data().length);
		for (int i = 0; i < heldDual.length; i++)
			System.arraycopy(SlabRows.copy(heldDual[i], w, n, own0(), own1()), 0, dual[dualFrom + i], 0, dual[dualFrom + i].length);
		if (g < groups().length - 1)
			return new SlabFused(extent, problem, haadf, chem, guide, state, dual, 0, curvature, metric, new double[] { sums[0], 0, 0, 0, tv });
		ProximalGradientSolver.Trial trial = steps.trialSums(metric);
		return new SlabFused(extent, problem, haadf, chem, guide, steps.stateArrays(), dual, 0, curvature, null, new double[] { sums[0], trial.slopeAndQuadratic(),
			trial.haadf(), trial.chemical(), tv });
	}

	/** The TV groups of the proximal solver ({@link ProximalGradientSolver.TvStep#groups}). */
	int[][] groups() {
		return ProximalGradientSolver.TvStep.groups(problem.parameters().jointTv(), problem.elementCount());
	}

	/** Where group {@code g}'s arrays start in {@link #dual}. */
	private int dualFrom(int g) {
		int from = 0;
		for (int i = 0; i < g; i++)
			from += 3 * groups()[i].length;
		return from;
	}

	/** Each element's own slices of the iterate after the last iteration's {@code choice} (null: none). */
	float[][] result(ProximalGradientSolver.Choice choice) {
		ProximalGradientSolver.Steps steps = ownSteps(new Parallelism(problem.threads()));
		if (choice != null)
			steps.advance(choice);
		float[][] own = new float[problem.elementCount()][];
		for (int e = 0; e < own.length; e++)
			own[e] = steps.current().get(e).data();
		return own;
	}

	/** The proximal solver's steps on this state's arrays of the own slices (not copies). */
	private ProximalGradientSolver.Steps ownSteps(Parallelism parallelism) {
		return ProximalGradientSolver.Steps.onArrays(ownCost(parallelism), state, problem.parameters().tvIterations(), curvature, parallelism);
	}

	/** The proximal solver's cost on the own slices: its data terms (the TV term needs halos; its prox and value run in {@link #prox}). */
	private FusedCost ownCost(Parallelism parallelism) {
		return cost(parallelism, ownSlices(), null);
	}

	/** The slab's cost on the slices held: its projectors, its rows of the data, the guide there, and its own slices' shares. */
	private FusedCost cost(Parallelism parallelism) {
		return cost(parallelism, extent.slices(), tvGuide());
	}

	/** The cost on {@code slices} y slices, whose rows the series hold, with {@code tvGuide} (null: none). */
	private FusedCost cost(Parallelism parallelism, int slices, TvGuide tvGuide) {
		Projector haadfProjector = projector(problem.haadfAngles(), parallelism, slices);
		List<Projector> chemProjectors = new ArrayList<>();
		List<TiltSeries> chemSeries = new ArrayList<>();
		for (int e = 0; e < problem.elementCount(); e++) {
			double[] angles = problem.chemAngles()[e];
			chemProjectors.add(Arrays.equals(angles, problem.haadfAngles()) ? haadfProjector : projector(angles, parallelism, slices));
			chemSeries.add(series(chem[e], angles, slices));
		}
		return FusedProblem.cost(haadfProjector, series(haadf, problem.haadfAngles(), slices), chemProjectors, chemSeries, List.of(problem.elements()), problem.parameters(),
			tvGuide, problem.scales());
	}

	/** The guide on the slices held; null without a guide. */
	private TvGuide tvGuide() {
		if (guide == null)
			return null;
		int m = guide.length / (problem.width() * problem.depth());
		Volume u = new Volume(ArrayImgs.floats(guide, problem.width(), m, problem.depth()), Calibration.PIXEL);
		return FusedProblem.slabGuide(u, problem.parameters(), problem.guideMaxSquared()).slices(0, extent.slices());
	}

	/** Element volumes of the own slices on {@code arrays} (not copies). */
	private List<Volume> ownVolumes(float[][] arrays) {
		List<Volume> x = new ArrayList<>();
		for (float[] a : arrays)
			x.add(new Volume(ArrayImgs.floats(a, problem.width(), ownSlices(), problem.depth()), Calibration.PIXEL));
		return x;
	}

	private VolumeGeometry ownVolume() {
		return new VolumeGeometry(problem.width(), ownSlices(), problem.depth());
	}

	private int ownSlices() {
		return extent.slab().to() - extent.slab().from();
	}

	/** The element volumes of the slices held on {@code arrays} (not copies). */
	private List<Volume> wrap(float[][] arrays) {
		List<Volume> x = new ArrayList<>();
		for (int e = 0; e < problem.elementCount(); e++)
			x.add(new Volume(ArrayImgs.floats(arrays[e], problem.width(), extent.slices(), problem.depth()), Calibration.PIXEL));
		return x;
	}

	private VolumeGeometry volume() {
		return new VolumeGeometry(problem.width(), extent.slices(), problem.depth());
	}

	private Projector projector(double[] angles, Parallelism parallelism) {
		return projector(angles, parallelism, extent.slices());
	}

	private Projector projector(double[] angles, Parallelism parallelism, int slices) {
		return Projectors.create(new VolumeGeometry(problem.width(), slices, problem.depth()), new TiltGeometry(problem.width(), slices, angles), parallelism);
	}

	private TiltSeries series(float[] rows, double[] angles) {
		return series(rows, angles, extent.slices());
	}

	private TiltSeries series(float[] rows, double[] angles, int slices) {
		return new TiltSeries(ArrayImgs.floats(rows, problem.width(), slices, angles.length), angles, Calibration.PIXEL);
	}

	private int own0() {
		return extent.slab().from() - extent.lo();
	}

	private int own1() {
		return extent.slab().to() - extent.lo();
	}
}
