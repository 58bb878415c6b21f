package org.fusedtomo.tune;

import org.fusedtomo.recon.fused.FusedParameters;

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
			case LAMBDA_CHEM -> p.withLambdas(p.lambdaHaadf(), value, p.lambdaTv());
			case LAMBDA_TV -> p.withLambdas(p.lambdaHaadf(), p.lambdaChem(), value);
			case LAMBDA_HAADF -> p.withLambdas(value, p.lambdaChem(), p.lambdaTv());
		};
	}

	/** A log-scale search dimension named after this knob. */
	public SearchDimension range(double lower, double upper) {
		return SearchDimension.log(key, lower, upper);
	}
}
