package org.fusedtomo.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real microscope data in ../shared/data (DESIGN §9), when present; tests are skipped without it. */
public final class RealData {

	private RealData() {}

	/** {@code ../shared/data/<relative>}, or the test is skipped with a message naming it. */
	public static Path require(String relative) {
		for (Path base : new Path[] { Path.of("..", "shared", "data"), Path.of("/work/shared/data") }) {
			Path p = base.resolve(relative);
			if (Files.isRegularFile(p))
				return p;
		}
		assumeTrue(false, "skipped: real data ../shared/data/" + relative + " is not present");
		return null;
	}
}
