/**
 * The {@code fusedtomo} command line (picocli): option parsing, input checks (exit 2 with one line), staged outputs and report.json.
 * <p>
 * Each subcommand builds core objects and calls the core; the algorithms live in the core packages.
 */
package org.fusedtomo.cli;
