package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.bench.ProjectorBenchmark;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.Test;

/** Every figure name of {@code bench}'s projector tables fits its column (the 53-character ones pushed the numbers out of line). */
class BenchTableTest {

	@Test
	void everyProjectorFigureFitsTheColumn() {
		List<ProjectorBenchmark.Kernel> kernels = new ArrayList<>(ProjectorBenchmark.kernels());
		kernels.addAll(ProjectorBenchmark.scalarLoops());
		kernels.add(ProjectorBenchmark.defaultKernel());
		for (ProjectorBenchmark.Kernel k : kernels) {
			Projector p = k.factory().create(VolumeGeometry.cube(8), new TiltGeometry(8, 8, new double[] { -30, 30 }), new Parallelism(1));
			for (String direction : new String[] { "forward", "back" }) {
				String figure = ProjectorBenchmark.figure(k, p, direction);
				assertTrue(figure.length() <= BenchCommand.FIGURE_WIDTH, figure + ": " + figure.length() + " characters");
			}
		}
	}
}
