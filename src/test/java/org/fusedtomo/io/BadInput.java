package org.fusedtomo.io;

import org.fusedtomo.io.readers.SeriesReaders;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Shared check for every reader's bad-input tests: a clear one-line error and an untouched input. */
public final class BadInput {

	private BadInput() {}

	/**
	 * Reads {@code file} through {@link SeriesReaders} and asserts an {@link InvalidInputException} whose
	 * one-line message names the file and contains each fragment (case-insensitive), and that the
	 * file's bytes are unchanged.
	 */
	public static InvalidInputException assertRejected(Path file, String... fragments) {
		return assertRejected(file, null, fragments);
	}

	public static InvalidInputException assertRejected(Path file, Path angleFile, String... fragments) {
		byte[] before = bytes(file);
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> SeriesReaders.read(file, angleFile));
		String m = e.getMessage();
		assertTrue(m.contains(file.getFileName().toString()) || e.file() != null && m.contains(e.file().getFileName().toString()), m);
		assertEquals(1, m.lines().count(), m);
		for (String f : fragments)
			assertTrue(m.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)), "'" + f + "' not in: " + m);
		assertArrayEquals(before, bytes(file), "the input was modified");
		return e;
	}

	/** {@code file} cut to {@code length} bytes, written as {@code name} in the same folder. */
	public static Path truncated(Path file, String name, long length) {
		byte[] b = bytes(file);
		Path out = file.resolveSibling(name);
		try {
			Files.write(out, java.util.Arrays.copyOf(b, (int) length));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}

	public static byte[] bytes(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
