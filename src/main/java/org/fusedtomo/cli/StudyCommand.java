package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.StudyMarkdown;
import org.fusedtomo.report.StudyPlot;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.study.SimulationStudy;
import org.fusedtomo.study.StudyParameters;
import org.fusedtomo.study.StudyRow;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo study}: the simulation study of DESIGN §6 over chemical tilts × counts per pixel.
 * Writes {@code fused-study.md} with the tables and the headline ratio, and pictures in {@code study/}.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Simulation study: fused against chemistry-only reconstruction over chemical tilts x counts.")
final class StudyCommand implements Callable<Integer> {

	// NB: not docs/, whose fused-study.md adds a hand-written analysis to a run of this command.
	@Option(names = "--out", defaultValue = "study-out", description = "Folder for fused-study.md and study/ pictures (default ${DEFAULT-VALUE}).")
	Path out;

	@Option(names = "--phantom", defaultValue = "core-shell", description = "Phantom: " + Phantoms.NAMES + " (default ${DEFAULT-VALUE}).")
	String phantom;

	@Option(names = "--size", defaultValue = "64", description = "Volume edge in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--chem-tilts", defaultValue = "3,5,9,15,47", split = ",", description = "Numbers of chemical tilts (default ${DEFAULT-VALUE}).")
	int[] chemTilts;

	@Option(names = "--counts", defaultValue = "5,20,80", split = ",", description = "Counts per pixel levels (default ${DEFAULT-VALUE}).")
	double[] counts;

	@Option(names = "--seed", defaultValue = "11", description = "Phantom and noise seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Mixin
	SimulationFusedOptions fusedOptions = new SimulationFusedOptions();

	@Option(names = "--iterations", defaultValue = "100", description = "Iteration budget of the conventional methods (default ${DEFAULT-VALUE}).")
	int iterations;

	@Override
	public Integer call() {
		Parallelism par = Parallelism.available();
		FusedParameters reference = fusedOptions.isotropic();
		FusedParameters proximal = reference.withSolver(FusedSolver.PROXIMAL_GRADIENT);
		StudyParameters p = new StudyParameters(phantom, size, chemTilts, counts, seed, reference, proximal, fusedOptions.guided(), iterations, new double[] { 3e-3, 1e-2, 3e-2 });
		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		List<StudyRow> rows = SimulationStudy.run(p, par, monitor, cell -> {
			monitor.endLine();
			for (StudyRow r : cell)
				System.out.printf(Locale.ROOT, "%3d tilts %6.1f counts  %-22s mean NRMSE %.4f  %s%n", r.chemTilts(), r.countsPerPixel(), r.method().label(), r.meanNrmse(), r.nrmse());
		});
		double middleCounts = counts[counts.length / 2];
		int middleTilts = Arrays.stream(chemTilts).anyMatch(n -> n == 9) ? 9 : chemTilts[chemTilts.length / 2];
		SimulationStudy.CellVolumes cell = SimulationStudy.volumes(p, middleTilts, middleCounts, par, monitor);
		monitor.endLine();
		double minutes = (System.nanoTime() - t0) / 60e9;

		OutputDirectory pictures = new OutputDirectory(out.resolve("study"), AtomicFiles.protecting());
		pictures.png("nrmse-vs-dose", StudyPlot.of("NRMSE vs chemical dose (" + phantom + " " + size + "^3)", rows));
		Map<String, Volume> comparison = new LinkedHashMap<>();
		for (String el : cell.truth().elements()) {
			comparison.put(el + " truth", cell.truth().density(el));
			comparison.put(el + " fused", cell.fused().get(el));
			comparison.put(el + " EM", cell.em().get(el));
		}
		pictures.png("orthoslices-" + middleTilts + "-tilts", Orthoslices.montage("truth, fused, EM", comparison));
		Report report = new Report("study").parameter("study", p).timing("study", minutes * 60).section("rows", rows);
		pictures.report(report);
		String md = StudyMarkdown.of(p, rows, middleTilts, minutes, String.join(" ", commandLine()));
		new OutputDirectory(out, AtomicFiles.protecting()).text("fused-study.md", md);
		System.out.println("Wrote " + out.resolve("fused-study.md") + " and pictures in " + out.resolve("study"));
		return 0;
	}

	private List<String> commandLine() {
		List<String> c = new ArrayList<>(List.of("./fusedtomo", "study", "--phantom", phantom, "--size", "" + size, "--seed", "" + seed));
		c.addAll(List.of("--chem-tilts", Arrays.toString(chemTilts).replaceAll("[\\[\\] ]", ""), "--counts", Arrays.toString(counts).replaceAll("[\\[\\] ]", "")));
		c.addAll(fusedOptions.asArguments());
		c.addAll(List.of("--iterations", "" + iterations));
		return c;
	}
}
