package org.fusedtomo.recon.fused;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * The study of docs/fused-study.md "Chemical maps at their own sampling" (a harness, not a test): for a phantom,
 * seeds and binning factors (comma-separated) it simulates 64³ with the protocol's counts, bins the chemical maps
 * by summing (the same total counts) and prints the default fused NRMSE per element and its mean. Run with the test
 * classpath, e.g. {@code java -cp ... org.fusedtomo.recon.fused.FusedSamplingStudy layered-particles 2 1,2,4}; {@code -Dit=N} sets the
 * iterations instead of the default for the sampling, {@code -Dcounts=N} the chemical counts per pixel instead of the protocol's,
 * {@code -Dlambda-chem=X} and {@code -Dlambda-tv=X} λ_C and λ_TV instead of the defaults; {@code -Dem=N} prints, instead of
 * fusing, N EM iterations of the maps alone and the truth averaged over f x f x f blocks ({@link #printEmAndBlockBound}).
 */
public class FusedSamplingStudy {
	public static void main(String[] args) {
		int size = 64, threads = 2;
		VolumeGeometry grid = VolumeGeometry.cube(size);
		for (String seedS : args[1].split(",")) {
			long seed = Long.parseLong(seedS);
			SimulatedData data = new Simulator(new Parallelism(threads)).simulate(Phantoms.create(args[0], grid, seed), System.getProperty("counts") == null ? SimulationParameters.defaults()
				: SimulationParameters.defaults().withCountsPerPixel(Double.parseDouble(System.getProperty("counts"))));
			for (String fS : args[2].split(",")) {
				int f = Integer.parseInt(fS);
				ChemicalSampling s = new ChemicalSampling(f, 0, 0);
				Map<String, TiltSeries> chemical = new LinkedHashMap<>();
				Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
				data.chemical().forEach((el, fine) -> {
					chemical.put(el, f == 1 ? fine : SampledProjector.bin(fine, s, size / f, size / f, fine.calibration()));
					samplings.put(el, s);
				});
				if (Integer.getInteger("em") != null) {
					printEmAndBlockBound(args[0], seed, f, data, chemical, s, grid, Integer.getInteger("em"), threads);
					continue;
				}
				long t = System.nanoTime();
				Map<String, Volume> v = FusedReconstruction.run(new MultiModalSeries(data.haadf(), chemical, samplings), grid,
					(System.getProperty("it") == null ? FusedParameters.builder(null).coarsestChemicalSampling(f) : FusedParameters.builder(null).iterations(Integer.getInteger("it")))
						.lambdaChem(doubleProperty("lambda-chem")).lambdaTv(doubleProperty("lambda-tv")).threads(threads).build(), Monitor.NONE).volumes();
				StringBuilder line = new StringBuilder();
				double mean = 0;
				for (Map.Entry<String, Volume> e : v.entrySet()) {
					double n = Nrmse.of(e.getValue(), data.truth().density(e.getKey()));
					mean += n / v.size();
					line.append(String.format(" %s %.3f", e.getKey(), n));
				}
				System.out.printf("%s seed %d bin %d:%s mean %.4f (%.0f s)%n", args[0], seed, f, line, mean, (System.nanoTime() - t) * 1e-9);
			}
		}
		System.exit(0);
	}

	/**
	 * What the chemical maps alone give at sampling {@code s}: the NRMSE per element of Poisson EM ({@code iterations})
	 * of the sampled maps on the HAADF grid, and of the truth averaged over f x f x f voxel blocks (what a
	 * reconstruction that resolves nothing finer than the map's pixels could reach at best, roughly).
	 */
	private static void printEmAndBlockBound(String phantom, long seed, int f, SimulatedData data, Map<String, TiltSeries> chemical, ChemicalSampling s,
		VolumeGeometry grid, int iterations, int threads) {
		StringBuilder em = new StringBuilder(), block = new StringBuilder();
		double emMean = 0, blockMean = 0;
		for (Map.Entry<String, TiltSeries> e : chemical.entrySet()) {
			Volume truth = data.truth().density(e.getKey());
			Volume x = new Mlem(SampledProjector.create(grid, e.getValue().geometry(), s, new Parallelism(threads)), MlemOptions.DEFAULT, new Parallelism(threads))
				.run(e.getValue(), null, iterations, Monitor.NONE).volume();
			double nEm = Nrmse.of(x, truth), nBlock = Nrmse.of(blockAveraged(truth, f), truth);
			emMean += nEm / chemical.size();
			blockMean += nBlock / chemical.size();
			em.append(String.format(" %s %.3f", e.getKey(), nEm));
			block.append(String.format(" %s %.3f", e.getKey(), nBlock));
		}
		System.out.printf("%s seed %d bin %d: EM %d it.:%s mean %.4f; truth in %d^3 blocks:%s mean %.4f%n", phantom, seed, f, iterations, em, emMean, f, block, blockMean);
	}

	/** {@code v} with each voxel replaced by the mean of its f x f x f block (blocks from the origin; partial ones at the far edges). */
	private static Volume blockAveraged(Volume v, int f) {
		Volume out = v.zerosLike();
		for (int z0 = 0; z0 < v.depth(); z0 += f)
			for (int y0 = 0; y0 < v.height(); y0 += f)
				for (int x0 = 0; x0 < v.width(); x0 += f) {
					int z1 = Math.min(z0 + f, v.depth()), y1 = Math.min(y0 + f, v.height()), x1 = Math.min(x0 + f, v.width());
					double sum = 0;
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++)
								sum += v.get(x, y, z);
					float mean = (float) (sum / ((z1 - z0) * (y1 - y0) * (x1 - x0)));
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++)
								out.set(x, y, z, mean);
				}
		return out;
	}

	/** The system property {@code name} as a number, or null (the default) when it is not set. */
	private static Double doubleProperty(String name) {
		String value = System.getProperty(name);
		return value == null ? null : Double.valueOf(value);
	}
}
