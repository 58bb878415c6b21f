package org.fusedtomo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.fusedtomo.align.CrossCorrelationOptions;
import org.fusedtomo.align.RepeatAveraging;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.SpectrumImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fusedtomo info FILE}: reads a tilt-series file through {@link SeriesReaders} and prints what
 * was found: format, dimensions, pixel type, angles (count, range, first few, source), pixel size and
 * the chemical series. A spectrum-image file that is no tilt series (a Bruker {@code .bcf}, an EELS
 * DM4, a Velox file without a HAADF image) is described as such, for {@code maps}: size, channels,
 * energy range, tilt, pixel size and the images recorded with it. Writes nothing.
 */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
	description = { "Show what a tilt-series file holds: TIFF (+ .rawtlt), MRC, DM3/DM4, HDF5 (tomo_TV, Berkeley EMD, Velox EMD) or a .json HDF5 recipe;",
		"or, for a spectrum-image file (Bruker .bcf, Velox .emd, DM3/DM4), its spectra: size, channels, energy range (the lines 'maps --lines' can use), tilt, pixel size and images.",
		"A recipe imports any HDF5 layout: {\"file\": \"data.h5\", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0,",
		"  \"chemical\": {\"Fe\": \"EDS_maps/Fe_Ka\"}, \"pixelSize\": 13.08, \"unit\": \"nm\"}  (file relative to the recipe; pass the recipe wherever a file is taken)" })
final class InfoCommand implements Callable<Integer> {

	/** How many angles are listed before "...". */
	private static final int SHOWN_ANGLES = 5;

	@Parameters(index = "0", paramLabel = "FILE", description = "Tilt-series file, HDF5 recipe (.json) or spectrum-image file.")
	Path file;

	@Option(names = "--angles", description = "Tilt angles for the HAADF series (a file, one per line, or a range FIRST:LAST:STEP), instead of the file's own.")
	Path angles;

	@Option(names = "--average-repeats", description = "Also show the series after aligning and averaging the exposures of each repeated tilt, as --average-repeats of reconstruct and align reads it.")
	boolean averageRepeats;

	@Override
	public Integer call() throws IOException {
		// NB: a folder of spectrum images (one per tilt, as maps takes them) was only "a directory, expected a tilt-series file".
		if (Files.isDirectory(file)) {
			List<Path> spectra;
			try {
				// NB: a DM file is a spectrum image only when it holds spectra (the needle's HAADF.dm3 is a tilt series).
				spectra = ElementMapSeries.files(List.of(file)).stream().filter(p -> !isDm(p) || holdsSpectra(p)).toList();
			}
			catch (InvalidInputException e) {
				spectra = List.of();
			}
			if (spectra.isEmpty())
				OptionChecks.inputFile(file, null);
			if (!spectra.isEmpty())
				throw new InvalidInputException(file, "is a folder of " + spectra.size() + " spectrum-image file" + (spectra.size() == 1 ? "" : "s") + " ("
					+ spectra.get(0).getFileName() + (spectra.size() > 1 ? " ... " + spectra.get(spectra.size() - 1).getFileName() : "")
					+ "): give one of them to info, or map them all with 'fusedtomo maps --input " + file + " --lines ...'");
		}
		TiltSeriesFile f;
		try {
			f = SeriesReaders.read(file, angles);
		}
		catch (InvalidInputException e) {
			List<SpectrumImage> spectra = spectrumImages(e);
			if (!spectra.isEmpty()) {
				describeSpectra(spectra);
				return 0;
			}
			if (describeVolume())
				return 0;
			throw e;
		}
		System.out.println("file:       " + file);
		System.out.println("format:     " + f.format());
		f.notes().forEach(n -> System.out.println("note:       " + n));
		if (f.binning() > 1)
			System.out.println("binned:     " + f.binning() + " x " + f.binning() + " recorded pixels per value (written so; reconstruct reads the counts as binned)");
		// NB: a file of one series (Co.tif, a DM3 stack) says nothing of its modality; "HAADF" only where chemical maps sit beside it.
		System.out.println(describe(f.chemical().isEmpty() ? "series" : "HAADF", f.haadf(), f.pixelType(), f.anglesFrom()));
		RepeatedTilts tilts = RepeatedTilts.of(f.haadf().geometry());
		int[] index = f.fileIndex();
		if (tilts.hasRepeats())
			System.out.println("  repeats:  " + tilts.summary() + "; exposures per tilt: "
				+ IntStream.range(0, tilts.tiltCount()).mapToObj(t -> num(tilts.angleDeg(t)) + "x" + tilts.exposureCount(t)).collect(Collectors.joining(" ")));
		boolean fileOrder = Arrays.equals(index, IntStream.range(0, index.length).toArray());
		if (!fileOrder)
			System.out.println("  acquired: file position (1-based) of each projection in angle order: "
				+ Arrays.stream(index).mapToObj(i -> Integer.toString(i + 1)).collect(Collectors.joining(" ")));
		else if (tilts.hasRepeats())
			System.out.println("  acquired: in angle order (the file's order), exposures of a tilt one after another");
		if (averageRepeats && tilts.hasRepeats()) {
			RepeatAveraging.Result r = RepeatAveraging.average(f.haadf(), CrossCorrelationOptions.DEFAULT);
			double rms = 0;
			for (int i = 0; i < r.dx().length; i++)
				rms += (r.dx()[i] * r.dx()[i] + r.dy()[i] * r.dy()[i]) / r.dx().length;
			System.out.printf(Locale.ROOT, "averaged:   %d tilts, each the mean of its %s exposures after aligning them (RMS shift %.2f px)%n", r.averaged().angleCount(),
				range(tilts.exposureRange()), Math.sqrt(rms));
		}
		for (Map.Entry<String, TiltSeries> e : f.chemical().entrySet()) {
			TiltSeries c = e.getValue();
			double[] a = c.anglesDeg();
			System.out.printf(Locale.ROOT, "%-11s %d x %d pixels x %d angles, %s to %s deg, %s %s%n", e.getKey() + ":", c.width(), c.height(), a.length, num(a[0]), num(a[a.length - 1]),
				num(c.calibration().pixelSize()), c.calibration().unit());
		}
		System.out.println("elements:   " + (f.chemical().isEmpty() ? "none" : String.join(", ", f.chemical().keySet())));
		return 0;
	}

	/**
	 * The spectrum images in {@link #file}, which the tilt-series readers refused with {@code refusal}; empty when it is
	 * none. A file of no tilt-series format (a {@code .bcf}) gets the spectrum reader's own error (truncated, damaged);
	 * a DM or HDF5 file that is neither a tilt series nor a spectrum image gets the tilt-series reader's.
	 */
	private static boolean isDm(Path p) {
		String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		return name.endsWith(".dm3") || name.endsWith(".dm4");
	}

	/** Whether {@code p} opens as a spectrum-image file holding at least one spectrum image (tags only are read). */
	private static boolean holdsSpectra(Path p) {
		try {
			return !SpectrumImageReaders.open(p).isEmpty();
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	private List<SpectrumImage> spectrumImages(InvalidInputException refusal) throws IOException {
		if (!SpectrumImageReaders.isSpectrumImage(file))
			return List.of();
		boolean tiltFormat;
		try {
			SeriesReaders.detect(file);
			tiltFormat = true;
		}
		catch (InvalidInputException e) {
			tiltFormat = false;
		}
		try {
			return SpectrumImageReaders.open(file);
		}
		catch (InvalidInputException e) {
			if (!tiltFormat)
				throw e;
			return List.of();
		}
	}

	/**
	 * A TIFF or MRC stack with no tilt angles (no sidecar, no {@code --angles}), such as the volumes {@code reconstruct}
	 * writes, described as a volume; false when the file is no such stack. Before, {@code info rec/Co.tif} only said
	 * "has no tilt angles: put Co.rawtlt next to it".
	 */
	private boolean describeVolume() {
		if (angles != null || TiltAngles.findSidecar(file).isPresent())
			return false;
		SeriesReaders.Format format;
		Volume v;
		try {
			format = SeriesReaders.detect(file);
			if (format != SeriesReaders.Format.TIFF && format != SeriesReaders.Format.MRC)
				return false;
			v = SeriesReaders.readVolume(file);
		}
		catch (RuntimeException e) {
			return false;
		}
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float x : v.data()) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		System.out.println("file:       " + file);
		System.out.println("format:     " + format + " stack without tilt angles: a volume (as reconstruct writes), or a tilt series whose angles are missing (put "
			+ TiltAngles.sidecarFor(file).getFileName() + " next to it, or give --angles FILE)");
		System.out.printf(Locale.ROOT, "volume:     %d x %d x %d voxels%n", v.width(), v.height(), v.depth());
		System.out.println("  voxel:    " + num(v.calibration().pixelSize()) + " " + v.calibration().unit());
		System.out.println("  values:   " + num(min) + " to " + num(max));
		return true;
	}

	/** What {@code maps} would read from each spectrum image in the file. */
	private void describeSpectra(List<SpectrumImage> spectra) throws IOException {
		System.out.println("file:       " + file);
		System.out.println("format:     spectrum image" + (spectra.size() > 1 ? "s (" + spectra.size() + ")" : "") + ", no tilt series: make element maps with "
			+ "'fusedtomo maps --input " + file + " --lines ...' (or --spectra in align, reconstruct; fused2d --input FILE --lines ... fuses one in 2D)");
		for (SpectrumImage si : spectra) {
			EnergyAxis e = si.energyAxis();
			System.out.printf(Locale.ROOT, "%-11s %d x %d pixels x %d channels, %.3f to %.3f keV (%s eV per channel)%n", si.kind() + ":", si.width(), si.height(), e.channels(),
				e.energyKeV(-0.5), e.maxKeV(), num(e.scaleKeV() * 1000));
			System.out.println("  source:   " + si.source());
			System.out.println("  tilt:     " + (si.tiltDeg().isPresent() ? String.format(Locale.ROOT, "%.2f", si.tiltDeg().getAsDouble() + 0.0).replace("-0.00", "0.00") + " deg (from the file's metadata)"
				: "none in the metadata (maps takes it from the file name, e.g. -40.bcf, or --angles)"));
			System.out.println("  pixel:    " + num(si.calibration().pixelSize()) + " " + si.calibration().unit());
			String images = si.images().values().stream().map(i -> i.name() + " (" + i.width() + " x " + i.height() + ")").collect(Collectors.joining(", "));
			System.out.println("  images:   " + (images.isEmpty() ? "none" : images));
		}
	}

	/** Three lines about the HAADF series. */
	private static String describe(String name, TiltSeries s, String pixelType, String anglesFrom) {
		double[] a = s.anglesDeg();
		String first = Arrays.stream(a).limit(SHOWN_ANGLES).mapToObj(InfoCommand::num).collect(Collectors.joining(", ")) + (a.length > SHOWN_ANGLES ? ", ..." : "");
		StringBuilder b = new StringBuilder();
		b.append(String.format(Locale.ROOT, "%-11s %d x %d pixels x %d angles%s%n", name + ":", s.width(), s.height(), s.angleCount(), pixelType == null ? "" : ", " + pixelType));
		b.append(String.format(Locale.ROOT, "  angles:   %d from %s to %s deg: %s (from %s)%n", a.length, num(a[0]), num(a[a.length - 1]), first, anglesFrom));
		b.append(String.format(Locale.ROOT, "  pixel:    %s %s", num(s.calibration().pixelSize()), s.calibration().unit()));
		return b.toString();
	}

	private static String range(int[] minMax) {
		return minMax[0] == minMax[1] ? Integer.toString(minMax[0]) : minMax[0] + " to " + minMax[1];
	}

	private static String num(double d) {
		return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+$", "");
	}
}
