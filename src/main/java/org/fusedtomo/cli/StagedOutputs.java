package org.fusedtomo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;

/**
 * The outputs of one command run, all or nothing (issue 19). Every {@link OutputDirectory} of the run
 * writes into a hidden staging folder, {@code .fusedtomo-staging-<id>}, in the nearest existing folder
 * at or above its {@code --out} (so on the same file system, and nothing is created at the final place); {@link #commit()} moves the files into place only when the whole command succeeded, and
 * {@link #discard()} removes the staging folders after an error or a cancel, leaving {@code --out} as it
 * was: absent when the run would have created it, its other files untouched when it existed.
 * <p>
 * One run per thread at a time, nestable: {@link FusedTomo#run} opens a run with {@link #begin()} and ends it
 * with commit or discard. A run begun while the thread has one open (a {@code batch} runs {@code reconstruct}
 * once per series) is its own: its commit moves its files into place at once, and closing it makes the
 * outer run the thread's open run again. Runs of other threads (batch series in parallel, Spark tasks in one
 * executor) do not see each other. A JVM shutdown hook (a kill, a Ctrl-C that ends the JVM) discards every
 * run not committed.
 */
final class StagedOutputs {

	private static final String STAGING_PREFIX = ".fusedtomo-staging-";

	/** The innermost open run of each thread. */
	private static final ThreadLocal<StagedOutputs> current = new ThreadLocal<>();
	/** Every open run of every thread, for the shutdown hook. */
	private static final Set<StagedOutputs> open = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(StagedOutputs::discardCurrent, "fusedtomo-discard-staged-outputs"));
	}

	/** Staging folder per existing folder above the outputs; files keep their path relative to that folder. */
	private final Map<Path, Path> staging = new LinkedHashMap<>();
	/** Every output folder of the run, absolute: created on commit even when empty. */
	private final Set<Path> folders = new LinkedHashSet<>();
	/** The inputs that every output of the run is checked against. */
	private final List<Path> protectedInputs = new ArrayList<>();
	/** The run that was open on this thread when this one began (null: none); open again once this one closes. */
	private final StagedOutputs outer;
	private boolean closed;

	private StagedOutputs(StagedOutputs outer) {
		this.outer = outer;
	}

	/** Opens a run on this thread, inside the thread's open run if there is one. */
	static StagedOutputs begin() {
		StagedOutputs run = new StagedOutputs(open());
		current.set(run);
		open.add(run);
		return run;
	}

	/** This thread's open run, or null when there is none (a command called outside {@link FusedTomo#run}). */
	static StagedOutputs open() {
		StagedOutputs run = current.get();
		while (run != null && run.isClosed())
			run = run.outer;
		return run;
	}

	/** Discards every open run of every thread: for the shutdown hook and the second Ctrl-C. */
	static void discardCurrent() {
		for (StagedOutputs run : open.toArray(StagedOutputs[]::new))
			run.discard();
	}

	private synchronized boolean isClosed() {
		return closed;
	}

	/**
	 * The staging folder of output folder {@code dir}, created when needed.
	 *
	 * @throws InvalidInputException when {@code dir} or a folder above it is a file
	 * @throws UncheckedIOException when the staging folder cannot be created
	 */
	synchronized Path stage(Path dir, AtomicFiles files) {
		if (closed)
			throw new IllegalStateException("the outputs of this run were already " + (staging.isEmpty() ? "discarded" : "committed"));
		Path abs = dir.toAbsolutePath().normalize();
		Path existing = abs;
		while (existing != null && !Files.exists(existing))
			existing = existing.getParent();
		if (existing == null)
			throw new InvalidInputException(dir, "has no existing folder above it");
		if (!Files.isDirectory(existing))
			throw new InvalidInputException(dir, (existing.equals(abs) ? "is a file, not a folder" : "cannot be a folder: " + existing + " is a file") + "; give another --out");
		protectedInputs.addAll(files.inputs());
		folders.add(abs);
		Path root = staging.get(existing);
		if (root == null) {
			root = existing.resolve(STAGING_PREFIX + UUID.randomUUID());
			try {
				Files.createDirectory(root);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot create output folder " + dir + ": cannot write in " + existing + ": " + e.getMessage(), e);
			}
			staging.put(existing, root);
		}
		Path staged = root.resolve(existing.relativize(abs).toString());
		try {
			Files.createDirectories(staged);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create output folder " + dir + ": " + e.getMessage(), e);
		}
		return staged;
	}

	/**
	 * Moves every staged file into place, after checking all of them against the inputs, and removes the
	 * staging folders. Output folders that do not exist are created.
	 *
	 * @throws InvalidInputException when an output would replace an input (then nothing is moved)
	 * @throws UncheckedIOException when a file cannot be moved (those moved before it stay)
	 */
	synchronized void commit() {
		if (closed)
			return;
		try {
			AtomicFiles check = new AtomicFiles(protectedInputs);
			Map<Path, Path> moves = new LinkedHashMap<>();
			for (Map.Entry<Path, Path> e : staging.entrySet())
				for (Path staged : files(e.getValue())) {
					Path target = e.getKey().resolve(e.getValue().relativize(staged).toString());
					check.checkWritable(target);
					moves.put(staged, target);
				}
			checkReplacesOnlyEarlierRuns(Set.copyOf(moves.values()));
			List<String> mixed = leftBehind(Set.copyOf(moves.values()));
			for (Path folder : folders)
				Files.createDirectories(folder);
			for (Map.Entry<Path, Path> m : moves.entrySet()) {
				Files.createDirectories(m.getValue().getParent());
				try {
					Files.move(m.getKey(), m.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					Files.move(m.getKey(), m.getValue(), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			mixed.forEach(n -> System.err.println("Note: " + n));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot move the outputs into place: " + e.getMessage(), e);
		}
		finally {
			discard();
		}
	}

	/**
	 * Refuses to replace an existing file unless the run's folder that holds it (the nearest folder at or above it
	 * where this run writes a report.json) already holds a report.json, i.e. is an earlier run's output: a simulation's
	 * {@code truth/} or another program's files given as {@code --out} were replaced without a word.
	 *
	 * @throws InvalidInputException naming the first such file (then nothing is moved)
	 */
	private static void checkReplacesOnlyEarlierRuns(Set<Path> targets) {
		for (Path target : targets) {
			if (!Files.isRegularFile(target))
				continue;
			for (Path folder = target.getParent(); folder != null; folder = folder.getParent())
				if (targets.contains(folder.resolve(REPORT))) {
					if (!Files.isRegularFile(folder.resolve(REPORT)))
						throw wouldReplace(target, folder);
					break;
				}
		}
	}

	/** The report every command writes into its {@code --out}; its presence marks an earlier run's output folder. */
	static final String REPORT = "report.json";

	/** The refusal of an output that would replace {@code file}, in {@code folder} that holds no earlier run's report. */
	static InvalidInputException wouldReplace(Path file, Path folder) {
		return new InvalidInputException(file, "this run would replace it, but " + folder + " holds no report.json of an earlier run (a simulation's truth, another program's files?); give another --out, or move the file away");
	}

	/** Names listed in a note before "and N more". */
	static final int LISTED = 6;

	/**
	 * For each output folder where an earlier run left its results (a report.json that this run replaces): the files
	 * of that folder this run does not write and does not read, which then lie beside this run's results without being of it (a
	 * {@code Co.tif} of an earlier run beside a new {@code HAADF.tif}); one note per such folder, none when there are none.
	 */
	private List<String> leftBehind(Set<Path> targets) throws IOException {
		List<String> notes = new ArrayList<>();
		// NB: the run's own inputs (and their sidecars) in its --out are no earlier run's files (maps --input bcf --out bcf named the .bcf files).
		Set<Path> inputs = new HashSet<>();
		for (Path p : protectedInputs)
			inputs.add(p.toAbsolutePath().normalize());
		for (Path folder : folders) {
			Path report = folder.resolve("report.json");
			if (!targets.contains(report) || !Files.isRegularFile(report))
				continue;
			List<String> left;
			try (Stream<Path> s = Files.list(folder)) {
				left = s.filter(f -> Files.isRegularFile(f) && !targets.contains(f) && !inputs.contains(f.toAbsolutePath().normalize()) && !f.getFileName().toString().startsWith("."))
					.map(f -> f.getFileName().toString()).sorted().toList();
			}
			if (left.isEmpty())
				continue;
			String names = String.join(", ", left.subList(0, Math.min(LISTED, left.size()))) + (left.size() > LISTED ? " and " + (left.size() - LISTED) + " more" : "");
			notes.add(folder + " held an earlier run's results: this run replaced its report.json and left " + left.size() + " file" + (left.size() == 1 ? "" : "s")
				+ " of that run beside this one's: " + names + " (give each run its own --out)");
		}
		return notes;
	}

	/** Removes the staging folders and everything in them; the final places are left as they were. */
	void discard() {
		synchronized (this) {
			closed = true;
			for (Path root : staging.values())
				deleteTree(root);
		}
		open.remove(this);
		// NB: the shutdown hook discards from its own thread, whose current is never this run; only the run's thread moves its innermost run back.
		if (current.get() == this)
			current.set(outer);
	}

	/** The regular files under {@code root}, in a stable order. */
	private static List<Path> files(Path root) throws IOException {
		if (!Files.isDirectory(root))
			return List.of();
		try (Stream<Path> s = Files.walk(root)) {
			return s.filter(Files::isRegularFile).sorted().toList();
		}
	}

	private static void deleteTree(Path root) {
		if (!Files.exists(root))
			return;
		try (Stream<Path> s = Files.walk(root)) {
			for (Path p : s.sorted(Comparator.reverseOrder()).toList())
				Files.deleteIfExists(p);
		}
		catch (IOException | UncheckedIOException e) {
			// NB: best effort; a staging folder is hidden and holds nothing the user asked for.
		}
	}
}
