package org.fusedtomo.recon.fused;

/**
 * The fused cost F of DESIGN §4, whatever solver minimises it:
 * {@code F(x) = ½‖A_h Σ_e w_e x_e^γ − b_H‖² + λ_C Σ_e s_e [1ᵀA_c x_e − (b_e+ε)ᵀ log(A_c x_e + ε)] + λ_TV Σ_e t_e TV(x_e)},
 * on data normalised to a maximum of 1 (see {@link FusedReconstruction}).
 * <ul>
 * <li>With {@code countWeighted} (the product's default) s_e is element e's count level N_e, the counts at
 * its brightest pixel estimated from the data ({@link org.fusedtomo.metrics.PoissonGain}), and t_e = √N_e:
 * the Poisson term is then the log-likelihood of the counts, and TV weighs against the noise it removes
 * (noise falls as 1/√N), so λ_C is a weight per count and λ_TV per √count that hold at any dose and in any
 * units. The same specimen at 10× the dose, or data multiplied by a constant, need no other λ.</li>
 * <li>Without it (the reference code's weighting) s_e = t_e = 1: the λ act on the normalised data, so the
 * best λ_C grows with the dose.</li>
 * </ul>
 * A bad value throws an {@link IllegalArgumentException} whose one-line
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
 * @param countWeighted weight each element by its count level (see above); true, the reference's false
 * @param jointTv whether the TV term couples the elements: joint TV {@code Σ_voxels √(Σ_e t_e² |P ∇x_e|²)}
 *        ({@link org.fusedtomo.recon.JointTvProx}) in place of Σ_e t_e TV(x_e); false. Proximal solver only,
 *        not in the reference code; it helps a few per cent where elements share edges (docs/fused-study.md)
 * @param interfaceCoupling whether the TV term couples, by joint TV, only the elements that meet at interfaces, as
 *        {@link org.fusedtomo.recon.InterfaceCoupling} finds them on the EM start (others keep their own TV);
 *        {@value #DEFAULT_INTERFACE_COUPLING}. Proximal solver only; {@code jointTv} (all elements) overrides it
 */
public record FusedModel(double gamma, double epsilon, WeightMethod weightMethod, double lambdaChem, double lambdaTv, double tvGuide, boolean countWeighted,
	boolean jointTv, boolean interfaceCoupling) implements java.io.Serializable {

	/** γ of both {@link #DEFAULT} and {@link #REFERENCE}. */
	public static final double GAMMA = 1.6;
	/** ε of both {@link #DEFAULT} and {@link #REFERENCE}. */
	public static final double EPSILON = 0.1;
	/** The reference's Z weighting, {@link WeightMethod#Z_OVER_SUM_Z}, by its code. */
	public static final int WEIGHT_METHOD_CODE = 3;
	/** λ_C of {@link #DEFAULT}, per count. */
	public static final double DEFAULT_LAMBDA_CHEM = 0.008;
	/** λ_TV of {@link #DEFAULT}, per √count. */
	public static final double DEFAULT_LAMBDA_TV = 0.04;
	/**
	 * Guide weight of {@link #DEFAULT}: 0.95 with the least-squares guide (session 7); with the two-pass guide, whose
	 * edges are less noisy, 0.98 / 0.99 / 0.995 on core-shell seed 1 (5, 20, 80 counts) gave 0.99 the best worst case,
	 * and it lowered every cell of core-shell seeds 2 and 3 and layered-particles seed 11 by 1.7–3.5 % (0.7–3.0 % with
	 * the preconditioned guide; docs/fused-study.md).
	 */
	public static final double DEFAULT_TV_GUIDE = 0.99;
	/** Interface coupling of {@link #DEFAULT} (docs/fused-study.md, "The 80-count miss, fifth round"). */
	public static final boolean DEFAULT_INTERFACE_COUPLING = false;
	/** λ_C of {@link #REFERENCE}. */
	public static final double REFERENCE_LAMBDA_CHEM = 0.05;
	/** λ_TV of {@link #REFERENCE}. */
	public static final double REFERENCE_LAMBDA_TV = 1e-4;

	/**
	 * The product's model: count-weighted, HAADF-guided TV with λ_C 0.008 per count and λ_TV 0.04 per √count,
	 * chosen on seed 1 of the core-shell phantom over 5, 20 and 80 counts per pixel (docs/fused-study.md;
	 * along λ_TV ≈ 5 λ_C the result changes little, off it much).
	 */
	public static final FusedModel DEFAULT = new FusedModel(GAMMA, EPSILON, WeightMethod.ofCode(WEIGHT_METHOD_CODE), DEFAULT_LAMBDA_CHEM, DEFAULT_LAMBDA_TV,
		DEFAULT_TV_GUIDE, true, false, DEFAULT_INTERFACE_COUPLING);

	/** The reference code's model (tomo_TV): isotropic TV, λ_C 0.05, λ_TV 1e-4 on normalised data. */
	public static final FusedModel REFERENCE = new FusedModel(GAMMA, EPSILON, WeightMethod.ofCode(WEIGHT_METHOD_CODE), REFERENCE_LAMBDA_CHEM,
		REFERENCE_LAMBDA_TV, 0, false, false, false);

	public FusedModel {
		if (!(gamma >= 1 && gamma <= 4))
			throw new IllegalArgumentException("--gamma must lie in [1, 4], got " + gamma);
		if (!(epsilon > 0) || !Double.isFinite(epsilon))
			throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
		if (weightMethod == null)
			throw new IllegalArgumentException("--weights must be given; the reference's is 3 (Z/sum Z)");
		if (!(lambdaChem > 0) || !(lambdaChem <= Float.MAX_VALUE))
			throw new IllegalArgumentException("--lambda-chem must be a positive number, got " + lambdaChem);
		if (!(lambdaTv >= 0) || !(lambdaTv <= Float.MAX_VALUE))
			throw new IllegalArgumentException("--lambda-tv must be a non-negative number, got " + lambdaTv);
		if (!(tvGuide >= 0 && tvGuide < 1))
			throw new IllegalArgumentException("--tv-guide must lie in [0, 1) (0 for isotropic TV), got " + tvGuide);
	}

	public FusedModel withGamma(double g) {
		return new FusedModel(g, epsilon, weightMethod, lambdaChem, lambdaTv, tvGuide, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withEpsilon(double e) {
		return new FusedModel(gamma, e, weightMethod, lambdaChem, lambdaTv, tvGuide, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withWeightMethod(WeightMethod m) {
		return new FusedModel(gamma, epsilon, m, lambdaChem, lambdaTv, tvGuide, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withLambdaChem(double lambda) {
		return new FusedModel(gamma, epsilon, weightMethod, lambda, lambdaTv, tvGuide, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withLambdaTv(double lambda) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambda, tvGuide, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withTvGuide(double weight) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambdaTv, weight, countWeighted, jointTv, interfaceCoupling);
	}

	public FusedModel withCountWeighted(boolean weighted) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambdaTv, tvGuide, weighted, jointTv, interfaceCoupling);
	}

	public FusedModel withJointTv(boolean joint) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambdaTv, tvGuide, countWeighted, joint, interfaceCoupling);
	}

	public FusedModel withInterfaceCoupling(boolean coupling) {
		return new FusedModel(gamma, epsilon, weightMethod, lambdaChem, lambdaTv, tvGuide, countWeighted, jointTv, coupling);
	}
}
