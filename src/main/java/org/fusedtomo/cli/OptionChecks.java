package org.fusedtomo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.spectra.ElementMapSeries;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Range checks of numeric options, run by each command before any work: a value out of range throws an
 * {@link IllegalArgumentException} whose one line names the option, the value and what to give instead,
 * which the command line prints and ends with exit 2 (docs/reliability.md, "Options and values").
 */
final class OptionChecks {

	/** Bytes of one voxel (32-bit float). */
	static final long VOXEL_BYTES = Float.BYTES;

	private OptionChecks() {}

	/**
	 * Whether {@code option} is one of {@code spec}'s options and was given on its command line; false outside a
	 * parsed command line (a command built in code).
	 */
	static boolean given(CommandSpec spec, String option) {
		return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null && spec.optionsMap().containsKey(option)
			&& spec.commandLine().getParseResult().hasMatchedOption(option);
	}

	/**
	 * Refuses a folder option ({@code --truth}, {@code --compare-with}) that names no folder, before any file is read
	 * (it was refused after reading every series, or extracting every map, without naming the option); null passes.
	 */
	static void folder(String option, Path dir) {
		if (dir != null && !Files.isDirectory(dir))
			throw new InvalidInputException(dir, "(" + option + ") " + (Files.exists(dir) ? "is a file, not a folder" : "no such folder")
				+ ": give the folder of <El>.tif volumes");
	}

	/** Most file names a refusal of a folder lists. */
	private static final int LISTED_FILES = 6;

	/**
	 * Refuses an input {@code file} of {@code option} (e.g. {@code --haadf}, {@code --chem Co}) that is missing or a
	 * folder, before any file is read; a folder is named as such with the tilt-series files it holds, and a folder of
	 * spectrum images points to {@code --spectra} (it was "no such file" of a folder that exists). A null
	 * {@code option} (a positional file, as info's) is left out of the message.
	 */
	static void inputFile(Path file, String option) {
		if (Files.isRegularFile(file))
			return;
		String given = option == null ? "" : " (given for " + option + ")";
		if (!Files.isDirectory(file))
			throw new InvalidInputException(file, "no such file" + given);
		List<String> names = SeriesReaders.seriesFileNames(file);
		List<String> shown = names.size() > LISTED_FILES ? names.subList(0, LISTED_FILES) : names;
		String spectra = spectrumImagesIn(file) ? "; spectrum images, one per tilt, are given as --spectra " + file + " --lines ..." : "";
		throw new InvalidInputException(file, "is a folder, not a file" + given + (names.isEmpty() ? ", and holds no tilt-series file (.tif, .mrc, .dm3, .h5 ...)"
			: "; give one of its files: " + String.join(", ", shown) + (names.size() > shown.size() ? ", ... (" + names.size() + " in all)" : "")) + spectra);
	}

	private static boolean spectrumImagesIn(Path dir) {
		try {
			return ElementMapSeries.files(List.of(dir)).stream().anyMatch(p -> !p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.dm[34]"));
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	/** Refuses {@code value} below {@code min}; a null value (option not given) passes. */
	static void atLeast(String option, Integer value, int min) {
		if (value != null && value < min)
			throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
	}

	/** Refuses {@code value} outside [{@code min}, {@code max}]; a null value passes. */
	static void within(String option, Integer value, int min, int max) {
		if (value != null && (value < min || value > max))
			throw new IllegalArgumentException(option + " must lie in [" + min + ", " + max + "], got " + value);
	}

	/** Refuses a non-finite {@code value} or one outside [{@code min}, {@code max}]; a null value passes. */
	static void within(String option, Double value, double min, double max) {
		if (value != null && !(value >= min && value <= max))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must lie in [%s, %s], got %s", option, number(min), number(max), number(value)));
	}

	/**
	 * Refuses a weight λ that is negative, not finite, or beyond the largest 32-bit float: the
	 * reconstructions compute in floats, where such a λ is infinite and turns the volume into NaN.
	 */
	static void lambda(String option, Double value) {
		if (value == null)
			return;
		if (!(value >= 0) || !Double.isFinite(value))
			throw new IllegalArgumentException(option + " must be a non-negative number, got " + value);
		if (value > Float.MAX_VALUE)
			throw new IllegalArgumentException(option + " " + value + " overflows 32-bit floats (largest " + Float.MAX_VALUE + "); give a smaller weight, e.g. 10 times the default");
	}

	/**
	 * Refuses a volume of {@code voxels} voxels, {@code copies} of which a command holds at once, that does
	 * not fit the Java heap; {@code option} (e.g. "--depth 2000000") is the option that sets its size.
	 */
	static void fitsHeap(String option, long voxels, int copies) {
		long max = Runtime.getRuntime().maxMemory();
		double needed = (double) voxels * VOXEL_BYTES * copies;
		if (voxels >= Integer.MAX_VALUE || needed > max)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"%s needs about %.1f GiB for %d volume(s) of %d voxels but the Java heap holds %.1f GiB; give a smaller value (or more heap: JAVA_OPTS=-Xmx...)",
				option, needed / (1L << 30), copies, voxels, max / (double) (1L << 30)));
	}

	private static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
