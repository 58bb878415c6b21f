package org.fusedtomo.align;

import java.util.List;

/**
 * What supports an {@link Alignment}, saved with it as optional fields of {@code alignment.json}
 * ({@link AlignmentJson}): the tilt axis with its uncertainty, the residual and shift uncertainty per
 * tilt, and the warnings of the run.
 *
 * @param axis the tilt axis estimate; null when the axis was not searched
 * @param residuals per-tilt residual and shift standard errors; null when not measured
 * @param warnings one line per problem; empty when none
 */
public record AlignmentEvidence(AxisEstimate axis, TiltResiduals residuals, List<String> warnings) {

	/** No evidence: an alignment loaded from an old file or made by hand. */
	public static final AlignmentEvidence NONE = new AlignmentEvidence(null, null, List.of());

	public AlignmentEvidence {
		warnings = warnings == null ? List.of() : List.copyOf(warnings);
	}
}
