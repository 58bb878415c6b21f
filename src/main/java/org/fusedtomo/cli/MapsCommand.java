package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.SeriesChecks;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.report.Report;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.MapSettings;
import org.fusedtomo.spectra.SpectralLines;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

	@Mixin
	MapOptions map;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--angles", paramLabel = "FILE|FIRST:LAST:STEP",
		description = "Tilt angles in file-name order (a file, one angle in degrees per line, a range, or one angle for one file), used only when a file has no tilt in its metadata or name.")
	String angles;

	@Option(names = "--background", paramLabel = "none|windows", description = "The same as --eds-background (kept for maps, whose first option it was).")
	String background;

	@Option(names = "--bin", defaultValue = "1", paramLabel = "N", description = "Sum N x N neighbouring pixels into one (HAADF and survey averaged) (default ${DEFAULT-VALUE}).")
	int bin;

	@Override
	public Integer call() throws Exception {
		if (background != null)
			map.background = background;
		MapSettings settings;
		try {
			settings = map.settings(bin);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(background != null ? e.getMessage().replace("--eds-background", "--background") : e.getMessage(), e);
		}
		List<SpectralLines.Line> parsed = map.lines("maps");
		map.checkSettingsApply(parsed, "--background");
		double[] fallback = angles == null ? null : TiltAngles.fileOrRange("--angles", angles);
		// NB: radians (np.deg2rad) were written as tilts of a degree or two; maps has no --full-rotation, so only the unit is checked here.
		if (fallback != null)
			SeriesChecks.checkAngles(Path.of(angles), fallback, true);
		List<Path> files = ElementMapSeries.files(inputs);
		// NB: before the work, so that an --out that cannot be written is refused before every file is read.
		OutputDirectory dir = new OutputDirectory(out, new AtomicFiles(new ArrayList<>(files)));
		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		ElementMapSeries.Result r = ElementMapSeries.run(files, parsed, settings, fallback, opener, monitor);
		monitor.endLine();
		double seconds = (System.nanoTime() - t0) * 1e-9;
		if (fallback != null && r.tilts().stream().noneMatch(t -> t.angleSource().equals("--angles")))
			System.err.println("fusedtomo maps: note: every file has its tilt in its metadata or name; --angles was not used");

		Report report = new Report("maps").parameter("lines", parsed.stream().map(SpectralLines.Line::name).toList()).parameter("settings", MapOptions.settingsJson(settings))
			.section("inputs", files.stream().map(Path::toString).toList()).timing("maps", seconds);
		MapOptions.report(r, dir, true).forEach(report::section);
		report.section("series", new ArrayList<>(r.series().keySet()));
		for (Map.Entry<String, TiltSeries> e : r.series().entrySet())
			// NB: the files say they were binned (maps summed, images averaged), so that reconstruct reads the maps' counts as such.
			dir.series(e.getKey(), e.getValue(), bin);
		dir.report(report);
		r.notes().forEach(n -> System.err.println("fusedtomo maps: note: " + n));
		List<ElementMapSeries.Tilt> tilts = r.tilts();
		// NB: rounded before printing, so that a stage at -0.0002 deg (Velox) reads 0.0, not -0.0.
		double first = Math.round(tilts.get(0).angleDeg() * 10) / 10.0 + 0.0, last = Math.round(tilts.get(tilts.size() - 1).angleDeg() * 10) / 10.0 + 0.0;
		System.out.printf(Locale.ROOT, "Wrote %s from %s into %s in %.1f s%n", String.join(", ", r.series().keySet()),
			tilts.size() == 1 ? String.format(Locale.ROOT, "1 tilt (%.1f deg)", first) : String.format(Locale.ROOT, "%s (%.1f to %.1f deg)", tiltCount(tilts), first, last), out, seconds);
		return 0;
	}

	/** "16 tilts", or "6 files at 5 tilts" where files share a tilt (repeated exposures). */
	private static String tiltCount(List<ElementMapSeries.Tilt> tilts) {
		long distinct = tilts.stream().mapToDouble(ElementMapSeries.Tilt::angleDeg).distinct().count();
		return distinct == tilts.size() ? tilts.size() + " tilts" : tilts.size() + " files at " + distinct + " tilts";
	}
}
