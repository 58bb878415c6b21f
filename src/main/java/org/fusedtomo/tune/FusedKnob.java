package org.fusedtomo.tune;

import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;

/** A setting of the fused reconstruction that tuning may vary, with its report name. */
public enum FusedKnob {
	/** λ_C, weight of the Poisson chemical term. */
	LAMBDA_CHEM("lambda_chem"),
	/** λ_TV, weight of the TV term. */
	LAMBDA_TV("lambda_tv"),
	/** λ_H, the reference solver's HAADF step factor. */
	LAMBDA_HAADF("lambda_haadf");

	private final String key;

	FusedKnob(String key) {
		this.key = key;
	}

	/** The name in reports and on the command line, e.g. "lambda_chem". */
	public String key() {
		return key;
	}

	/** {@code p} with this setting replaced by {@code value}; the record validates it. */
	public FusedParameters apply(FusedParameters p, double value) {
		return switch (this) {
			case LAMBDA_CHEM -> p.withLambdaChem(value);
			case LAMBDA_TV -> p.withLambdaTv(value);
			case LAMBDA_HAADF -> p.withLambdas(value, p.lambdaChem(), p.lambdaTv());
		};
	}

	/**
	 * The log range searched when the user names none, {low, high}: it holds {@code solver}'s default
	 * ({@link FusedParameters#defaults}) with a decade or more on either side. HAADF-guided TV, the
	 * proximal default, takes a far larger λ_TV than the reference's isotropic TV.
	 */
	public double[] defaultRange(FusedSolver solver) {
		boolean reference = solver == FusedSolver.REFERENCE;
		return switch (this) {
			case LAMBDA_CHEM -> new double[] { 1e-2, 1e1 };
			case LAMBDA_TV -> reference ? new double[] { 1e-4, 1e-1 } : new double[] { 1e-3, 1e0 };
			case LAMBDA_HAADF -> new double[] { 1, 1e2 };
		};
	}

	/** A log-scale search dimension named after this knob. */
	public SearchDimension range(double lower, double upper) {
		return SearchDimension.log(key, lower, upper);
	}
}
