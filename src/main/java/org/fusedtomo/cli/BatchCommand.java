package org.fusedtomo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiltAngles;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code fusedtomo batch}: many tilt series reconstructed alike, each exactly as {@code reconstruct --haadf
 * SERIES --out DIR/<name>} with the same reconstruct options would (the same code path: each series is one
 * {@link FusedTomo} command line), here one after the other or, with {@code --engine spark}, as the tasks of
 * one Spark job. Each series' folder is written atomically on its own (its outputs are staged per run and
 * thread, {@link StagedOutputs}): a failed series leaves no folder and does not stop the others.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Reconstruct many tilt series alike (a time series, a parameter sweep): each as 'reconstruct --haadf SERIES --out DIR/<name>' with the reconstruct options given after the series, here or as one Spark job.",
		"Usage: fusedtomo batch --out DIR [--engine spark [--master URL]] [--list FILE] SERIES... [reconstruct options]" })
final class BatchCommand implements Callable<Integer> {

	/** Options that batch gives each series itself, or that do not fit one file per series. */
	private static final Set<String> SET_BY_BATCH = Set.of("--haadf", "--out", "--spectra");

	@Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder: one sub-folder per series, named after its file (without extension).")
	Path out;

	@Option(names = "--list", paramLabel = "FILE", description = "A file naming one series per line (relative paths from the list's folder; blank lines and lines starting with # are skipped), in addition to SERIES.")
	Path list;

	@Option(names = "--engine", defaultValue = "local", description = "local (this JVM, one series after the other; the default) or spark (each series one task of a Spark job; needs the fusedtomo-spark module, docs/spark.md).")
	String engine;

	@Option(names = "--master", description = "--engine spark: the Spark master, e.g. local[2] or spark://host:7077 (default local[*], or spark-submit's).")
	String master;

	/** The series, then the reconstruct options, in the order given. */
	@Unmatched
	List<String> rest = new ArrayList<>();

	@Override
	public Integer call() {
		boolean spark = EngineOptions.isSpark(engine, master, null);
		int firstOption = 0;
		while (firstOption < rest.size() && !rest.get(firstOption).startsWith("-"))
			firstOption++;
		List<Path> series = new ArrayList<>();
		for (String s : rest.subList(0, firstOption))
			series.add(Path.of(s));
		if (list != null)
			series.addAll(readList(list));
		List<String> options = rest.subList(firstOption, rest.size());
		for (String o : options) {
			String name = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
			if (SET_BY_BATCH.contains(name))
				throw new IllegalArgumentException(name + " is not a batch option: give the series as SERIES (or --list FILE) and the output folder as --out");
		}
		if (series.isEmpty())
			throw new IllegalArgumentException("batch needs at least one tilt series: SERIES... before the reconstruct options, or --list FILE");
		Map<String, List<String>> commandLines = commandLines(series, options);
		checkReconstructOptions(commandLines.values().iterator().next());
		List<FusedTomo.Outcome> outcomes = spark ? BatchRunner.find("spark").run(master, List.copyOf(commandLines.values()), Monitors.console()) : runHere(commandLines);
		return summary(List.copyOf(commandLines.keySet()), outcomes);
	}

	/** One reconstruct command line per series, by output name; paths absolute, as tasks may run in another folder. */
	private Map<String, List<String>> commandLines(List<Path> series, List<String> options) {
		Map<String, List<String>> lines = new LinkedHashMap<>();
		Map<String, Path> byName = new LinkedHashMap<>();
		for (Path s : series) {
			if (Files.isDirectory(s))
				OptionChecks.inputFile(s, null); // NB: names the folder's series files (was "is not a file")
			if (!Files.isRegularFile(s))
				throw new InvalidInputException(s, Files.exists(s) ? "is not a file" : "does not exist");
			String name = nameOf(s);
			Path other = byName.put(name, s);
			if (other != null && other.toAbsolutePath().normalize().equals(s.toAbsolutePath().normalize()))
				throw new InvalidInputException(s, "is given twice" + (other.equals(s) ? "" : " (also as " + other + ")") + "; give each series once");
			if (other != null)
				throw new InvalidInputException(s, "has the same name as " + other + "; both would write " + out.resolve(name) + ": rename one");
			List<String> line = new ArrayList<>(List.of("reconstruct", "--haadf", s.toAbsolutePath().toString(), "--out", out.resolve(name).toAbsolutePath().toString()));
			line.addAll(options);
			lines.put(name, line);
		}
		return lines;
	}

	/** A series' output folder name: its file name without the extension. */
	static String nameOf(Path series) {
		return TiltAngles.withExtension(series, "").getFileName().toString();
	}

	/**
	 * Refuses, before any series is read, reconstruct options that picocli or reconstruct's own checks reject,
	 * by parsing and checking them as reconstruct does.
	 */
	private static void checkReconstructOptions(List<String> commandLine) {
		ReconstructCommand probe = new ReconstructCommand();
		try {
			new CommandLine(probe).parseArgs(commandLine.subList(1, commandLine.size()).toArray(String[]::new));
		}
		catch (CommandLine.ParameterException e) {
			throw new IllegalArgumentException("reconstruct options: " + e.getMessage(), e);
		}
		// NB: each series' run says which method it uses (without --method it depends on what its file holds).
		probe.options.quiet = true;
		probe.checkedSettings();
	}

	private static List<Path> readList(Path list) {
		List<String> lines;
		try {
			lines = Files.readAllLines(list);
		}
		catch (IOException e) {
			throw new InvalidInputException(list, "cannot be read (--list): " + e.getMessage(), e);
		}
		Path base = list.toAbsolutePath().getParent();
		List<Path> series = new ArrayList<>();
		for (String line : lines) {
			String s = line.strip();
			if (!s.isEmpty() && !s.startsWith("#"))
				series.add(base.resolve(s));
		}
		if (series.isEmpty())
			throw new InvalidInputException(list, "names no series (--list: one file per line)");
		return series;
	}

	/** Each series in this JVM, one after the other; each is its own run of the command line. */
	private static List<FusedTomo.Outcome> runHere(Map<String, List<String>> commandLines) {
		List<FusedTomo.Outcome> outcomes = new ArrayList<>();
		int i = 0;
		for (Map.Entry<String, List<String>> e : commandLines.entrySet()) {
			System.out.printf("batch: series %d of %d: %s%n", ++i, commandLines.size(), e.getKey());
			FusedTomo.Outcome o = FusedTomo.runCapturingError(e.getValue().toArray(String[]::new));
			outcomes.add(o);
			if (o.code() == 130)
				break;
		}
		return outcomes;
	}

	/**
	 * One line for the batch: 0 when every series was written; otherwise the failed series with their first
	 * error line, exit 2 when all of them failed on bad input, 130 when cancelled, 1 otherwise.
	 */
	private int summary(List<String> names, List<FusedTomo.Outcome> outcomes) {
		List<String> failed = new ArrayList<>();
		boolean allBadInput = true, cancelled = false;
		for (int i = 0; i < names.size(); i++) {
			FusedTomo.Outcome o = i < outcomes.size() ? outcomes.get(i) : null;
			if (o != null && o.code() == 0)
				continue;
			failed.add(names.get(i) + (o == null ? " (not run)" : ": " + (o.error() == null ? "exit " + o.code() : o.error())));
			allBadInput &= o != null && o.code() == 2;
			cancelled |= o == null || o.code() == 130;
		}
		if (failed.isEmpty()) {
			System.out.println("batch: wrote " + names.size() + " series to " + out);
			return 0;
		}
		System.err.println("fusedtomo batch: error: " + failed.size() + " of " + names.size() + " series failed (the others are in " + out + "): " + String.join("; ", failed));
		return cancelled ? 130 : allBadInput ? 2 : 1;
	}
}
