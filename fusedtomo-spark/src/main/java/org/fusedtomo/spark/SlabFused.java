package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Immutable: each stage returns a new state and copies what it changes, so a retried task starts from the same one.
 *
 * @param haadf the normalised HAADF series' rows of the slices held (rescaled to the model once {@link #solverStart} ran)
 * @param chem each element's normalised chemical series' rows of the slices held
 * @param guide the HAADF guide image's slices held and the slice above them where there is one; null without a guide
 * @param state the start volumes after {@link #start}, then {@link ProximalGradientSolver.Steps#arrays} (the reference
 *        solver: the iterate); null before
 * @param haloArrays how many of the state arrays, from the first, the halos refresh
 * @param curvature the solver's curvature estimates, the same on every slab; null before {@link #solverStart}
 * @param sums this slab's shares after the last stage ({@link #start}: projection maxima then start maxima as
 *        floats; later {f(y), ⟨z − y, ∇f⟩ + ½ Σ l‖z − y‖², haadf(z), chem(z), tv(z)} or the start's {haadf, chem, tv};
 *        the reference solver's: the maxima of {@link #referenceStart}, then {haadf, chem, tv} per iteration)
 */
record SlabFused(SlabExtent extent, Problem problem, float[] haadf, float[][] chem, float[] guide, float[][] state, int haloArrays, double[] curvature, double[] sums)
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
		return new SlabFused(extent, problem, SlabRows.copy(haadf.data(), w, h, extent.lo(), extent.hi()), chemRows, guideRows, null, 0, null, null);
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
		return new SlabFused(extent, problem, haadf, chem, guide, x, 0, null, sums);
	}

	/**
	 * The solver's state from the start volumes: the HAADF rows rescaled by {@code factors} per projection
	 * ({@link FusedProblem#rescaleFactors} of the whole series), the curvature estimates from the whole's ‖A_h‖²,
	 * ‖A_e‖² and start maxima; the sums are this slab's shares of the start's {haadf, chem, tv}.
	 */
	SlabFused solverStart(float[] factors, double haadfNorm, double[] chemNorms, float[] startMaxima) {
		float[] rescaled = haadf.clone();
		FusedProblem.scaleProjections(series(rescaled, problem.haadfAngles()), factors);
		SlabFused s = new SlabFused(extent, problem, rescaled, chem, guide, null, 0, null, null);
		Parallelism parallelism = new Parallelism(problem.threads());
		FusedCost cost = s.cost(parallelism);
		List<Volume> x = s.volumes(state);
		for (Volume v : x)
			FloatArrays.clampNonNegative(v.data());
		double[] curvature = ProximalGradientSolver.curvatures(cost, haadfNorm, chemNorms, startMaxima);
		ProximalGradientSolver.Steps steps = s.steps(cost, x, curvature, parallelism);
		return new SlabFused(extent, problem, rescaled, chem, guide, steps.arrays(), steps.haloArrayCount(), curvature, steps.terms());
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
		return new SlabFused(extent, problem, rescaled, chem, guide, state, problem.elementCount(), null, maxima);
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
		return new SlabFused(extent, problem, haadf, chem, guide, x, haloArrays, null, sums);
	}

	/** Each element's own slices of the reference solver's iterate. */
	float[][] referenceResult() {
		float[][] own = new float[problem.elementCount()][];
		for (int e = 0; e < own.length; e++)
			own[e] = SlabRows.copy(state[e], problem.width(), extent.slices(), own0(), own1());
		return own;
	}

	/** The rows this slab owns that each of {@code targets} holds as halo, of the state arrays that the next step reads there ({@link ProximalGradientSolver.Steps#haloArrayCount}). */
	List<SlabTv.SlabHalo> halosFor(List<SlabExtent> targets) {
		return SlabTv.halos(extent, targets, problem.width(), Arrays.copyOf(state, haloArrays), new float[0][]);
	}

	/**
	 * One job of the solver on a copy of this state with the neighbours' {@code halos} put in: the previous
	 * iteration's {@code choice} (null: none pending), the gradient at y when {@code gradient} (a new iteration),
	 * then a trial with step factor {@code s}. The sums: {f(y) (0 without the gradient), the model's terms beyond
	 * f(y), haadf(z), chem(z), tv(z)}.
	 */
	SlabFused next(Iterable<SlabTv.SlabHalo> halos, ProximalGradientSolver.Choice choice, boolean gradient, double s) {
		Parallelism parallelism = new Parallelism(problem.threads());
		ProximalGradientSolver.Steps steps = restore(halos, parallelism);
		if (choice != null)
			steps.advance(choice);
		double fy = gradient ? steps.gradient() : 0;
		ProximalGradientSolver.Trial trial = steps.trial(s);
		double tv = steps.tv();
		return new SlabFused(extent, problem, haadf, chem, guide, steps.arrays(), haloArrays, curvature, new double[] { fy, trial.slopeAndQuadratic(), trial.haadf(),
			trial.chemical(), tv });
	}

	/** Each element's own slices of the iterate after the last iteration's {@code choice} (null: none). */
	float[][] result(ProximalGradientSolver.Choice choice) {
		Parallelism parallelism = new Parallelism(problem.threads());
		ProximalGradientSolver.Steps steps = restore(List.of(), parallelism);
		if (choice != null)
			steps.advance(choice);
		float[][] own = new float[problem.elementCount()][];
		for (int e = 0; e < own.length; e++)
			own[e] = SlabRows.copy(steps.current().get(e).data(), problem.width(), extent.slices(), own0(), own1());
		return own;
	}

	/** The solver's steps with this state's arrays and the {@code halos} put in (copies: this state stays as it is). */
	private ProximalGradientSolver.Steps restore(Iterable<SlabTv.SlabHalo> halos, Parallelism parallelism) {
		FusedCost cost = cost(parallelism);
		List<Volume> x = new ArrayList<>();
		for (int e = 0; e < problem.elementCount(); e++)
			x.add(Volume.zeros(volume()));
		ProximalGradientSolver.Steps steps = steps(cost, x, curvature, parallelism);
		float[][] arrays = steps.arrays();
		SlabTv.copyInto(state, arrays);
		SlabTv.put(halos, extent, problem.width(), arrays, new float[0][]);
		return steps;
	}

	private ProximalGradientSolver.Steps steps(FusedCost cost, List<Volume> x, double[] curvature, Parallelism parallelism) {
		return new ProximalGradientSolver.Steps(cost, x, problem.parameters().tvIterations(), curvature, parallelism, own0(), own1());
	}

	/** The slab's cost on the slices held: its projectors, its rows of the data, the guide there, and its own slices' shares. */
	private FusedCost cost(Parallelism parallelism) {
		Projector haadfProjector = projector(problem.haadfAngles(), parallelism);
		List<Projector> chemProjectors = new ArrayList<>();
		List<TiltSeries> chemSeries = new ArrayList<>();
		for (int e = 0; e < problem.elementCount(); e++) {
			double[] angles = problem.chemAngles()[e];
			chemProjectors.add(Arrays.equals(angles, problem.haadfAngles()) ? haadfProjector : projector(angles, parallelism));
			chemSeries.add(series(chem[e], angles));
		}
		TvGuide tvGuide = null;
		if (guide != null) {
			int m = guide.length / (problem.width() * problem.depth());
			Volume u = new Volume(ArrayImgs.floats(guide, problem.width(), m, problem.depth()), Calibration.PIXEL);
			tvGuide = FusedProblem.slabGuide(u, problem.parameters(), problem.guideMaxSquared()).slices(0, extent.slices());
		}
		return FusedProblem.cost(haadfProjector, series(haadf, problem.haadfAngles()), chemProjectors, chemSeries, List.of(problem.elements()), problem.parameters(), tvGuide,
			problem.scales());
	}

	private List<Volume> volumes(float[][] arrays) {
		float[][] copies = new float[problem.elementCount()][];
		for (int e = 0; e < copies.length; e++)
			copies[e] = arrays[e].clone();
		return wrap(copies);
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
		return Projectors.create(volume(), new TiltGeometry(problem.width(), extent.slices(), angles), parallelism);
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
