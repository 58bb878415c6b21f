package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master Spark cannot parse fails reconstruct and batch with one line naming --master, exit 2, nothing written. */
class SparkMasterInputTest {

	private static final String HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif").toString();

	@TempDir
	Path tmp;

	@Test
	void anUnparsableMasterFailsWithOneLineAndWritesNothing() {
		String[][] commands = { { "reconstruct", "--haadf", HAADF }, { "batch", HAADF } };
		for (String[] command : commands) {
			Path out = tmp.resolve(command[0]);
			String[] args = new String[command.length + 8];
			System.arraycopy(command, 0, args, 0, command.length);
			System.arraycopy(new String[] { "--out", out.toString(), "--engine", "spark", "--master", "nonsense[", "--method", "wbp" }, 0, args, command.length, 8);
			SparkReconstructCommandTest.Run r = SparkReconstructCommandTest.run(args);
			assertEquals(2, r.code(), r.err());
			assertTrue(r.err().contains("--master nonsense[: Spark cannot start"), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertFalse(Files.exists(out), "wrote " + out);
		}
	}
}
