/**
 * Worked examples of the scripting API ({@link org.fusedtomo.FusedTomography}) from plain Java.
 * <p>
 * Each runs headless without a SciJava Context and is run by a test, so it stays correct.
 */
package org.fusedtomo.examples;
