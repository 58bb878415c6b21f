package org.fusedtomo.align;

import java.util.List;

/**
 * The tilt axis an alignment found, with its evidence (issue 17): what was chosen, the estimate it came
 * from, their standard errors and what went wrong on the way.
 *
 * @param rotationDeg the rotation used: the candidate when the data support it, else 0
 * @param rotationSigmaDeg standard error of the candidate rotation, degrees; NaN where the rotation was
 *        not refined, infinite where the criterion had no minimum
 * @param rotationCandidateDeg the best rotation of the criterion, whether or not it was kept
 * @param offsetPx the axis offset, pixels (before the mean dx is moved into it)
 * @param offsetSigmaPx standard error of the offset, pixels (NaN where not estimated)
 * @param criterion how the axis was refined, e.g. "reprojection"
 * @param warnings one line per problem, e.g. an estimate at the edge of its search; empty when none
 */
public record AxisEstimate(double rotationDeg, double rotationSigmaDeg, double rotationCandidateDeg, double offsetPx, double offsetSigmaPx, String criterion,
	List<String> warnings) {

	public AxisEstimate {
		warnings = List.copyOf(warnings);
	}

	/** Whether the data supported a rotation other than 0 (it was kept). */
	public boolean rotationSupported() {
		return rotationDeg != 0;
	}
}
