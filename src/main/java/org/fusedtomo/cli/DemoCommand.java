package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo demo}: simulates the core-shell phantom with the DESIGN §6 protocol, reconstructs
 * the HAADF series by SIRT and each chemical series by Poisson-EM, and reports NRMSE against the truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Simulate, reconstruct and report, on data simulated here.")
final class DemoCommand implements Callable<Integer> {

	@Option(names = "--out", defaultValue = "out/demo", description = "Output folder (default ${DEFAULT-VALUE}).")
	Path out;

	@Option(names = "--size", defaultValue = "64", description = "Volume edge length in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--phantom", defaultValue = "core-shell", description = "Phantom: core-shell, au-on-support or blobs (default ${DEFAULT-VALUE}).")
	String phantom;

	@Option(names = "--iterations", defaultValue = "50", description = "Iterations of each reconstruction (default ${DEFAULT-VALUE}).")
	int iterations;

	@Override
	public Integer call() {
		if (size < 8)
			throw new IllegalArgumentException("--size must be at least 8 voxels, got " + size);
		ConsoleMonitor monitor = Monitors.console();
		Parallelism par = Parallelism.available();
		SimulationParameters p = SimulationParameters.defaults();
		Report report = new Report("demo").parameter("phantom", phantom).parameter("size", size).parameter("simulation", p);

		long t0 = System.nanoTime();
		SimulatedData data = SimulateCommand.simulate(phantom, size, p, monitor);
		monitor.endLine();
		report.timing("simulate", (System.nanoTime() - t0) * 1e-9);
		SimulateCommand.write(data, new OutputDirectory(out.resolve("simulated"), AtomicFiles.protecting()), new Report("simulate").parameter("simulation", p));

		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting());
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		series.put("HAADF", data.haadf());
		series.putAll(data.chemical());
		ConventionalParameters params = new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), ConventionalParameters.DEFAULT.lambdaTv());
		Map<String, Volume> volumes = new LinkedHashMap<>();
		Map<String, Double> nrmse = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			String name = e.getKey();
			ConventionalMethod m = name.equals("HAADF") ? ConventionalMethod.SIRT : ConventionalMethod.EM;
			TiltSeries b = e.getValue();
			long t1 = System.nanoTime();
			Reconstruction r = m.run(Projectors.create(VolumeGeometry.cube(size), b.geometry(), par), b, params, par, monitor.prefixed(name + " " + m.key()));
			monitor.endLine();
			report.timing(name, (System.nanoTime() - t1) * 1e-9).history(name, r.history());
			volumes.put(name, r.volume());
			dir.volume(name, r.volume());
			dir.png("convergence-" + name, ConvergencePlot.of(m.key() + " " + name, r.history()));
			if (!name.equals("HAADF"))
				nrmse.put(name, Nrmse.of(r.volume(), data.truth().density(name)));
		}
		report.metric("nrmse_em", nrmse);
		dir.png("orthoslices", Orthoslices.montage("demo", volumes));
		dir.report(report);
		System.out.println("NRMSE of the chemical volumes (EM on chemistry alone, " + p.chemAnglesDeg().length + " tilts):");
		nrmse.forEach((el, v) -> System.out.printf("  %-3s %.4f%n", el, v));
		System.out.println("Wrote volumes, report.json and pictures to " + out);
		return 0;
	}
}
