package org.fusedtomo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;

import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentEvidence;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.report.Report;

/**
 * The {@code --out} folder of a command: every file written atomically, never over an input, and staged
 * ({@link StagedOutputs}): nothing appears in the folder, nor the folder itself, until the whole command
 * has succeeded. {@link #path} is where a file will be; files are written to their staged place. Outside
 * {@link FusedTomo#run} (no run open) files are written straight into the folder.
 */
final class OutputDirectory {

	private final Path dir;
	private final Path staged;
	private final AtomicFiles files;

	/**
	 * The output folder {@code dir} of the current run, protecting {@code files}' inputs.
	 *
	 * @throws InvalidInputException when {@code dir} is a file
	 * @throws UncheckedIOException when its staging folder cannot be created (e.g. no write permission)
	 */
	OutputDirectory(Path dir, AtomicFiles files) {
		this.dir = dir;
		this.files = files;
		StagedOutputs run = StagedOutputs.open();
		this.staged = run != null ? run.stage(dir, files) : created(dir);
	}

	/** Outside a run of {@link FusedTomo#run} (no staging): the folder itself, created now. */
	private static Path created(Path dir) {
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create output folder " + dir + ": " + e.getMessage(), e);
		}
	}

	/** Where the file {@code name} will be once the command succeeded. */
	Path path(String name) {
		return dir.resolve(name);
	}

	/**
	 * Refuses, before any work, output files of these names that would replace an input (or one of its
	 * sidecars), or an existing file of a folder that holds no earlier run's report.json; call it with every name
	 * the command may write as soon as the names are known.
	 *
	 * @throws InvalidInputException naming the file
	 */
	OutputDirectory checkNames(Iterable<String> names) {
		boolean earlierRun = Files.isRegularFile(dir.resolve(StagedOutputs.REPORT));
		for (String name : names) {
			files.checkWritable(path(name));
			// NB: as StagedOutputs refuses on commit, before any work here (reconstruct --out sim/truth replaced the truth volumes).
			if (!earlierRun && Files.isRegularFile(path(name)))
				throw StagedOutputs.wouldReplace(path(name), dir);
		}
		return this;
	}

	/** The staged place of {@code name}, after checking its final place against the inputs. */
	private Path target(String name) {
		files.checkWritable(path(name));
		return staged.resolve(name);
	}

	Path dir() {
		return dir;
	}

	void volume(String name, Volume v) {
		TiffSeries.writeVolume(v, target(name + ".tif"), files);
	}

	/** Lets {@code writer} write the volume {@code name} to its staged place, through this folder's files (atomically). */
	<T> T volume(String name, BiFunction<Path, AtomicFiles, T> writer) {
		return writer.apply(target(name + ".tif"), files);
	}

	void volumes(Map<String, Volume> volumes) {
		volumes.forEach(this::volume);
	}

	void series(String name, TiltSeries s) {
		series(name, s, 1);
	}

	/** The tilt series {@code name}, each value summing or averaging {@code binning} x {@code binning} recorded pixels (the file says so). */
	void series(String name, TiltSeries s, int binning) {
		// NB: the series' .rawtlt sidecar goes beside it; checked here too, as the sidecar of an input may be named alike.
		target(name + ".rawtlt");
		TiffSeries.writeTiltSeries(s, target(name + ".tif"), binning, files);
	}

	void png(String name, ImagePlus image) {
		files.write(target(name + ".png"), out -> ImageIO.write(image.getBufferedImage(), "png", out));
	}

	void text(String name, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		files.write(target(name), out -> out.write(bytes));
	}

	void alignment(Alignment alignment) {
		AlignmentJson.save(alignment, target("alignment.json"), files);
	}

	/** alignment.json with the optional evidence fields. */
	void alignment(Alignment alignment, AlignmentEvidence evidence) {
		AlignmentJson.save(alignment, evidence, path("alignment.json"), files);
	}

	void report(Report report) {
		byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
		files.write(target("report.json"), out -> out.write(json));
	}
}
