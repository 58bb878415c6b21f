package org.fusedtomo.cli;

import java.util.List;
import java.util.ServiceLoader;

import org.fusedtomo.progress.Monitor;

/**
 * Runs the command lines of a {@code batch} (one {@code reconstruct} per series) somewhere other than this
 * JVM, e.g. as the tasks of one Spark job (the {@code fusedtomo-spark} module). Found by
 * {@link ServiceLoader} ({@code META-INF/services/org.fusedtomo.cli.BatchRunner}), so the Fiji jar does
 * not depend on it.
 */
public interface BatchRunner {

	/** The {@code --engine} name, e.g. "spark". */
	String name();

	/**
	 * Runs each command line (the arguments of {@code fusedtomo}, paths absolute) as {@link FusedTomo#runCapturingError}
	 * does, each as one task, and returns their outcomes in order. A command line that fails is an outcome, not
	 * an exception; progress is the number of finished command lines.
	 *
	 * @throws IllegalArgumentException naming --master when it cannot be parsed or reached
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	List<FusedTomo.Outcome> run(String master, List<List<String>> commandLines, Monitor monitor);

	/**
	 * The runner called {@code name} from the class path.
	 *
	 * @throws IllegalArgumentException when there is none
	 */
	static BatchRunner find(String name) {
		for (BatchRunner r : ServiceLoader.load(BatchRunner.class))
			if (r.name().equalsIgnoreCase(name))
				return r;
		throw new IllegalArgumentException("--engine " + name + " is not on the class path; build the fusedtomo-" + name + " module as docs/spark.md says");
	}
}
