package org.fusedtomo.recon.fused;

/**
 * The fused cost F of DESIGN §4, whatever solver minimises it:
 * {@code F(x) = ½‖A_h Σ_e w_e x_e^γ − b_H‖² + λ_C Σ_e [1ᵀA_c x_e − (b_e+ε)ᵀ log(A_c x_e + ε)] + λ_TV Σ_e TV(x_e)}.
 * The λ act on data normalised to a maximum of 1 (see {@link FusedReconstruction}), so they do not
 * depend on the detector's units. A bad value throws an {@link IllegalArgumentException} whose one-line
 * message names the command-line option, e.g. {@code --lambda-chem}.
 *
 * @param gamma HAADF exponent γ of the model {@code Σ_e w_e x_e^γ}, in [1, 4]; {@value #GAMMA}. Below 1,
 *        x^γ has no derivative at x = 0, where non-negative volumes live, so gradient steps are undefined
 * @param epsilon offset ε in the Poisson term {@code log(A_c x + ε)} (&gt; 0); {@value #EPSILON}
 * @param weightMethod how w_e depends on Z; {@link WeightMethod#Z_OVER_SUM_Z} (3), the reference's
 * @param lambdaChem weight λ_C of the Poisson chemical term (&gt; 0); {@value #DEFAULT_LAMBDA_CHEM}, the
 *        reference's {@value #REFERENCE_LAMBDA_CHEM}
 * @param lambdaTv weight λ_TV of the TV term (≥ 0); {@value #DEFAULT_LAMBDA_TV}, the reference's
 *        {@value #REFERENCE_LAMBDA_TV}
 * @param tvGuide weight in [0, 1) of HAADF-guided directional TV ({@link org.fusedtomo.recon.TvGuide});
 *        {@value #DEFAULT_TV_GUIDE}. 0 is the reference's isotropic TV; near 1 an element may jump at
 *        HAADF edges almost for free, so λ_TV can be far larger without blurring them
 */
public record FusedModel(double gamma, double epsilon, WeightMethod weightMethod, double lambdaChem, double lambdaTv, double tvGuide) {

	/** γ of both {@link #DEFAULT} and {@link #REFERENCE}. */
	public static final double GAMMA = 1.6;
	/** ε of both {@link #DEFAULT} and {@link #REFERENCE}. */
	public static final double EPSILON = 0.1;
	/** The reference's Z weighting, {@link WeightMethod#Z_OVER_SUM_Z}, by its code. */
	public static final int WEIGHT_METHOD_CODE = 3;
	/** λ_C of {@link #DEFAULT}. */
	public static final double DEFAULT_LAMBDA_CHEM = 0.2;
	/** λ_TV of {@link #DEFAULT}. */
	public static final double DEFAULT_LAMBDA_TV = 0.15;
	/** Guide weight of {@link #DEFAULT}. */
	public static final double DEFAULT_TV_GUIDE = 0.95;
	/** λ_C of {@link #REFERENCE}. */
	public static final double REFERENCE_LAMBDA_CHEM = 0.05;
	/** λ_TV of {@link #REFERENCE}. */
	public static final double REFERENCE_LAMBDA_TV = 1e-4;

	/**
	 * The product's model: HAADF-guided TV with λ_C 0.2 and λ_TV 0.15, chosen on seed 1 of the core-shell
	 * phantom as the best worst case over 5 and 20 counts per pixel (docs/fused-study.md). λ_C above about
	 * 0.2 makes the chemical step oscillate, because the Poisson term's curvature near data b is about
	 * ‖A‖²/(b + ε), up to 10 L.
	 */
	public static final FusedModel DEFAULT = new FusedModel(GAMMA, EPSILON, WeightMethod.ofCode(WEIGHT_METHOD_CODE), DEFAULT_LAMBDA_CHEM, DEFAULT_LAMBDA_TV,
		DEFAULT_TV_GUIDE);

	/** The reference code's model (tomo_TV): isotropic TV, λ_C 0.05, λ_TV 1e-4. */
	public static final FusedModel REFERENCE = new FusedModel(GAMMA, EPSILON, WeightMethod.ofCode(WEIGHT_METHOD_CODE), REFERENCE_LAMBDA_CHEM,
		REFERENCE_LAMBDA_TV, 0);

	public FusedModel {
		if (!(gamma >= 1 && gamma <= 4))
			throw new IllegalArgumentException("--gamma must lie in [1, 4], got " + gamma);
		if (!(epsilon > 0) || !Double.isFinite(epsilon))
			throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
		if (weightMethod == null)
			throw new IllegalArgumentException("--weights must be given; the reference's is 3 (Z/sum Z)");
		if (!(lambdaChem > 0) || !Double.isFinite(lambdaChem))
			throw new IllegalArgumentException("--lambda-chem must be a positive number, got " + lambdaChem);
		if (!(lambdaTv >= 0) || !Double.isFinite(lambdaTv))
			throw new IllegalArgumentException("--lambda-tv must be a non-negative number, got " + lambdaTv);
		if (!(tvGuide >= 0 && tvGuide < 1))
			throw new IllegalArgumentException("--tv-guide must lie in [0, 1) (0 for isotropic TV), got " + tvGuide);
	}

	public FusedModel withGamma(double g) {
		return new FusedModel(g, epsilon, weightMethod, lambdaChem, lambdaTv, tvGuide);
	}

	public FusedModel withEpsilon(double e) {
		return new FusedModel(gamma, e, weightMethod, lambdaChem, lambdaTv, tvGuide);
	}

	public FusedModel withWeightMethod(WeightMethod m) {
		return new FusedModel(gamma, epsilon, m, lambdaChem, lambdaTv, tvGuide);
	}

	public FusedModel withLambdaChem(double lambda) {
		return new FusedModel(gamma, epsilon, weightMethod, lambda, lambdaTv, tvGuide);
	}

	public FusedModel withLambdaTv(double lambda) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambda, tvGuide);
	}

	public FusedModel withTvGuide(double weight) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambdaTv, weight);
	}
}
