/**
 * Alignment of tilt series: background subtraction, centre of mass, cross-correlation, tilt axis, projection matching and survey registration.
 * <p>
 * The result is an immutable {@link org.fusedtomo.align.Alignment} (shifts per angle plus the axis), saved as alignment.json by {@link org.fusedtomo.align.AlignmentJson}.
 */
package org.fusedtomo.align;
