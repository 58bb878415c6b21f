package org.fusedtomo.recon.fused;

/**
 * Settings of the fused multi-modal reconstruction (DESIGN §4), split by what they belong to: the cost
 * ({@link FusedModel}), the solver that minimises it with its own settings ({@link FusedSolver},
 * {@link ReferenceSolverSettings}, {@link ProximalSolverSettings}), the start and iteration count, and the
 * threads. Each default is defined once, here and in those records; shells read them from here and turn
 * the options a user gave into settings with {@link Builder} ({@link #builder(String)}).
 * <p>
 * {@link #DEFAULT} is the product's best method, HAADF-guided TV with the proximal-gradient solver;
 * {@link #REFERENCE} is the reference code's scheme, kept to compare with published results.
 *
 * @param model the cost F: γ, ε, Z weights, λ_C, λ_TV and the TV guide weight
 * @param solver which algorithm minimises F; {@link FusedSolver#PROXIMAL_GRADIENT}
 * @param referenceSolver settings used when {@code solver} is {@link FusedSolver#REFERENCE}, ignored otherwise
 * @param proximalSolver settings used when {@code solver} is {@link FusedSolver#PROXIMAL_GRADIENT}, ignored otherwise
 * @param emIterations Poisson-EM iterations on the chemical data alone for the start (≥ 0);
 *        {@value #DEFAULT_EM_ITERATIONS}, the reference's {@value #REFERENCE_EM_ITERATIONS}. A short EM start is
 *        smoother at low counts
 * @param iterations fused iterations (≥ 1); {@value #ITERATIONS}; for binned maps {@link #defaultIterations}, which
 *        {@link #forSeries} raises with the count level ({@link ProximalSolverSettings#iterationCountLevel()})
 * @param threads threads for projections (≥ 1); all available cores
 */
public record FusedParameters(FusedModel model, FusedSolver solver, ReferenceSolverSettings referenceSolver, ProximalSolverSettings proximalSolver,
	int emIterations, int iterations, int threads) implements java.io.Serializable {

	/** EM iterations of the start of {@link #DEFAULT}. */
	public static final int DEFAULT_EM_ITERATIONS = 20;
	/** EM iterations of the start of {@link #REFERENCE}: the reference's {@code chemical_tomography} default. */
	public static final int REFERENCE_EM_ITERATIONS = 100;
	/** Fused iterations of both {@link #DEFAULT} and {@link #REFERENCE}, for chemical maps on the HAADF grid. */
	public static final int ITERATIONS = 50;

	/**
	 * The default number of fused iterations when the coarsest chemical series is binned {@code factor} x
	 * {@code factor} on the HAADF grid ({@link org.fusedtomo.data.ChemicalSampling}): {@link #ITERATIONS}
	 * times ⌈factor / 2⌉. NB: from a blurred EM start the HAADF needs longer to bring in the detail that the
	 * maps lack; 4x binned maps (core-shell 64, 10 counts) are 80 % worse than full sampling at 50
	 * iterations and within 3 % at 100 (docs/fused-study.md).
	 */
	public static int defaultIterations(int factor) {
		if (factor < 1)
			throw new IllegalArgumentException("A chemical sampling factor must be at least 1, got " + factor);
		return ITERATIONS * ((factor + 1) / 2);
	}

	/** The largest factor by which {@link #iterationsForCounts} multiplies the iterations: a bound on the run time at high counts, not tuned. */
	public static final double MAX_COUNT_ITERATION_FACTOR = 4;

	/**
	 * The fused iterations for binned chemical maps whose largest count level per HAADF pixel is {@code countLevel}:
	 * {@code iterations} × √(countLevel ÷ {@code reference}), at least {@code iterations} and at most
	 * {@link #MAX_COUNT_ITERATION_FACTOR} times it. NB: with count weighting the Poisson term's curvature grows with the
	 * counts, and binned maps' within-block detail comes from the HAADF and TV terms at the step that curvature allows,
	 * so it comes in more slowly; FISTA's iterations grow as the square root of the curvature. Core-shell 4× at 80
	 * counts is 1.6–1.9 × full sampling at 100 iterations and 1.23–1.26 × at this rule's 250 (docs/fused-study.md).
	 */
	public static int iterationsForCounts(int iterations, double countLevel, double reference) {
		if (iterations < 1 || !(countLevel > 0) || !(reference > 0))
			throw new IllegalArgumentException("Need iterations >= 1 and positive count levels, got " + iterations + ", " + countLevel + ", " + reference);
		double factor = Math.min(MAX_COUNT_ITERATION_FACTOR, Math.max(1, Math.sqrt(countLevel / reference)));
		return (int) Math.round(iterations * factor);
	}

	/**
	 * These settings for {@code series}: with the proximal solver, count weighting, a chemical series binned on the
	 * HAADF grid and {@link ProximalSolverSettings#iterationCountLevel()} &gt; 0, the iterations
	 * {@link #iterationsForCounts} of the largest count level of the elements (per HAADF pixel, as the cost weights
	 * them), and the count level then 0 (so that applying this twice changes nothing); otherwise these settings.
	 * Full sampling is never changed.
	 */
	public FusedParameters forSeries(org.fusedtomo.data.MultiModalSeries series) {
		double reference = proximalSolver.iterationCountLevel();
		if (solver != FusedSolver.PROXIMAL_GRADIENT || reference == 0 || !model.countWeighted())
			return this;
		int coarsest = 1;
		for (String element : series.elements())
			coarsest = Math.max(coarsest, series.sampling(element).factor());
		if (coarsest == 1)
			return this;
		double level = 0;
		for (double l : FusedProblem.countLevels(series)[0])
			level = Math.max(level, l);
		return withIterations(iterationsForCounts(iterations, level, reference));
	}

	/**
	 * The product's method: {@link FusedModel#DEFAULT} (HAADF-guided TV) minimised by the proximal-gradient
	 * solver after a 20-iteration EM start, on all available cores. The reference solver is not stable at
	 * this λ_TV: its TV prox takes λ_TV as is, not scaled by a step size.
	 */
	public static final FusedParameters DEFAULT = new FusedParameters(FusedModel.DEFAULT, FusedSolver.PROXIMAL_GRADIENT, ReferenceSolverSettings.DEFAULT,
		ProximalSolverSettings.DEFAULT, DEFAULT_EM_ITERATIONS, ITERATIONS, Runtime.getRuntime().availableProcessors());

	/** The reference code's scheme (tomo_TV): {@link FusedModel#REFERENCE}, the reference solver, a 100-iteration EM start. */
	public static final FusedParameters REFERENCE = new FusedParameters(FusedModel.REFERENCE, FusedSolver.REFERENCE, ReferenceSolverSettings.DEFAULT,
		ProximalSolverSettings.DEFAULT, REFERENCE_EM_ITERATIONS, ITERATIONS, DEFAULT.threads);

	/** λ_TV of {@link #SIMULATION_PROTOCOL}. */
	public static final double SIMULATION_PROTOCOL_LAMBDA_TV = 3e-3;

	/**
	 * The reference cost (isotropic TV) for the low-count simulation protocol of DESIGN §6, chosen on seed 1
	 * of the core-shell phantom at 5 and 20 counts per pixel (docs/fused-study.md): {@link #REFERENCE} with
	 * λ_TV {@value #SIMULATION_PROTOCOL_LAMBDA_TV} and the 20-iteration EM start of {@link #DEFAULT}. The
	 * study's isotropic rows use it.
	 */
	public static final FusedParameters SIMULATION_PROTOCOL = REFERENCE.withLambdaTv(SIMULATION_PROTOCOL_LAMBDA_TV).withEmIterations(DEFAULT_EM_ITERATIONS);

	public FusedParameters {
		if (model == null || referenceSolver == null || proximalSolver == null)
			throw new IllegalArgumentException("The fused model and both solvers' settings must be given (e.g. FusedModel.DEFAULT), got a null");
		if (solver == null)
			throw new IllegalArgumentException("--solver must be given: proximal or reference");
		if (emIterations < 0)
			throw new IllegalArgumentException("--em-iterations must be non-negative, got " + emIterations);
		if (iterations < 1)
			throw new IllegalArgumentException("--iterations must be at least 1, got " + iterations);
		if (threads < 1)
			throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
		if (model.jointTv() && solver != FusedSolver.PROXIMAL_GRADIENT)
			throw new IllegalArgumentException("--joint-tv needs --solver proximal; the reference solver takes TV per element");
		if (model.interfaceCoupling() && solver != FusedSolver.PROXIMAL_GRADIENT)
			throw new IllegalArgumentException("--interface-coupling needs --solver proximal; the reference solver takes TV per element");
	}

	/** The defaults of {@code solver}: {@link #REFERENCE} for the reference solver, {@link #DEFAULT} for the proximal one. */
	public static FusedParameters defaults(FusedSolver solver) {
		return solver == FusedSolver.REFERENCE ? REFERENCE : DEFAULT;
	}

	/**
	 * A builder on the defaults of the solver named {@code solverKey} ("proximal" or "reference",
	 * {@link FusedSolver#parse}), or on {@link #DEFAULT} when it is null: the one mapping from a shell's
	 * options to settings.
	 */
	public static Builder builder(String solverKey) {
		return (solverKey == null ? DEFAULT : defaults(FusedSolver.parse(solverKey))).toBuilder();
	}

	/** A builder whose unset values are these settings' (e.g. the 2D defaults of {@link FusedMaps#defaults(FusedSolver)}). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	public double gamma() {
		return model.gamma();
	}

	public double epsilon() {
		return model.epsilon();
	}

	public WeightMethod weightMethod() {
		return model.weightMethod();
	}

	public double lambdaChem() {
		return model.lambdaChem();
	}

	public double lambdaTv() {
		return model.lambdaTv();
	}

	public double tvGuide() {
		return model.tvGuide();
	}

	/** Whether the TV term couples the elements ({@link FusedModel#jointTv()}). */
	public boolean jointTv() {
		return model.jointTv();
	}

	/** Whether the TV term couples the elements that meet at interfaces ({@link FusedModel#interfaceCoupling()}). */
	public boolean interfaceCoupling() {
		return model.interfaceCoupling();
	}

	/** λ_H of the reference solver ({@link ReferenceSolverSettings#lambdaHaadf()}). */
	public double lambdaHaadf() {
		return referenceSolver.lambdaHaadf();
	}

	/** SIRT iterations per HAADF step of the reference solver. */
	public int sirtIterations() {
		return referenceSolver.sirtIterations();
	}

	/** TV prox iterations of the chosen solver. */
	public int tvIterations() {
		return solver == FusedSolver.REFERENCE ? referenceSolver.tvIterations() : proximalSolver.tvIterations();
	}

	public FusedParameters withModel(FusedModel m) {
		return new FusedParameters(m, solver, referenceSolver, proximalSolver, emIterations, iterations, threads);
	}

	/** Another solver with these settings' model and per-solver settings; {@link #defaults(FusedSolver)} gives that solver's own defaults. */
	public FusedParameters withSolver(FusedSolver s) {
		return new FusedParameters(model, s, referenceSolver, proximalSolver, emIterations, iterations, threads);
	}

	public FusedParameters withReferenceSolver(ReferenceSolverSettings settings) {
		return new FusedParameters(model, solver, settings, proximalSolver, emIterations, iterations, threads);
	}

	public FusedParameters withProximalSolver(ProximalSolverSettings settings) {
		return new FusedParameters(model, solver, referenceSolver, settings, emIterations, iterations, threads);
	}

	public FusedParameters withEmIterations(int n) {
		return new FusedParameters(model, solver, referenceSolver, proximalSolver, n, iterations, threads);
	}

	/** These settings with {@code n} iterations, run as given: {@link #forSeries} does not raise them ({@link ProximalSolverSettings#withFixedIterations}). */
	public FusedParameters withIterations(int n) {
		return new FusedParameters(model, solver, referenceSolver, proximalSolver.withFixedIterations(), emIterations, n, threads);
	}

	public FusedParameters withThreads(int n) {
		return new FusedParameters(model, solver, referenceSolver, proximalSolver, emIterations, iterations, n);
	}

	public FusedParameters withLambdaChem(double lambda) {
		return withModel(model.withLambdaChem(lambda));
	}

	public FusedParameters withLambdaTv(double lambda) {
		return withModel(model.withLambdaTv(lambda));
	}

	public FusedParameters withTvGuide(double weight) {
		return withModel(model.withTvGuide(weight));
	}

	public FusedParameters withJointTv(boolean joint) {
		return withModel(model.withJointTv(joint));
	}

	public FusedParameters withInterfaceCoupling(boolean coupling) {
		return withModel(model.withInterfaceCoupling(coupling));
	}

	public FusedParameters withWeightMethod(WeightMethod m) {
		return withModel(model.withWeightMethod(m));
	}

	/** λ_H (of the reference solver), λ_C and λ_TV at once. */
	public FusedParameters withLambdas(double lambdaHaadf, double lambdaChem, double lambdaTv) {
		ReferenceSolverSettings r = referenceSolver;
		return withModel(model.withLambdaChem(lambdaChem).withLambdaTv(lambdaTv))
			.withReferenceSolver(new ReferenceSolverSettings(lambdaHaadf, r.sirtIterations(), r.tvIterations()));
	}

	/**
	 * Settings from a shell's options, each null when the user did not give it: an unset value keeps the
	 * starting settings' one. {@link #build()} checks every value and their combination; each error is an
	 * {@link IllegalArgumentException} with one line that names the command-line option. Not thread-safe.
	 */
	public static final class Builder {

		private final FusedParameters base;
		private Double gamma, epsilon, lambdaChem, lambdaTv, tvGuide, lambdaHaadf;
		private Boolean countWeighted, jointTv, interfaceCoupling;
		private Integer weights, sirtIterations, tvIterations, emIterations, iterations, threads;
		private int coarsestFactor = 1;

		private Builder(FusedParameters base) {
			this.base = base;
		}

		public Builder gamma(Double value) {
			gamma = value;
			return this;
		}

		public Builder epsilon(Double value) {
			epsilon = value;
			return this;
		}

		/** The Z weighting by its reference code, 0 to 4 ({@link WeightMethod#ofCode}). */
		public Builder weights(Integer code) {
			weights = code;
			return this;
		}

		public Builder lambdaChem(Double value) {
			lambdaChem = value;
			return this;
		}

		public Builder lambdaTv(Double value) {
			lambdaTv = value;
			return this;
		}

		public Builder tvGuide(Double value) {
			tvGuide = value;
			return this;
		}

		/** Whether the TV term couples the elements ({@link FusedModel#jointTv()}); proximal solver only. */
		public Builder jointTv(Boolean value) {
			jointTv = value;
			return this;
		}

		/** Whether the TV term couples the elements that meet at interfaces ({@link FusedModel#interfaceCoupling()}); proximal solver only. */
		public Builder interfaceCoupling(Boolean value) {
			interfaceCoupling = value;
			return this;
		}

		/** Whether each element's terms are weighted by its count level ({@link FusedModel#countWeighted()}). */
		public Builder countWeighted(Boolean value) {
			countWeighted = value;
			return this;
		}

		/** λ_H; only with the reference solver. */
		public Builder lambdaHaadf(Double value) {
			lambdaHaadf = value;
			return this;
		}

		/** SIRT iterations per HAADF step; only with the reference solver. */
		public Builder sirtIterations(Integer value) {
			sirtIterations = value;
			return this;
		}

		/** TV prox iterations of the chosen solver. */
		public Builder tvIterations(Integer value) {
			tvIterations = value;
			return this;
		}

		public Builder emIterations(Integer value) {
			emIterations = value;
			return this;
		}

		public Builder iterations(Integer value) {
			iterations = value;
			return this;
		}

		public Builder threads(Integer value) {
			threads = value;
			return this;
		}

		/**
		 * The coarsest chemical sampling factor of the data; with the iterations not given they are
		 * {@link FusedParameters#defaultIterations}({@code factor}), which {@link FusedParameters#forSeries} then
		 * raises with the count level; iterations given are run as given.
		 */
		public Builder coarsestChemicalSampling(int factor) {
			defaultIterations(factor);
			coarsestFactor = factor;
			return this;
		}

		/** The settings; throws naming the option for a bad value or a setting the chosen solver does not have. */
		public FusedParameters build() {
			if (base.solver != FusedSolver.REFERENCE) {
				rejectForProximal("--lambda-haadf", lambdaHaadf, "has no HAADF step size");
				rejectForProximal("--sirt-iterations", sirtIterations, "takes no SIRT steps");
			}
			FusedModel m = base.model;
			m = new FusedModel(or(gamma, m.gamma()), or(epsilon, m.epsilon()), weights == null ? m.weightMethod() : WeightMethod.ofCode(weights),
				or(lambdaChem, m.lambdaChem()), or(lambdaTv, m.lambdaTv()), or(tvGuide, m.tvGuide()), countWeighted == null ? m.countWeighted() : countWeighted,
				jointTv == null ? m.jointTv() : jointTv, interfaceCoupling == null ? m.interfaceCoupling() : interfaceCoupling);
			ReferenceSolverSettings r = base.referenceSolver;
			ProximalSolverSettings p = base.proximalSolver;
			boolean reference = base.solver == FusedSolver.REFERENCE;
			r = new ReferenceSolverSettings(or(lambdaHaadf, r.lambdaHaadf()), or(sirtIterations, r.sirtIterations()),
				reference ? or(tvIterations, r.tvIterations()) : r.tvIterations());
			p = reference ? p : new ProximalSolverSettings(or(tvIterations, p.tvIterations()), p.iterationCountLevel());
			// NB: iterations the user gave are run as given, not raised with the count level (forSeries), as withIterations does.
			if (iterations != null)
				p = p.withFixedIterations();
			return new FusedParameters(m, base.solver, r, p, or(emIterations, base.emIterations),
				or(iterations, base.iterations * ((coarsestFactor + 1) / 2)), or(threads, base.threads));
		}

		private static void rejectForProximal(String option, Object value, String why) {
			if (value != null)
				throw new IllegalArgumentException(option + " is a setting of --solver reference only; the proximal solver " + why
					+ " (drop " + option + ", or add --solver reference)");
		}

		private static <T> T or(T value, T otherwise) {
			return value == null ? otherwise : value;
		}
	}
}
