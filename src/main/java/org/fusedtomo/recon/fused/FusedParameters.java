package org.fusedtomo.recon.fused;

/**
 * Settings of the fused multi-modal reconstruction (DESIGN §4). The defaults ({@link #DEFAULT}) are the
 * reference code's. The λ values act on data normalised to a maximum of 1 (see {@link FusedReconstruction}),
 * so they do not depend on the detector's units.
 *
 * @param gamma HAADF exponent γ of the model {@code Σ_e w_e x_e^γ}, in [1, 4]; 1.6. Below 1, x^γ has no
 *        derivative at x = 0, where non-negative volumes live, so gradient steps are undefined.
 * @param lambdaHaadf step factor λ_H of the reference solver's SIRT-preconditioned HAADF step (> 0); 10.
 *        The proximal-gradient solver does not use it: the cost F has no λ_H.
 * @param lambdaChem weight λ_C of the Poisson chemical term in F (> 0); 0.05
 * @param lambdaTv weight λ_TV of the TV term in F (≥ 0); 1e-4
 * @param tvGuide weight γ in [0, 1) of HAADF-guided directional TV ({@link org.fusedtomo.recon.TvGuide}):
 *        0, the default, is the reference's isotropic TV; near 1 an element may jump at HAADF edges almost
 *        for free, so λ_TV can be far larger without blurring them. Not in the reference code
 * @param iterations fused iterations (≥ 1); 50
 * @param emIterations Poisson-EM iterations on the chemical data alone for the start (≥ 0); 100, the
 *        reference's {@code chemical_tomography} default
 * @param sirtIterations SIRT iterations inside each reference HAADF step (≥ 1); 5
 * @param tvIterations FGP iterations of the TV prox per element and prox evaluation (≥ 1); 5. The
 *        reference starts each prox cold; the proximal-gradient solver warm-starts it from the last dual
 * @param epsilon offset ε in the Poisson term {@code log(A_c x + ε)} (> 0); 0.1
 * @param weightMethod how w_e depends on Z; {@link WeightMethod#Z_OVER_SUM_Z} (3)
 * @param solver which algorithm minimises F; {@link FusedSolver#REFERENCE}
 * @param threads threads for projections (≥ 1)
 * @param jointTv whether the TV term couples the elements: joint TV {@code Σ_voxels √(Σ_e t_e² |P ∇x_e|²)}
 *        ({@link org.fusedtomo.recon.JointTvProx}) in place of Σ_e t_e TV(x_e); false, the default. Proximal
 *        solver only. Not in the reference code
 */
public record FusedParameters(double gamma, double lambdaHaadf, double lambdaChem, double lambdaTv, double tvGuide, int iterations, int emIterations,
	int sirtIterations, int tvIterations, double epsilon, WeightMethod weightMethod, FusedSolver solver, int threads, boolean jointTv) {

	/** The settings with per-element TV (no joint TV). */
	public FusedParameters(double gamma, double lambdaHaadf, double lambdaChem, double lambdaTv, double tvGuide, int iterations, int emIterations,
		int sirtIterations, int tvIterations, double epsilon, WeightMethod weightMethod, FusedSolver solver, int threads) {
		this(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, false);
	}

	/** The reference defaults, on all available cores. */
	public static final FusedParameters DEFAULT = new FusedParameters(1.6, 10, 0.05, 1e-4, 0, 50, 100, 5, 5, 0.1, WeightMethod.Z_OVER_SUM_Z,
		FusedSolver.REFERENCE, Runtime.getRuntime().availableProcessors());

	/**
	 * Settings for the low-count simulation protocol of DESIGN §6, chosen on seed 1 of the core-shell
	 * phantom at 5 and 20 counts per pixel (docs/fused-study.md): λ_C 0.05, λ_TV 3e-3 and a 20-iteration
	 * EM start. A short EM start is smoother at low counts; λ_C above about 0.2 makes the chemical step
	 * oscillate, because the Poisson term's curvature near data b is about ‖A‖²/(b + ε), up to 10 L.
	 */
	public static final FusedParameters SIMULATION_PROTOCOL = DEFAULT.withLambdas(10, 0.05, 3e-3).withEmIterations(20);

	/**
	 * {@link #SIMULATION_PROTOCOL} with HAADF-guided TV (γ 0.95), λ_C 0.2, λ_TV 0.15 and the proximal-gradient
	 * solver, chosen on seed 1 of the core-shell phantom as the best worst case over 5 and 20 counts per
	 * pixel (docs/fused-study.md). The reference solver is not stable at this λ_TV: its TV prox takes λ_TV
	 * as is, not scaled by a step size.
	 */
	public static final FusedParameters GUIDED_SIMULATION_PROTOCOL = SIMULATION_PROTOCOL.withLambdas(10, 0.2, 0.15).withTvGuide(0.95)
		.withSolver(FusedSolver.PROXIMAL_GRADIENT);

	public FusedParameters {
		if (!(gamma >= 1 && gamma <= 4))
			throw new IllegalArgumentException("gamma must lie in [1, 4], got " + gamma);
		if (!(lambdaHaadf > 0) || !Double.isFinite(lambdaHaadf))
			throw new IllegalArgumentException("lambdaHaadf must be a positive number, got " + lambdaHaadf);
		if (!(lambdaChem > 0) || !Double.isFinite(lambdaChem))
			throw new IllegalArgumentException("lambdaChem must be a positive number, got " + lambdaChem);
		if (!(lambdaTv >= 0) || !Double.isFinite(lambdaTv))
			throw new IllegalArgumentException("lambdaTv must be a non-negative number, got " + lambdaTv);
		if (!(tvGuide >= 0 && tvGuide < 1))
			throw new IllegalArgumentException("tvGuide must lie in [0, 1) (0 for isotropic TV), got " + tvGuide);
		if (iterations < 1)
			throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
		if (emIterations < 0)
			throw new IllegalArgumentException("emIterations must be non-negative, got " + emIterations);
		if (sirtIterations < 1)
			throw new IllegalArgumentException("sirtIterations must be at least 1, got " + sirtIterations);
		if (tvIterations < 1)
			throw new IllegalArgumentException("tvIterations must be at least 1, got " + tvIterations);
		if (!(epsilon > 0) || !Double.isFinite(epsilon))
			throw new IllegalArgumentException("epsilon must be a positive number, got " + epsilon);
		if (weightMethod == null)
			throw new IllegalArgumentException("weightMethod must not be null; the reference default is Z_OVER_SUM_Z (3)");
		if (solver == null)
			throw new IllegalArgumentException("solver must not be null; use REFERENCE or PROXIMAL_GRADIENT");
		if (threads < 1)
			throw new IllegalArgumentException("threads must be at least 1, got " + threads);
		if (jointTv && solver != FusedSolver.PROXIMAL_GRADIENT)
			throw new IllegalArgumentException("jointTv (--joint-tv) needs the proximal-gradient solver (--solver proximal), got " + solver);
	}

	public FusedParameters withSolver(FusedSolver s) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, s, threads, jointTv);
	}

	public FusedParameters withIterations(int n) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, n, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, jointTv);
	}

	public FusedParameters withEmIterations(int n) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, n, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, jointTv);
	}

	public FusedParameters withLambdas(double haadf, double chem, double tv) {
		return new FusedParameters(gamma, haadf, chem, tv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, jointTv);
	}

	public FusedParameters withWeightMethod(WeightMethod m) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, m, solver, threads, jointTv);
	}

	public FusedParameters withTvGuide(double weight) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, weight, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, jointTv);
	}

	public FusedParameters withThreads(int n) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, n, jointTv);
	}

	/** These settings with joint TV on or off ({@link #jointTv()}); on needs the proximal-gradient solver. */
	public FusedParameters withJointTv(boolean joint) {
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, sirtIterations, tvIterations, epsilon, weightMethod, solver, threads, joint);
	}
}
