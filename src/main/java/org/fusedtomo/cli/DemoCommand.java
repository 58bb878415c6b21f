package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo demo}: simulates a phantom with the DESIGN §6 protocol (47 HAADF tilts, 9 noisy
 * chemical tilts), fuses them, reconstructs each chemical series by Poisson-EM alone for comparison,
 * and reports NRMSE of both against the truth, with pictures.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Simulate, fuse and compare with chemistry-only EM, on data simulated here.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = "--out", defaultValue = "out/demo", description = "Output folder (default ${DEFAULT-VALUE}).")
	Path out;

	@Option(names = "--size", defaultValue = "64", description = "Volume edge length in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--phantom", defaultValue = "core-shell", description = "Phantom: " + Phantoms.NAMES + " (default ${DEFAULT-VALUE}).")
	String phantom;

	@Option(names = "--iterations", description = "Fused iterations (default " + FusedParameters.ITERATIONS + ").")
	Integer iterations;

	@Mixin
	SimulationFusedOptions fusedOptions = new SimulationFusedOptions();

	@Override
	public Integer call() {
		if (size < 16)
			throw new IllegalArgumentException("--size must be at least 16 voxels, got " + size);
		ConsoleMonitor monitor = Monitors.console();
		Parallelism par = Parallelism.available();
		SimulationParameters sp = SimulationParameters.defaults();
		FusedParameters fp = fusedOptions.preferred().toBuilder().iterations(iterations).threads(par.threads()).build();
		Report report = new Report("demo").parameter("phantom", phantom).parameter("size", size).parameter("simulation", sp).parameter("fused", fp);

		long t0 = System.nanoTime();
		SimulatedData data = SimulateCommand.simulate(phantom, size, sp, monitor);
		monitor.endLine();
		report.timing("simulate", seconds(t0));
		SimulateCommand.write(data, new OutputDirectory(out.resolve("simulated"), AtomicFiles.protecting()), new Report("simulate").parameter("simulation", sp));

		long t1 = System.nanoTime();
		FusedResult fused = FusedReconstruction.run(new MultiModalSeries(data.haadf(), data.chemical()), size, fp, monitor);
		monitor.endLine();
		report.timing("fused", seconds(t1)).history("fused", fused.history());

		Map<String, Volume> em = new LinkedHashMap<>();
		ConventionalParameters emParams = new ConventionalParameters(fp.emIterations(), ConventionalParameters.DEFAULT.filter(), 0);
		long t2 = System.nanoTime();
		for (Map.Entry<String, TiltSeries> e : data.chemical().entrySet()) {
			TiltSeries b = e.getValue();
			em.put(e.getKey(), ConventionalMethod.EM.run(Projectors.create(VolumeGeometry.cube(size), b.geometry(), par), b, emParams, par, monitor.prefixed(e.getKey())).volume());
			monitor.endLine();
		}
		report.timing("em", seconds(t2));

		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting());
		dir.volumes(fused.volumes());
		new OutputDirectory(out.resolve("em"), AtomicFiles.protecting()).volumes(em);
		Map<String, Double> nrmseFused = new LinkedHashMap<>(), nrmseEm = new LinkedHashMap<>();
		Map<String, Volume> comparison = new LinkedHashMap<>();
		for (String el : data.truth().elements()) {
			Volume truth = data.truth().density(el);
			nrmseFused.put(el, Nrmse.of(fused.volume(el), truth));
			nrmseEm.put(el, Nrmse.of(em.get(el), truth));
			comparison.put(el + " truth", truth);
			comparison.put(el + " fused", fused.volume(el));
			comparison.put(el + " EM", em.get(el));
		}
		report.metric("nrmse_fused", nrmseFused).metric("nrmse_em", nrmseEm);
		dir.png("orthoslices", Orthoslices.montage("fused", fused.volumes()));
		dir.png("comparison", Orthoslices.montage("truth, fused, EM", comparison));
		dir.png("convergence-fused", ConvergencePlot.of("fused (" + fp.solver().key() + ")", fused.history()));
		if (fused.haadfGuide() != null)
			dir.png("haadf-guide", Orthoslices.montage("HAADF guide", Map.of("HAADF guide", fused.haadfGuide())));
		dir.report(report);

		System.out.printf("NRMSE against the truth (%d HAADF tilts, %d chemical tilts at %.0f counts per pixel):%n",
			sp.haadfAnglesDeg().length, sp.chemAnglesDeg().length, sp.countsPerPixel());
		System.out.printf("  %-4s %8s %8s%n", "", "fused", "EM only");
		for (String el : nrmseFused.keySet())
			System.out.printf("  %-4s %8.4f %8.4f%n", el, nrmseFused.get(el), nrmseEm.get(el));
		System.out.println("Wrote volumes, report.json and pictures to " + out);
		return 0;
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) * 1e-9;
	}
}
