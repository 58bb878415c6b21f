package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.fusedtomo.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged outputs per thread and nested (batch runs reconstruct per series, Spark tasks share an executor). */
class StagedOutputsNestingTest {

	@TempDir
	Path tmp;

	@Test
	void anInnerRunCommitsOnItsOwnAndTheOuterRunIsOpenAgain() throws IOException {
		StagedOutputs outer = StagedOutputs.begin();
		try {
			new OutputDirectory(tmp.resolve("outer"), AtomicFiles.protecting()).text("a.txt", "outer");
			StagedOutputs inner = StagedOutputs.begin();
			assertSame(inner, StagedOutputs.open());
			new OutputDirectory(tmp.resolve("inner"), AtomicFiles.protecting()).text("b.txt", "inner");
			inner.commit();
			assertEquals("inner", Files.readString(tmp.resolve("inner/b.txt")));
			assertFalse(Files.exists(tmp.resolve("outer")), "the outer run's files wait for its own commit");
			assertSame(outer, StagedOutputs.open());
		}
		finally {
			outer.discard();
		}
		assertFalse(Files.exists(tmp.resolve("outer")));
		assertTrue(Files.exists(tmp.resolve("inner/b.txt")));
	}

	@Test
	void anotherThreadDoesNotSeeThisThreadsRun() throws Exception {
		StagedOutputs mine = StagedOutputs.begin();
		try {
			AtomicReference<StagedOutputs> seen = new AtomicReference<>(mine);
			Thread other = new Thread(() -> seen.set(StagedOutputs.open()));
			other.start();
			other.join();
			assertNull(seen.get());
			assertSame(mine, StagedOutputs.open());
		}
		finally {
			mine.discard();
		}
		assertNull(StagedOutputs.open());
	}
}
