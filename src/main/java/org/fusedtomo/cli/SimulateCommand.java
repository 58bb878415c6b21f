package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.AngleRange;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

import com.google.gson.JsonParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fusedtomo simulate}: a seeded multi-element phantom and its HAADF and chemical tilt series. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Simulate HAADF and chemical tilt series of a multi-element phantom (DESIGN §6).")
final class SimulateCommand implements Callable<Integer> {

	@Option(names = "--phantom", defaultValue = "core-shell", description = "Phantom: " + Phantoms.NAMES + " (default ${DEFAULT-VALUE}).")
	String phantom;

	@Option(names = "--size", defaultValue = "64", description = "Volume edge length in voxels (default ${DEFAULT-VALUE}).")
	int size;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--haadf-angles", defaultValue = "-70:70:3", description = "HAADF tilts FIRST:LAST:STEP in degrees (default ${DEFAULT-VALUE}).")
	String haadfAngles;

	@Option(names = "--chem-angles", defaultValue = "-60:60:15", description = "Chemical-map tilts FIRST:LAST:STEP in degrees (default ${DEFAULT-VALUE}).")
	String chemAngles;

	@Option(names = "--counts", defaultValue = "10", description = "Mean chemical counts per object pixel (default ${DEFAULT-VALUE}).")
	double counts;

	@Option(names = "--haadf-dose", defaultValue = "1e4", description = "HAADF electron counts at the brightest pixel (default ${DEFAULT-VALUE}).")
	double haadfDose;

	@Option(names = "--gamma", defaultValue = "1.6", description = "Exponent of the Z^gamma HAADF contrast (default ${DEFAULT-VALUE}).")
	double gamma;

	@Option(names = "--shift-rms", defaultValue = "0", description = "RMS random drift per projection in pixels (default ${DEFAULT-VALUE}).")
	double shiftRms;

	@Option(names = "--tilt-axis-rotation", paramLabel = "DEG", defaultValue = "0",
		description = "Turn the tilt axis by DEG from vertical in every projection (after the drift, before the noise); align should find DEG (default ${DEFAULT-VALUE}).")
	double tiltAxisRotationDeg;

	@Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
	long seed;

	@Option(names = "--no-noise", description = "Write the expected values instead of Poisson draws.")
	boolean noNoise;

	@Option(names = "--chem-bin", defaultValue = "1", paramLabel = "F",
		description = "Record the chemical maps with F x F times coarser pixels: each map pixel sums F x F simulated pixels (the same counts per area); reconstruct them with --chem-sampling EL=F (default ${DEFAULT-VALUE}).")
	int chemBin = 1;

	@Option(names = "--pixel-size", defaultValue = "1", paramLabel = "NM",
		description = "HAADF pixel (and voxel) size in nm, written as the calibration; chemical maps binned by --chem-bin F get F times it, so reconstruct places them without --chem-sampling (default ${DEFAULT-VALUE}).")
	double pixelSizeNm = 1;

	@Override
	public Integer call() {
		if (size < 8)
			throw new IllegalArgumentException("--size must be at least 8 voxels, got " + size);
		// NB: the phantom, its elements and the projections of two series.
		OptionChecks.fitsHeap("--size " + size, (long) size * size * size, 8);
		SimulationParameters p = new SimulationParameters(AngleRange.parse("--haadf-angles", haadfAngles), AngleRange.parse("--chem-angles", chemAngles), counts, haadfDose, gamma, shiftRms, seed, !noNoise);
		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		if (chemBin < 1 || chemBin > size)
			throw new IllegalArgumentException("--chem-bin must be between 1 and --size " + size + ", got " + chemBin);
		if (!(pixelSizeNm > 0) || !Double.isFinite(pixelSizeNm))
			throw new IllegalArgumentException("--pixel-size must be a positive number of nm, got " + pixelSizeNm);
		if (!Double.isFinite(tiltAxisRotationDeg) || Math.abs(tiltAxisRotationDeg) > 45)
			throw new IllegalArgumentException("--tilt-axis-rotation must lie within +-45 deg, got " + tiltAxisRotationDeg);
		SimulatedData data = simulate(phantom, size, p, tiltAxisRotationDeg, monitor);
		monitor.endLine();
		data = calibrated(data, new Calibration(pixelSizeNm, "nm"), chemBin);
		Report report = new Report("simulate").parameter("phantom", phantom).parameter("size", size).parameter("simulation", p).parameter("chem_bin", chemBin)
			.parameter("pixel_size_nm", pixelSizeNm).parameter("tilt_axis_rotation_deg", tiltAxisRotationDeg);
		report.timing("simulate", (System.nanoTime() - t0) * 1e-9);
		write(data, new OutputDirectory(out, AtomicFiles.protecting()), report);
		System.out.println("Simulated " + phantom + " (" + String.join(", ", data.truth().elements()) + ") into " + out);
		return 0;
	}

	/**
	 * {@code data} with the HAADF series and the truth at {@code pixel}, and the chemical maps binned by
	 * {@code chemBin} (sums of {@code chemBin²} pixels, the same counts per area) at {@code chemBin} times its size.
	 */
	static SimulatedData calibrated(SimulatedData data, Calibration pixel, int chemBin) {
		Calibration coarse = new Calibration(pixel.pixelSize() * chemBin, pixel.unit());
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		data.chemical().forEach((el, fine) -> chemical.put(el, chemBin > 1
			? SampledProjector.bin(fine, new ChemicalSampling(chemBin, 0, 0), fine.width() / chemBin, fine.height() / chemBin, coarse)
			: new TiltSeries(fine.img(), fine.anglesDeg(), coarse)));
		Map<String, Volume> truth = new LinkedHashMap<>();
		data.truth().densities().forEach((el, v) -> truth.put(el, v.withCalibration(pixel)));
		TiltSeries haadf = data.haadf();
		return new SimulatedData(new TiltSeries(haadf.img(), haadf.anglesDeg(), pixel), chemical, new Phantom(data.truth().name(), truth), data.haadfDrift(),
			data.chemicalDrift(), data.parameters());
	}

	static SimulatedData simulate(String phantomName, int size, SimulationParameters p, ConsoleMonitor monitor) {
		return simulate(phantomName, size, p, 0, monitor);
	}

	/** As above with the tilt axis turned by {@code axisRotationDeg} in every projection. */
	static SimulatedData simulate(String phantomName, int size, SimulationParameters p, double axisRotationDeg, ConsoleMonitor monitor) {
		Phantom phantom = Phantoms.create(phantomName, VolumeGeometry.cube(size), p.seed());
		return new Simulator(Parallelism.available(), axisRotationDeg).simulate(phantom, p, monitor);
	}

	/** HAADF.tif and one {@code <El>.tif} per element (with .rawtlt), the truth in truth/, pictures, report. */
	static void write(SimulatedData data, OutputDirectory out, Report report) {
		out.series("HAADF", data.haadf());
		data.chemical().forEach(out::series);
		OutputDirectory truth = new OutputDirectory(out.path("truth"), AtomicFiles.protecting());
		Map<String, Volume> volumes = new LinkedHashMap<>(data.truth().densities());
		truth.volumes(volumes);
		truth.volume("HAADF", Simulator.haadfSignal(data.truth(), data.parameters().gamma()));
		out.png("truth", Orthoslices.montage("truth", volumes));
		// NB: in the format of alignment.json: the alignment that undoes the drift.
		Map<String, Object> drift = new LinkedHashMap<>();
		drift.put("HAADF", JsonParser.parseString(AlignmentJson.toJson(data.haadfDrift())));
		Map<String, Object> chemical = new LinkedHashMap<>();
		data.chemicalDrift().forEach((element, a) -> chemical.put(element, JsonParser.parseString(AlignmentJson.toJson(a))));
		drift.put("chemical", chemical);
		report.section("shifts_px", drift);
		out.report(report);
	}
}
