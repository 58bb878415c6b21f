/**
 * Examples of driving the commands headless from Java through a caller-owned SciJava Context.
 * <p>
 * For plain Java calls without commands, use {@link org.fusedtomo.FusedTomography}.
 */
package org.fusedtomo.command.examples;
