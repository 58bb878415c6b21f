package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The grid search behind --auto and tune --grid: its points, and progress before the first point ends. */
class GridSearchTest {

	@Test
	void evaluatesEveryPointAndShowsProgressBeforeTheFirstEnds() {
		ProgressLines recording = new ProgressLines();
		List<String> lines = recording.lines;
		int[] linesAtFirstEvaluation = { -1 };
		SearchSpace space = SearchSpace.of(SearchDimension.linear("a", 0, 1), SearchDimension.linear("b", 0, 2));
		List<Evaluation> grid = GridSearch.run(space, 3, (p, m) -> {
			synchronized (linesAtFirstEvaluation) {
				if (linesAtFirstEvaluation[0] < 0)
					linesAtFirstEvaluation[0] = lines.size();
			}
			return p[0] + p[1];
		}, 1, recording);
		assertEquals(9, grid.size());
		// Point ix + 3 iy sits at (ix / 2, 2 iy / 2): the sum is ix / 2 + iy.
		for (int i = 0; i < 9; i++)
			assertEquals(i % 3 / 2.0 + i / 3, grid.get(i).value(), 1e-12, "point " + i);
		assertTrue(linesAtFirstEvaluation[0] >= 1, "a line before the first point ends: " + lines);
		assertEquals("0/9 grid: evaluating 9 points", lines.get(0));
	}
}
