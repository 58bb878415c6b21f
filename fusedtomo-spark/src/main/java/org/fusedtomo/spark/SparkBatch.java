package org.fusedtomo.spark;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.cli.BatchRunner;
import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.progress.Monitor;

/**
 * {@code batch --engine spark}: every series' command line ({@code reconstruct ...}) is one task of one Spark
 * job, run by the unchanged command line in the executor ({@link FusedTomo#runCapturingError}), so each
 * series gets exactly the outputs {@code reconstruct} writes, staged and moved into place by its task.
 * The series files and the output folder must therefore be reachable from every executor (a shared file
 * system; on one machine they are). The driver sends only the command lines and collects exit codes and
 * error lines. A task that dies (an executor lost) is retried by Spark and rewrites its series from scratch;
 * a series that fails on bad input is an outcome, not a task failure, so it is not retried.
 */
public final class SparkBatch implements BatchRunner {

	@Override
	public String name() {
		return "spark";
	}

	@Override
	public List<FusedTomo.Outcome> run(String master, List<List<String>> commandLines, Monitor monitor) {
		// NB: as serialisable lists, whatever List implementation the caller used.
		List<ArrayList<String>> lines = commandLines.stream().map(ArrayList::new).toList();
		try (SparkEngine engine = SparkEngine.start(master, null)) {
			var rdd = engine.context().parallelize(lines, lines.size());
			return engine.await(rdd.map(line -> FusedTomo.runCapturingError(line.toArray(String[]::new))).collectAsync(), "batch series", lines.size(), monitor);
		}
	}
}
