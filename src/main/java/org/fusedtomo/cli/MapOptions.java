package org.fusedtomo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.report.SpectrumPlot;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.EnergyWindow;
import org.fusedtomo.spectra.LineWindows;
import org.fusedtomo.spectra.MapSettings;
import org.fusedtomo.spectra.SpectralLines;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How element maps are cut from spectrum images (a picocli mixin of {@code maps}, and of {@code align} and
 * {@code reconstruct} through {@link SeriesFiles}' {@code --spectra}): the lines and the {@link MapSettings}
 * but the pixel binning, which each command names its own way. Also writes what an extraction did (windows,
 * tilts, sum-spectrum pictures) into a command's report.
 */
final class MapOptions {

	@Option(names = "--lines", paramLabel = "LINES",
		description = "Comma-separated X-ray lines (Fe_Ka, Pt_La, S_Ka ...) and/or EELS edges (Co_L3, O_K ...) to map from the spectrum images.")
	String lines;

	// NB: not --background, which align has for the HAADF background; maps keeps --background as a synonym.
	@Option(names = "--eds-background", defaultValue = "none",
		description = "EDS background: none (the window's counts, HyperSpy's get_lines_intensity default) or windows (subtract the line through two side windows). Default ${DEFAULT-VALUE}.")
	String background = "none";

	@Option(names = "--resolution", defaultValue = "130", paramLabel = "EV", description = "EDS detector resolution, FWHM at Mn Ka in eV (default ${DEFAULT-VALUE}, HyperSpy's).")
	double resolutionEv = 130;

	@Option(names = "--window", defaultValue = "2", paramLabel = "FWHM", description = "EDS integration window width in FWHMs of the line (default ${DEFAULT-VALUE}).")
	double windowFwhm = 2;

	@Option(names = "--pre-edge", defaultValue = "50", paramLabel = "EV", description = "EELS pre-edge (power-law fit) window width, eV (default ${DEFAULT-VALUE}).")
	double preEdgeEv = 50;

	@Option(names = "--edge-gap", defaultValue = "5", paramLabel = "EV", description = "EELS gap between pre-edge window and onset, eV (default ${DEFAULT-VALUE}).")
	double edgeGapEv = 5;

	@Option(names = "--edge-width", defaultValue = "50", paramLabel = "EV", description = "EELS edge integration window from the onset, eV (default ${DEFAULT-VALUE}).")
	double edgeWidthEv = 50;

	@Option(names = "--fit-bin", defaultValue = "1", paramLabel = "N",
		description = "EELS: fit the power-law exponent on N x N blocks of output pixels (amplitude per pixel); 1 = per pixel, the image size = one exponent (default ${DEFAULT-VALUE}).")
	int fitBin = 1;

	/** The command these options are mixed into, to see which options were given. */
	@Spec(Spec.Target.MIXEE)
	CommandSpec mixee;

	// NB: not maps' --background (its synonym of --eds-background): align has a --background of its own, for the HAADF.
	private static final String[] EDS_OPTIONS = { "--eds-background", "--resolution", "--window" };
	private static final String[] EELS_OPTIONS = { "--pre-edge", "--edge-gap", "--edge-width", "--fit-bin" };

	/** The first of {@code options} given on the command line, or null (also outside a command line). */
	private String given(String... options) {
		for (String o : options)
			if (OptionChecks.given(mixee, o))
				return o;
		return null;
	}

	/** A setting of the maps given, or null: outside {@code maps} they need {@code --spectra}. */
	String anySettingGiven() {
		String eds = given(EDS_OPTIONS);
		return eds != null ? eds : given(EELS_OPTIONS);
	}

	/**
	 * Refuses an EDS setting when no line of {@code parsed} is an X-ray line, and an EELS setting when none is an
	 * edge: it would be ignored without a word (as {@code --fit-bin} with {@code --lines Fe_Ka} was).
	 */
	void checkSettingsApply(List<SpectralLines.Line> parsed, String... moreEdsOptions) {
		boolean eds = parsed.stream().anyMatch(l -> l.kind() == SpectrumKind.EDS), eels = parsed.stream().anyMatch(l -> l.kind() == SpectrumKind.EELS);
		String o = eds ? null : given(EDS_OPTIONS);
		if (o == null && !eds)
			o = given(moreEdsOptions);
		if (o != null)
			throw new IllegalArgumentException(o + " is a setting of EDS X-ray lines; --lines " + lines + " maps EELS edges only (drop " + o + ")");
		o = eels ? null : given(EELS_OPTIONS);
		if (o != null)
			throw new IllegalArgumentException(o + " is a setting of EELS edges; --lines " + lines + " maps X-ray lines only (drop " + o + ")");
	}

	/** The parsed {@code --lines}; {@code option} names the option that needs them in the message when none are given. */
	List<SpectralLines.Line> lines(String option) {
		if (lines == null)
			throw new IllegalArgumentException(option + " needs --lines, e.g. --lines Fe_Ka,Pt_La,S_Ka (EDS) or Co_L3,O_K (EELS)");
		return ElementMapSeries.lines(lines);
	}

	/**
	 * The parsed {@code --lines}, one per element: each map is then named by its element symbol.
	 *
	 * @param commands who needs this, for the message ("reconstruct and align take one line per element")
	 */
	List<SpectralLines.Line> linesOnePerElement(String option, String commands) {
		List<SpectralLines.Line> parsed = lines(option);
		Map<String, String> lineOf = new LinkedHashMap<>();
		for (SpectralLines.Line l : parsed) {
			String before = lineOf.put(l.element(), l.name());
			if (before != null)
				throw new IllegalArgumentException("--lines maps element " + l.element() + " twice (" + before + ", " + l.name() + "); " + commands);
		}
		return parsed;
	}

	/** The settings of these options, summing {@code bin x bin} spectrum-image pixels. */
	MapSettings settings(int bin) {
		return new MapSettings(resolutionEv, windowFwhm, parseBackground(background), MapSettings.DEFAULT.backgroundOffsetFwhm(), MapSettings.DEFAULT.backgroundWidthFwhm(),
			preEdgeEv, edgeGapEv, edgeWidthEv, fitBin, bin);
	}

	static boolean parseBackground(String name) {
		return switch (name.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> false;
			case "windows" -> true;
			default -> throw new IllegalArgumentException("Unknown --eds-background '" + name + "'; use none or windows");
		};
	}

	/** The picture (and table) names an extraction may write, for checking against the inputs first. */
	static List<String> outputNames() {
		List<String> names = new ArrayList<>();
		for (SpectrumKind k : SpectrumKind.values()) {
			String kind = k.toString().toLowerCase(Locale.ROOT);
			names.add("spectrum-" + kind + ".png");
			names.add("sum-spectra-" + kind + ".csv");
		}
		return names;
	}

	/**
	 * Writes the sum spectra of {@code r} with the windows drawn ({@code spectrum-<kind>.png}, and
	 * {@code sum-spectra-<kind>.csv} when {@code tables}) into {@code dir}; returns the tilts, windows, pictures and
	 * notes as report sections by name.
	 */
	static Map<String, Object> report(ElementMapSeries.Result r, OutputDirectory dir, boolean tables) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("tilts", r.tilts().stream().map(t -> Map.of("file", t.file().toString(), "angle_deg", t.angleDeg(), "angle_from", t.angleSource())).toList());
		List<Object> windows = new ArrayList<>();
		List<String> pictures = new ArrayList<>();
		double[] anglesDeg = r.tilts().stream().mapToDouble(ElementMapSeries.Tilt::angleDeg).toArray();
		for (Map.Entry<SpectrumKind, List<LineWindows>> e : r.windows().entrySet()) {
			String kind = e.getKey().toString().toLowerCase(Locale.ROOT);
			EnergyAxis axis = r.axes().get(e.getKey());
			for (LineWindows lw : e.getValue())
				windows.add(windowJson(lw, r.outputNames().get(lw.line().name())));
			dir.png("spectrum-" + kind, SpectrumPlot.of(e.getKey() + " sum spectrum per tilt and the map windows", axis, r.sumSpectra().get(e.getKey()), anglesDeg, e.getValue()));
			if (tables)
				dir.text("sum-spectra-" + kind + ".csv", csv(axis, r.sumSpectra().get(e.getKey()), anglesDeg));
			pictures.add("spectrum-" + kind + ".png");
		}
		report.put("windows", windows);
		report.put("pictures", pictures);
		report.put("notes", r.notes());
		return report;
	}

	static Map<String, Object> settingsJson(MapSettings s) {
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

	private static Map<String, Object> windowJson(LineWindows lw, String output) {
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
