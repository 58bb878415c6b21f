package org.fusedtomo.cli;

import java.util.function.Predicate;

import sun.misc.Signal;

/** Creates the command-line progress monitor and wires Ctrl-C to its cancel. */
final class Monitors {

	/**
	 * For tests: a simulated Ctrl-C, given when a progress stage matches (e.g. the second series of a
	 * run begins); null in normal runs.
	 */
	static volatile Predicate<String> cancelAtStage;

	private Monitors() {}

	/**
	 * A monitor printing to stderr; the first Ctrl-C cancels it (the command then ends with exit 130 and
	 * its staged outputs are discarded), a second one removes the staged outputs and exits at once.
	 */
	static ConsoleMonitor console() {
		ConsoleMonitor m = new ConsoleMonitor(System.err, System.console() != null, cancelAtStage);
		try {
			Signal.handle(new Signal("INT"), s -> {
				if (m.isCancelled()) {
					StagedOutputs.discardCurrent();
					Runtime.getRuntime().halt(130);
				}
				m.cancel();
			});
		}
		catch (IllegalArgumentException | UnsupportedOperationException e) {
			// NB: no SIGINT on this platform; Ctrl-C then ends the JVM, and the shutdown hook of StagedOutputs discards the outputs.
		}
		return m;
	}
}
