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
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * The study of docs/fused-study.md "Chemical maps at their own sampling" (a harness, not a test): for a phantom,
 * seeds and binning factors (comma-separated) it simulates 64³ with the protocol's counts, bins the chemical maps
 * by summing (the same total counts) and prints the default fused NRMSE per element and its mean. Run with the test
 * classpath, e.g. {@code java -cp ... org.fusedtomo.recon.fused.FusedSamplingStudy layered-particles 2 1,2,4}; {@code -Dit=N} sets the
 * iterations instead of the default for the sampling, {@code -Dcounts=N} the chemical counts per pixel instead of the protocol's.
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
				long t = System.nanoTime();
				Map<String, Volume> v = FusedReconstruction.run(new MultiModalSeries(data.haadf(), chemical, samplings), grid,
					(System.getProperty("it") == null ? FusedParameters.builder(null).coarsestChemicalSampling(f) : FusedParameters.builder(null).iterations(Integer.getInteger("it"))).threads(threads).build(), Monitor.NONE).volumes();
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
}
