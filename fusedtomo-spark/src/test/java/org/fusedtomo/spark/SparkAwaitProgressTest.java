package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkEngine#await} ends its stage at every task done: the polls report only while a job runs, so a job
 * that ended between two polls (or before the first) left the line at "0% (0/8)" before "Wrote".
 */
class SparkAwaitProgressTest {

	@Test
	void aFinishedJobEndsItsStageAtEveryTask() {
		List<String> lines = new ArrayList<>();
		Monitor m = new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {
				lines.add(stage + " " + done + "/" + total);
			}

			@Override
			public boolean isCancelled() {
				return false;
			}
		};
		try (JavaSparkContext sc = SlabTestData.context("local[1]", "SparkAwaitProgressTest")) {
			List<Integer> in = IntStream.range(0, 8).boxed().toList();
			List<Integer> out = SparkEngine.on(sc, null).await(sc.parallelize(in, 8).map(x -> 2 * x).collectAsync(), "sirt slabs", 8, m);
			assertEquals(in.stream().map(x -> 2 * x).toList(), out);
		}
		assertFalse(lines.isEmpty());
		assertEquals("sirt slabs 8/8", lines.get(lines.size() - 1), lines.toString());
	}
}
