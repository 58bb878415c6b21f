package org.fusedtomo.io;

import java.nio.file.Path;

/**
 * A file that cannot be used as given: missing, not the expected format, truncated, inconsistent or
 * holding unusable values. The message is one line, {@code "<file>: <problem>"}, fit to show a user
 * as is (the command line prints it and exits non-zero).
 */
public class InvalidInputException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final transient Path file;

	public InvalidInputException(Path file, String problem) {
		this(file, problem, null);
	}

	public InvalidInputException(Path file, String problem, Throwable cause) {
		super(file + ": " + oneLine(problem), cause);
		this.file = file;
	}

	/** The file the problem is about. */
	public Path file() {
		return file;
	}

	private static String oneLine(String s) {
		return s == null ? "unknown problem" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
	}
}
