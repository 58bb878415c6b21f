package org.fusedtomo.cli;

import sun.misc.Signal;

/** Creates the command-line progress monitor and wires Ctrl-C to its cancel. */
final class Monitors {

	private Monitors() {}

	/** A monitor printing to stderr; the first Ctrl-C cancels it, a second one exits at once. */
	static ConsoleMonitor console() {
		ConsoleMonitor m = new ConsoleMonitor(System.err, System.console() != null);
		try {
			Signal.handle(new Signal("INT"), s -> {
				if (m.isCancelled())
					Runtime.getRuntime().halt(130);
				m.cancel();
			});
		}
		catch (IllegalArgumentException | UnsupportedOperationException e) {
			// NB: no SIGINT on this platform; Ctrl-C then ends the JVM as usual.
		}
		return m;
	}
}
