package org.fusedtomo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.align.BackgroundSubtraction;
import org.fusedtomo.data.Binning;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.hdf5.Hdf5Images;
import org.fusedtomo.io.readers.ImageMaps;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.metrics.MapStatistics;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.IdentityProjector;
import org.fusedtomo.recon.fused.FusedMaps;
import org.fusedtomo.recon.fused.FusedModel;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.recon.fused.ReferenceSolverSettings;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.MapComparison;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.ReprojectionComparison;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.SpectralLines;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo fused2d}: 2D fusion ({@link FusedMaps}) of a HAADF image and chemical maps from one
 * HDF5, .npz or .npy file. Writes one fused {@code <El>.tif} per element, {@code HAADF-model.tif},
 * report.json (parameters, cost history, hold-out-free measures) and pictures: {@code maps.png} (raw vs
 * fused), {@code haadf-fit.png} (measured, model, residual) and {@code convergence.png}.
 */
@Command(name = "fused2d", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Fuse a 2D HAADF image with 2D chemical maps (EELS/EDX): the fused cost with the identity as projector.")
final class Fused2dCommand implements Callable<Integer> {

	@Option(names = "--input", required = true,
		description = "HDF5, .npz or .npy file holding the HAADF image and the chemical maps as 2D arrays; or one spectrum image (.bcf, .emd, .dm3, .dm4) with --lines, mapped as 'maps' does.")
	Path input;

	/** The lines and map settings when {@code --input} is a spectrum image. */
	@Mixin
	MapOptions map;

	@Option(names = "--haadf", defaultValue = "HAADF", paramLabel = "NAME", description = "Name of the HAADF image in the file (default ${DEFAULT-VALUE}).")
	String haadf;

	@Option(names = "--chem", paramLabel = "EL[=NAME]",
		description = "Element and the name of its map in the file, repeatable, e.g. --chem Co or --chem Fe=EDS/Fe_Ka (default: every other image named by an element or X-ray line).")
	List<String> chem = new ArrayList<>();

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--bin", defaultValue = "1", paramLabel = "N", description = "Average N x N pixel blocks on reading, for quick runs (default ${DEFAULT-VALUE}).")
	int bin;

	@Option(names = "--background-percentile", defaultValue = "0", paramLabel = "P",
		description = "Subtract this percentile of each map from it, 0 = its minimum as the reference does (default ${DEFAULT-VALUE}).")
	double backgroundPercentile;

	@Option(names = "--iterations", description = "Fused iterations (default " + FusedMaps.ITERATIONS + ").")
	Integer iterations;

	@Option(names = "--gamma", description = "HAADF exponent of sum w_e x_e^gamma (default " + FusedModel.GAMMA + ").")
	Double gamma;

	@Option(names = "--lambda-haadf", description = "HAADF step factor of the reference solver (default " + FusedMaps.LAMBDA_HAADF + ").")
	Double lambdaHaadf;

	@Option(names = "--lambda-chem", description = "Weight (and step) of the Poisson chemical term (default " + FusedMaps.LAMBDA_CHEM + ").")
	Double lambdaChem;

	@Option(names = "--lambda-tv", description = "TV weight on maps normalised to 1 (default " + FusedMaps.LAMBDA_TV + ").")
	Double lambdaTv;

	@Option(names = "--tv-iterations", description = "FGP iterations of each TV prox (default " + ReferenceSolverSettings.TV_ITERATIONS + ").")
	Integer tvIterations;

	@Option(names = "--epsilon", description = "Offset of the Poisson term log(x + eps) (default " + FusedModel.EPSILON + ").")
	Double epsilon;

	@Option(names = "--weights", description = "Z weighting 0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z, 4: Z^g/sum Z^g (default " + FusedMaps.WEIGHT_METHOD_CODE
		+ ", the 2D reference's).")
	Integer weights;

	@Option(names = "--solver", description = "reference (the published scheme, the default) or proximal (monotone FISTA on the same cost).")
	String solver;

	@Option(names = "--smooth-sigma", defaultValue = "2", paramLabel = "PX", description = "Gaussian sigma of the smoothed raw map that the report correlates with (default ${DEFAULT-VALUE}).")
	double smoothSigma;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	/** Which image of the file each map came from: "HAADF" and the elements, to image names. */
	private final Map<String, String> sources = new LinkedHashMap<>();

	@Override
	public Integer call() {
		if (bin < 1)
			throw new IllegalArgumentException("--bin must be at least 1, got " + bin);
		OptionChecks.atLeast("--threads", threads, 1);
		OptionChecks.atLeast("--iterations", iterations, 1);
		OptionChecks.atLeast("--tv-iterations", tvIterations, 1);
		OptionChecks.lambda("--lambda-chem", lambdaChem);
		OptionChecks.lambda("--lambda-tv", lambdaTv);
		OptionChecks.lambda("--lambda-haadf", lambdaHaadf);
		boolean spectrumImage = holdsSpectra(input);
		if (spectrumImage && map.lines == null)
			throw new InvalidInputException(input, "is a spectrum image: give the lines to map with --lines, e.g. --lines Fe_Ka,O_Ka (EDS) or Co_L3,O_K (EELS); 'fusedtomo info " + input
				+ "' shows its energy range");
		if (!spectrumImage && (map.lines != null || map.anySettingGiven() != null))
			throw new IllegalArgumentException((map.lines != null ? "--lines" : map.anySettingGiven()) + " is a setting of maps from a spectrum image given as --input; " + input
				+ " is none (an HDF5, .npz or .npy file of maps needs none: drop it)");
		FusedParameters p = parameters();
		ConsoleMonitor monitor = Monitors.console();
		ElementMapSeries.Result extraction = spectrumImage ? extract(monitor) : null;
		Map<String, TiltSeries> images = spectrumImage ? imagesOf(extraction) : ImageMaps.read(input);
		MultiModalSeries maps = select(images);
		OutputDirectory dir = new OutputDirectory(out, new AtomicFiles(SeriesReaders.withCompanions(input)));
		Report report = new Report("fused2d").parameter("fused", p).parameter("bin", bin).parameter("background_percentile", backgroundPercentile)
			.section("inputs", List.of(input.toString())).section("maps", sources);
		if (extraction != null) {
			Map<String, Object> section = new LinkedHashMap<>();
			section.put("lines", extraction.outputNames().keySet());
			section.put("settings", MapOptions.settingsJson(map.settings(1)));
			section.putAll(MapOptions.report(extraction, dir, false));
			report.section("spectra", section);
		}
		long t0 = System.nanoTime();
		FusedMaps.Result r = FusedMaps.run(maps, p, monitor);
		monitor.endLine();
		report.timing("fused", (System.nanoTime() - t0) * 1e-9).history("fused", r.fused().history());
		int w = maps.width(), h = maps.height();
		Map<String, Object> metrics = measures(r, w, h);
		metrics.forEach(report::metric);
		Map<String, List<float[]>> rows = new LinkedHashMap<>();
		r.fused().volumes().forEach((el, v) -> {
			dir.volume(el, v);
			rows.put(el, List.of(r.start().get(el).data(), v.data()));
		});
		dir.volume("HAADF-model", volumeOf(r.haadfModel()));
		dir.png("maps", MapComparison.montage("raw vs fused", List.of("raw (normalised)", "fused"), rows, w, h));
		dir.png("haadf-fit", ReprojectionComparison.montage("HAADF fit", r.haadf(), r.haadfModel(), new int[] { 0 },
			new String[] { "HAADF measured", "model sum w x^gamma", "measured - model" }, new String[] { "2D map" }));
		dir.png("convergence", ConvergencePlot.of("fused2d (" + p.solver().key() + ")", r.fused().history()));
		dir.report(report);
		System.out.printf("HAADF fit NRMSE: raw maps %.4f, fused %.4f%n", metrics.get("haadf_nrmse_raw"), metrics.get("haadf_nrmse_fused"));
		System.out.println("Wrote " + String.join(", ", r.fused().volumes().keySet()) + " (fused 2D) to " + out);
		return 0;
	}

	/** Whether {@code file} holds spectrum images (any HDF5 file passes the magic-byte test; only a Velox one holds spectra). */
	private static boolean holdsSpectra(Path file) {
		if (!SpectrumImageReaders.isSpectrumImage(file))
			return false;
		try {
			return !MapsCommand.opener.open(file).isEmpty();
		}
		catch (InvalidInputException | IOException e) {
			return false;
		}
	}

	/** The maps of the spectrum image {@code --input}, as {@code maps} makes them (one file, one tilt). */
	private ElementMapSeries.Result extract(ConsoleMonitor monitor) {
		List<SpectralLines.Line> lines = map.linesOnePerElement("fused2d", "fused2d takes one line per element");
		map.checkSettingsApply(lines);
		ElementMapSeries.Result r;
		try {
			// NB: the tilt is not used (2D); 0 only spares a file without one the --angles question.
			r = ElementMapSeries.run(List.of(input), lines, map.settings(1), new double[] { 0 }, MapsCommand.opener, monitor.prefixed("maps"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		monitor.endLine();
		r.notes().forEach(n -> System.err.println("Note: " + n));
		return r;
	}

	/** The HAADF and element maps of an extraction as 2D images (one projection at 0 deg), named HAADF and by element. */
	private Map<String, TiltSeries> imagesOf(ElementMapSeries.Result r) {
		TiltSeries h = r.series().get(ElementMapSeries.HAADF);
		if (h == null)
			throw new InvalidInputException(input, "holds no HAADF (or ADF) image beside its spectrum image; fused2d needs one (give an HDF5, .npz or .npy file of the HAADF and the maps)");
		Map<String, TiltSeries> images = new LinkedHashMap<>();
		images.put(haadf, at0(h));
		r.outputNames().values().forEach(name -> images.put(name, at0(r.series().get(name))));
		return images;
	}

	private static TiltSeries at0(TiltSeries s) {
		return new TiltSeries(s.img(), new double[] { 0 }, s.calibration());
	}

	/** The HAADF image and the chosen maps, background-subtracted and binned. */
	private MultiModalSeries select(Map<String, TiltSeries> images) {
		TiltSeries h = images.get(haadf);
		if (h == null)
			throw new InvalidInputException(input, "has no 2D image '" + haadf + "' for --haadf; it holds " + String.join(", ", images.keySet()) + notImages(haadf));
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		sources.put("HAADF", haadf);
		if (chem.isEmpty()) {
			images.forEach((name, s) -> {
				if (!name.equals(haadf))
					ElementNames.symbolOf(name.substring(name.lastIndexOf('/') + 1)).filter(el -> !chemical.containsKey(el)).ifPresent(el -> {
						chemical.put(el, s);
						sources.put(el, name);
					});
			});
			if (chemical.isEmpty())
				throw new InvalidInputException(input, "has no image named by an element besides '" + haadf + "'; name the maps with --chem EL=NAME (it holds "
					+ String.join(", ", images.keySet()) + ")");
		}
		for (String spec : chem) {
			int eq = spec.indexOf('=');
			String el = (eq < 0 ? spec : spec.substring(0, eq)).trim(), name = eq < 0 ? el : spec.substring(eq + 1).trim();
			if (ElementNames.symbolOf(el).filter(el::equals).isEmpty())
				throw new IllegalArgumentException("--chem '" + spec + "': '" + el + "' is not an element symbol" + ElementNames.symbolHint(el) + "; use EL or EL=NAME, e.g. Co or Fe=EDS/Fe_Ka");
			TiltSeries s = images.get(name);
			if (s == null)
				throw new InvalidInputException(input, "has no 2D image '" + name + "' for --chem " + spec + "; it holds " + String.join(", ", images.keySet()) + notImages(name));
			if (chemical.put(el, s) != null)
				throw new IllegalArgumentException("--chem names element " + el + " twice");
			sources.put(el, name);
		}
		// NB: a constant map is nothing after its background (minimum) is subtracted; say so before the solver's "no positive pixel".
		chemical.forEach((el, s) -> {
			float[] d = s.data();
			float first = d[0];
			for (float v : d)
				if (Float.compare(v, first) != 0)
					return;
			throw new InvalidInputException(input, "the map of " + el + " ('" + sources.get(el) + "') has every pixel equal to " + first
				+ (lines() ? "; its window holds " + (first == 0 ? "no counts" : "the same counts everywhere") + ": is " + el + " in the specimen? drop it from --lines" : "; it holds no image: drop it"));
		});
		BackgroundSubtraction background = new BackgroundSubtraction(BackgroundOptions.percentile(backgroundPercentile));
		TiltSeries hb = prepared(background, h);
		chemical.replaceAll((el, s) -> prepared(background, s));
		return new MultiModalSeries(hb, chemical);
	}

	/**
	 * For an HDF5 {@code --input}, the datasets that are not 2D images (at most 4 named), and where a tilt series
	 * belongs, the one {@code named} first: without it, a user who named one was told only of the 2D arrays (the IDP file: a
	 * summed spectrum).
	 */
	private String notImages(String named) {
		if (!ImageMaps.isHdf5(input))
			return "";
		List<String> others = new ArrayList<>(Hdf5Images.notImages(input));
		others.sort(Comparator.comparing(d -> !d.startsWith(named + " ")));
		if (others.isEmpty())
			return "";
		String listed = String.join(", ", others.subList(0, Math.min(4, others.size()))) + (others.size() > 4 ? " and " + (others.size() - 4) + " more" : "");
		return "; not 2D images: " + listed + " (fused2d fuses one 2D image per map; a tilt series is reconstructed with 'fusedtomo reconstruct', e.g. with an HDF5 recipe)";
	}

	private boolean lines() {
		return map.lines != null;
	}

	private TiltSeries prepared(BackgroundSubtraction background, TiltSeries s) {
		return Binning.bin(background.run(s, Monitor.NONE).series(), bin);
	}

	/** The 2D defaults of the chosen solver with the options given. */
	FusedParameters parameters() {
		FusedParameters defaults = FusedMaps.defaults(solver == null ? FusedMaps.DEFAULT.solver() : FusedSolver.parse(solver));
		return defaults.toBuilder().gamma(gamma).epsilon(epsilon).weights(weights).lambdaChem(lambdaChem).lambdaTv(lambdaTv).lambdaHaadf(lambdaHaadf)
			.tvIterations(tvIterations).iterations(iterations).threads(threads).build();
	}

	/**
	 * HAADF fit NRMSE of the raw and the fused maps; per element the NRMSE of fused vs raw, the correlation
	 * of raw and of fused with the smoothed raw map, and the fine-scale fraction of each.
	 */
	private Map<String, Object> measures(FusedMaps.Result r, int w, int h) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("haadf_nrmse_raw", Nrmse.of(r.startModel().data(), r.haadf().data()));
		m.put("haadf_nrmse_fused", Nrmse.of(r.haadfModel().data(), r.haadf().data()));
		Map<String, Double> departure = new LinkedHashMap<>(), corrRaw = new LinkedHashMap<>(), corrFused = new LinkedHashMap<>(), fineRaw = new LinkedHashMap<>(),
			fineFused = new LinkedHashMap<>();
		r.fused().volumes().forEach((el, v) -> {
			float[] raw = r.start().get(el).data(), fused = v.data();
			float[] smooth = MapStatistics.gaussian(raw, w, h, smoothSigma);
			departure.put(el, Nrmse.of(fused, raw));
			corrRaw.put(el, MapStatistics.correlation(raw, smooth));
			corrFused.put(el, MapStatistics.correlation(fused, smooth));
			fineRaw.put(el, MapStatistics.fineScaleFraction(raw, w, h));
			fineFused.put(el, MapStatistics.fineScaleFraction(fused, w, h));
		});
		m.put("fused_vs_raw_nrmse", departure);
		m.put("smooth_sigma_px", smoothSigma);
		m.put("corr_raw_vs_smoothed_raw", corrRaw);
		m.put("corr_fused_vs_smoothed_raw", corrFused);
		m.put("fine_scale_raw", fineRaw);
		m.put("fine_scale_fused", fineFused);
		return m;
	}

	private static Volume volumeOf(TiltSeries image) {
		return IdentityProjector.ofSize(image.width(), image.height()).back(image);
	}
}
