package org.fusedtomo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.Elements;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.SeriesReaders;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo reconstruct}: reconstructs every given series with one method and writes
 * {@code HAADF.tif} and one {@code <El>.tif} per chemical series, report.json and pictures.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Reconstruct tilt series: wbp, sirt, em or tv on each series.")
final class ReconstructCommand implements Callable<Integer> {

	@Option(names = "--haadf", required = true, description = "HAADF tilt series: TIFF (+ .rawtlt), MRC, DM3/DM4, HDF5/EMD, or a .json HDF5 recipe; chemical maps in the same file are reconstructed too.")
	Path haadf;

	@Option(names = "--chem", description = "Chemical series as ELEMENT=FILE (any supported format), repeatable, e.g. --chem Co=Co.tif.")
	List<String> chem = new ArrayList<>();

	@Option(names = "--angles", description = "Tilt angles for the HAADF stack (one per line), instead of its sidecar.")
	Path angles;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--method", defaultValue = "sirt", description = "wbp, sirt, em or tv (default ${DEFAULT-VALUE}).")
	String method;

	@Option(names = "--iterations", defaultValue = "50", description = "Iterations of sirt, em and tv (default ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--filter", defaultValue = "shepp_logan", description = "WBP filter: ram_lak, shepp_logan, cosine, hann (default ${DEFAULT-VALUE}).")
	String filter;

	@Option(names = "--lambda-tv", defaultValue = "1.0", description = "TV weight of the tv method (default ${DEFAULT-VALUE}).")
	double lambdaTv;

	@Option(names = "--depth", description = "Volume thickness z in voxels (default: the projection width).")
	Integer depth;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes; NRMSE is printed and stored.")
	Path truth;

	@Override
	public Integer call() {
		ConventionalMethod m = ConventionalMethod.parse(method);
		ConventionalParameters params = new ConventionalParameters(iterations, parseFilter(filter), lambdaTv);
		Map<String, Path> files = inputFiles(haadf, chem);
		Map<String, TiltSeries> series = readSeries(files, angles);
		Map<String, Volume> truths = truth == null ? Map.of() : TiffSeries.readElementVolumes(truth);
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(files.values().toArray(Path[]::new)));
		Parallelism par = threads == null ? Parallelism.available() : new Parallelism(threads);

		Report report = new Report("reconstruct").parameter("method", m.key()).parameter("conventional", params)
			.section("inputs", files.values().stream().map(Path::toString).toList());
		ConsoleMonitor monitor = Monitors.console();
		Map<String, Volume> volumes = new LinkedHashMap<>();
		Map<String, Double> nrmse = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			String name = e.getKey();
			TiltSeries b = e.getValue();
			VolumeGeometry vg = new VolumeGeometry(b.width(), b.height(), depth == null ? b.width() : depth);
			long t0 = System.nanoTime();
			Reconstruction r = m.run(Projectors.create(vg, b.geometry(), par), b, params, par, monitor.prefixed(name));
			monitor.endLine();
			report.timing(name, (System.nanoTime() - t0) * 1e-9);
			Volume v = r.volume().withCalibration(b.calibration());
			volumes.put(name, v);
			dir.volume(name, v);
			if (!r.history().isEmpty()) {
				report.history(name, r.history());
				dir.png("convergence-" + name, ConvergencePlot.of(m.key() + " " + name, r.history()));
			}
			Volume t = truths.get(name);
			if (t != null) {
				nrmse.put(name, Nrmse.of(v, t));
				System.out.printf("NRMSE %-6s %.4f%n", name, nrmse.get(name));
			}
		}
		if (!nrmse.isEmpty())
			report.metric("nrmse", nrmse);
		dir.png("orthoslices", Orthoslices.montage(m.key(), volumes));
		dir.report(report);
		System.out.println("Wrote " + String.join(", ", volumes.keySet()) + " (" + m.key() + ") to " + out);
		return 0;
	}

	/** HAADF first, then the chemical series in the order given; element symbols checked. */
	static Map<String, Path> inputFiles(Path haadf, List<String> chem) {
		Map<String, Path> files = new LinkedHashMap<>();
		files.put("HAADF", haadf);
		for (String spec : chem) {
			int eq = spec.indexOf('=');
			if (eq <= 0 || eq == spec.length() - 1)
				throw new IllegalArgumentException("--chem '" + spec + "' must be ELEMENT=FILE, e.g. Co=Co.tif");
			String element = spec.substring(0, eq).trim();
			if (!Elements.isElement(element))
				throw new IllegalArgumentException("--chem '" + spec + "': unknown element symbol '" + element + "'");
			if (files.put(element, Path.of(spec.substring(eq + 1))) != null)
				throw new IllegalArgumentException("--chem names element " + element + " twice");
		}
		for (Map.Entry<String, Path> f : files.entrySet())
			if (!Files.isRegularFile(f.getValue()))
				throw new InvalidInputException(f.getValue(), "no such file (given for " + f.getKey() + ")");
		return files;
	}

	/**
	 * The HAADF series and its file's chemical series, then each {@code --chem} file's series, through
	 * {@link SeriesReaders}; an element given twice is an error.
	 */
	static Map<String, TiltSeries> readSeries(Map<String, Path> files, Path haadfAngles) {
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		for (Map.Entry<String, Path> f : files.entrySet()) {
			boolean isHaadf = f.getKey().equals("HAADF");
			TiltSeriesFile read = SeriesReaders.read(f.getValue(), isHaadf ? haadfAngles : null);
			if (!isHaadf && !read.chemical().isEmpty())
				throw new InvalidInputException(f.getValue(), "holds chemical maps itself; give it as --haadf, not --chem " + f.getKey() + "=...");
			if (series.put(f.getKey(), read.haadf()) != null)
				throw new InvalidInputException(f.getValue(), "element " + f.getKey() + " is also in the --haadf file; give it once");
			if (isHaadf)
				series.putAll(read.chemical());
		}
		return series;
	}

	static WbpFilter parseFilter(String name) {
		try {
			return WbpFilter.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown --filter '" + name + "'; use ram_lak, shepp_logan, cosine or hann");
		}
	}
}
