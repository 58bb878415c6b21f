package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.SpectrumImageReaders;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.SpectrumPlot;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.EnergyWindow;
import org.fusedtomo.spectra.LineWindows;
import org.fusedtomo.spectra.MapSettings;
import org.fusedtomo.spectra.SpectralLines;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo maps} (issue 18): element maps from a tilt series of spectrum-image files (one per tilt).
 * Writes {@code HAADF.tif} and one {@code <El>.tif} per line (the line's name where an element has several),
 * {@code survey.tif} where every file has a survey image, {@code <line>-r.tif} with the EELS power-law
 * exponents, each with its {@code .rawtlt}; {@code spectrum-eds.png}/{@code spectrum-eels.png} with the sum
 * spectra and windows, {@code sum-spectra-eds.csv}/{@code -eels.csv} and {@code report.json} with the windows.
 */
@Command(name = "maps", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Element maps (EDS lines, EELS edges) from spectrum-image files, one per tilt, as tilt series for align and reconstruct.")
final class MapsCommand implements Callable<Integer> {

	/** Opens the files; tests put synthetic spectrum images here. */
	static ElementMapSeries.Opener opener = SpectrumImageReaders::open;

	@Option(names = "--input", required = true, arity = "1..*", paramLabel = "FILE_OR_FOLDER",
		description = "Spectrum-image files (.bcf, .emd, .dm3, .dm4), one per tilt, or folders of them.")
	List<Path> inputs;

	@Option(names = "--lines", required = true, paramLabel = "LINES",
		description = "Comma-separated X-ray lines (Fe_Ka, Pt_La, S_Ka ...) and/or EELS edges (Co_L3, O_K ...).")
	String lines;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--angles", paramLabel = "FIRST:LAST:STEP",
		description = "Tilt angles in file-name order, used only when a file has no tilt in its metadata or name.")
	String angles;

	@Option(names = "--background", defaultValue = "none",
		description = "EDS background: none (the window's counts, HyperSpy's get_lines_intensity default) or windows (subtract the line through two side windows). Default ${DEFAULT-VALUE}.")
	String background;

	@Option(names = "--resolution", defaultValue = "130", paramLabel = "EV", description = "EDS detector resolution, FWHM at Mn Ka in eV (default ${DEFAULT-VALUE}, HyperSpy's).")
	double resolutionEv;

	@Option(names = "--window", defaultValue = "2", paramLabel = "FWHM", description = "EDS integration window width in FWHMs of the line (default ${DEFAULT-VALUE}).")
	double windowFwhm;

	@Option(names = "--pre-edge", defaultValue = "50", paramLabel = "EV", description = "EELS pre-edge (power-law fit) window width, eV (default ${DEFAULT-VALUE}).")
	double preEdgeEv;

	@Option(names = "--edge-gap", defaultValue = "5", paramLabel = "EV", description = "EELS gap between pre-edge window and onset, eV (default ${DEFAULT-VALUE}).")
	double edgeGapEv;

	@Option(names = "--edge-width", defaultValue = "50", paramLabel = "EV", description = "EELS edge integration window from the onset, eV (default ${DEFAULT-VALUE}).")
	double edgeWidthEv;

	@Option(names = "--fit-bin", defaultValue = "1", paramLabel = "N",
		description = "EELS: fit the power-law exponent on N x N blocks of output pixels (amplitude per pixel); 1 = per pixel, the image size = one exponent (default ${DEFAULT-VALUE}).")
	int fitBin;

	@Option(names = "--bin", defaultValue = "1", paramLabel = "N", description = "Sum N x N neighbouring pixels into one (HAADF and survey averaged) (default ${DEFAULT-VALUE}).")
	int bin;

	@Override
	public Integer call() throws Exception {
		MapSettings settings = new MapSettings(resolutionEv, windowFwhm, parseBackground(background), MapSettings.DEFAULT.backgroundOffsetFwhm(),
			MapSettings.DEFAULT.backgroundWidthFwhm(), preEdgeEv, edgeGapEv, edgeWidthEv, fitBin, bin);
		List<SpectralLines.Line> parsed = ElementMapSeries.lines(lines);
		double[] fallback = angles == null ? null : AngleRange.parse("--angles", angles);
		List<Path> files = ElementMapSeries.files(inputs);
		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		ElementMapSeries.Result r = ElementMapSeries.run(files, parsed, settings, fallback, opener, monitor);
		monitor.endLine();
		double seconds = (System.nanoTime() - t0) * 1e-9;
		if (fallback != null && r.tilts().stream().noneMatch(t -> t.angleSource().equals("--angles")))
			System.err.println("fusedtomo maps: note: every file has its tilt in its metadata or name; --angles was not used");

		List<Path> protect = new ArrayList<>(files);
		OutputDirectory dir = new OutputDirectory(out, new AtomicFiles(protect));
		Report report = new Report("maps").parameter("lines", parsed.stream().map(SpectralLines.Line::name).toList()).parameter("settings", settingsJson(settings))
			.section("inputs", files.stream().map(Path::toString).toList()).timing("maps", seconds);
		report.section("tilts", r.tilts().stream().map(t -> Map.of("file", t.file().toString(), "angle_deg", t.angleDeg(), "angle_from", t.angleSource())).toList());
		List<Object> windows = new ArrayList<>();
		List<String> pictures = new ArrayList<>();
		double[] anglesDeg = r.tilts().stream().mapToDouble(ElementMapSeries.Tilt::angleDeg).toArray();
		for (Map.Entry<SpectrumKind, List<LineWindows>> e : r.windows().entrySet()) {
			String kind = e.getKey().toString().toLowerCase(Locale.ROOT);
			EnergyAxis axis = r.axes().get(e.getKey());
			for (LineWindows lw : e.getValue())
				windows.add(windowJson(lw, axis, r.outputNames().get(lw.line().name())));
			dir.png("spectrum-" + kind, SpectrumPlot.of(e.getKey() + " sum spectrum per tilt and the map windows", axis, r.sumSpectra().get(e.getKey()), anglesDeg, e.getValue()));
			dir.text("sum-spectra-" + kind + ".csv", csv(axis, r.sumSpectra().get(e.getKey()), anglesDeg));
			pictures.add("spectrum-" + kind + ".png");
		}
		report.section("windows", windows).section("pictures", pictures).section("notes", r.notes()).section("series", new ArrayList<>(r.series().keySet()));
		for (Map.Entry<String, TiltSeries> e : r.series().entrySet())
			dir.series(e.getKey(), e.getValue());
		dir.report(report);
		r.notes().forEach(n -> System.err.println("fusedtomo maps: note: " + n));
		System.out.printf(Locale.ROOT, "Wrote %s from %d tilts (%.1f to %.1f deg) into %s in %.1f s%n", String.join(", ", r.series().keySet()), anglesDeg.length, anglesDeg[0],
			anglesDeg[anglesDeg.length - 1], out, seconds);
		return 0;
	}

	static boolean parseBackground(String name) {
		return switch (name.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> false;
			case "windows" -> true;
			default -> throw new IllegalArgumentException("Unknown --background '" + name + "'; use none or windows");
		};
	}

	private static Map<String, Object> settingsJson(MapSettings s) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("eds_resolution_mn_ka_ev", s.resolutionMnKaEv());
		m.put("eds_integration_fwhm", s.integrationFwhm());
		m.put("eds_background", s.edsBackground() ? "side windows" : "none");
		m.put("eds_background_offset_fwhm", s.backgroundOffsetFwhm());
		m.put("eds_background_width_fwhm", s.backgroundWidthFwhm());
		m.put("eels_pre_edge_ev", s.preEdgeEv());
		m.put("eels_edge_gap_ev", s.edgeGapEv());
		m.put("eels_edge_width_ev", s.edgeWidthEv());
		m.put("eels_fit", "power law A E^-r, two-area method, r on " + s.fitBin() + " x " + s.fitBin() + " pixel blocks, A per pixel");
		m.put("bin", s.bin());
		return m;
	}

	private static Map<String, Object> windowJson(LineWindows lw, EnergyAxis axis, String output) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("line", lw.line().name());
		m.put("element", lw.line().element());
		m.put("kind", lw.line().kind().toString());
		m.put("output", output + ".tif");
		m.put("energy_kev", lw.line().energyKeV());
		if (!Double.isNaN(lw.fwhmKeV()))
			m.put("fwhm_kev", lw.fwhmKeV());
		m.put(lw.line().kind() == SpectrumKind.EDS ? "integration_window" : "edge_window", window(lw.signal()));
		List<Object> bg = new ArrayList<>();
		for (EnergyWindow b : lw.background())
			bg.add(window(b));
		m.put(lw.line().kind() == SpectrumKind.EDS ? "background_windows" : "pre_edge_halves", bg);
		if (!lw.note().isEmpty())
			m.put("note", lw.note());
		return m;
	}

	private static Map<String, Object> window(EnergyWindow w) {
		return Map.of("kev", List.of(w.lowKeV(), w.highKeV()), "channels", List.of(w.start(), w.stop()));
	}

	private static String csv(EnergyAxis axis, List<double[]> sums, double[] angles) {
		StringBuilder sb = new StringBuilder("energy_kev");
		for (double a : angles)
			sb.append(",tilt_").append(a);
		sb.append('\n');
		for (int c = 0; c < axis.channels(); c++) {
			sb.append(String.format(Locale.ROOT, "%.5f", axis.energyKeV(c)));
			for (double[] s : sums)
				sb.append(',').append(s[c] == Math.rint(s[c]) ? Long.toString((long) s[c]) : Double.toString(s[c]));
			sb.append('\n');
		}
		return sb.toString();
	}
}
