package org.fusedtomo.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes output files atomically and never over an input (DESIGN §7). Each file is written to a
 * hidden temporary file in its target directory, flushed to disk, then renamed over the target with
 * {@code ATOMIC_MOVE}: a reader sees the old file or the complete new one, never a partial one. On
 * failure the temporary file is deleted and the target is untouched.
 * <p>
 * An instance holds the input paths of one run (as given and as resolved through links) and refuses
 * to write any of them.
 */
public final class AtomicFiles {

	/** Produces the bytes of one file. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	private final List<Path> inputs = new ArrayList<>();

	/** Protects the given input files (null entries are ignored). */
	public AtomicFiles(Collection<Path> inputs) {
		for (Path p : inputs)
			if (p != null)
				this.inputs.add(p.toAbsolutePath().normalize());
	}

	/** Protects the given input files. */
	public static AtomicFiles protecting(Path... inputs) {
		return new AtomicFiles(Arrays.asList(inputs));
	}

	/** The protected inputs, absolute and normalised. */
	public List<Path> inputs() {
		return List.copyOf(inputs);
	}

	/**
	 * Throws when {@code target} is one of the inputs, by path or (where both exist) as the same file,
	 * or is a directory.
	 *
	 * @throws InvalidInputException naming the target
	 */
	public void checkWritable(Path target) {
		Path t = target.toAbsolutePath().normalize();
		for (Path in : inputs) {
			boolean same = t.equals(in);
			if (!same && Files.exists(t) && Files.exists(in)) {
				try {
					same = Files.isSameFile(t, in);
				}
				catch (IOException e) {
					same = false;
				}
			}
			if (same)
				throw new InvalidInputException(target, Files.exists(t) ? "is an input file; refusing to overwrite it, write the output somewhere else"
					: "would be read with an input (its angle sidecar or .mdoc); refusing to write it, write the output somewhere else");
		}
		if (Files.isDirectory(t))
			throw new InvalidInputException(target, "is a directory, cannot write a file there");
	}

	/** Writes one file atomically; creates missing parent directories. */
	public void write(Path target, Content content) {
		Map<Path, Content> one = new LinkedHashMap<>();
		one.put(target, content);
		writeAll(one);
	}

	/**
	 * Writes several files that belong together (an image and its angle file): all are checked and
	 * written to temporary files first, and only when every one succeeded are they renamed into place,
	 * in order. If a rename itself fails, the files renamed before it stay and the rest are removed.
	 *
	 * @throws InvalidInputException when a target is an input or a directory
	 * @throws UncheckedIOException naming the target when writing fails
	 */
	public void writeAll(Map<Path, Content> files) {
		for (Path target : files.keySet())
			checkWritable(target);
		Map<Path, Path> temps = new LinkedHashMap<>();
		try {
			for (Map.Entry<Path, Content> e : files.entrySet())
				temps.put(e.getKey(), writeTemp(e.getKey(), e.getValue()));
			for (Map.Entry<Path, Path> e : new ArrayList<>(temps.entrySet())) {
				move(e.getValue(), e.getKey());
				temps.remove(e.getKey());
			}
		}
		finally {
			for (Path tmp : temps.values())
				deleteQuietly(tmp);
		}
	}

	private static Path writeTemp(Path target, Content content) {
		Path abs = target.toAbsolutePath().normalize();
		Path dir = abs.getParent();
		Path tmp = null;
		try {
			Files.createDirectories(dir);
			// NB: not Files.createTempFile, which makes the file owner-only (0600); CREATE_NEW honours the umask.
			tmp = dir.resolve("." + abs.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
				OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
				content.writeTo(out);
				out.flush();
				// NB: force before the rename, or a crash could leave a complete-looking empty file.
				channel.force(true);
			}
			return tmp;
		}
		catch (IOException e) {
			if (tmp != null)
				deleteQuietly(tmp);
			throw new UncheckedIOException(target + ": cannot write: " + describe(e), e);
		}
		catch (RuntimeException | Error e) {
			if (tmp != null)
				deleteQuietly(tmp);
			throw e;
		}
	}

	private static void move(Path tmp, Path target) {
		try {
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				// NB: same directory, so this only happens on file systems without atomic rename.
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(target + ": cannot write: " + describe(e), e);
		}
	}

	private static String describe(Exception e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}

	private static void deleteQuietly(Path p) {
		try {
			Files.deleteIfExists(p);
		}
		catch (IOException e) {
			// NB: best effort; the original failure is the one to report.
		}
	}
}
