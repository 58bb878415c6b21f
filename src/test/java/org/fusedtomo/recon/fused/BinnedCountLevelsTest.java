package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.study.StudyParameters;
import org.junit.jupiter.api.Test;

/** Count levels of series binned on reading by averaging ({@code --bin}, {@link MultiModalSeries#binned}). */
public class BinnedCountLevelsTest {

	/** Core-shell seed 1 at 80 counts per pixel, 64³, 9 chemical tilts: its Co averaged 4 x 4 was read as 10 counts (docs/fused-study.md). */
	private static SimulatedData coreShell() {
		return new Simulator(new Parallelism(1)).simulate(Phantoms.create("core-shell", VolumeGeometry.cube(64), 1),
			SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(80).withSeed(1));
	}

	/** The largest sum of counts over the b x b blocks of {@code s} (its size a multiple of b), computed here, not by Binning. */
	public static double largestBlockSum(TiltSeries s, int b) {
		double largest = 0;
		for (int a = 0; a < s.angleCount(); a++)
			for (int y = 0; y < s.height(); y += b)
				for (int x = 0; x < s.width(); x += b) {
					double sum = 0;
					for (int j = 0; j < b; j++)
						for (int i = 0; i < b; i++)
							sum += s.get(x + i, y + j, a);
					largest = Math.max(largest, sum);
				}
		return largest;
	}

	private static MultiModalSeries series(TiltSeries haadf, String element, TiltSeries chem) {
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		chemical.put(element, chem);
		return new MultiModalSeries(haadf, chemical);
	}

	@Test
	void countLevels_ofCountsAveragedOnReadingAreTheCountsOfTheBinnedPixel() {
		SimulatedData d = coreShell();
		TiltSeries co = d.chemical().get("Co");
		for (int b : new int[] { 2, 4 }) {
			double expected = largestBlockSum(co, b);
			MultiModalSeries averaged = series(Binning.bin(d.haadf(), b), "Co", Binning.bin(co, b));
			assertEquals(expected, FusedProblem.countLevels(averaged.binned(b))[0][0], 1e-6 * expected, "binned " + b);
			// The same counts summed into the binned pixels (a map recorded so) read alike: the level does not depend on the unit.
			TiltSeries summed = Binning.bin(co, b);
			for (int i = 0; i < summed.data().length; i++)
				summed.data()[i] = Math.round(summed.data()[i] * b * b);
			assertEquals(expected, FusedProblem.countLevels(series(Binning.bin(d.haadf(), b), "Co", summed).binned(b))[0][0], 1e-6 * expected, "summed " + b);
		}
		// Untold, the 4 x 4 means' coarse pixels hold structure in every block, which the noise test took for a gain of 14 counts.
		MultiModalSeries untold = series(Binning.bin(d.haadf(), 4), "Co", Binning.bin(co, 4));
		assertTrue(FusedProblem.countLevels(untold)[0][0] < largestBlockSum(co, 4) / 10, "the case needs telling");
	}

	@Test
	void countLevels_ofUnbinnedCountsAreTheirLargestCount() {
		SimulatedData d = coreShell();
		TiltSeries co = d.chemical().get("Co");
		double expected = largestBlockSum(co, 1);
		assertEquals(expected, FusedProblem.countLevels(series(d.haadf(), "Co", co))[0][0], 1e-9 * expected);
		assertEquals(expected, FusedProblem.countLevels(series(d.haadf(), "Co", co).binned(1))[0][0], 1e-9 * expected);
	}
}
