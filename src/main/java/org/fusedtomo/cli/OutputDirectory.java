package org.fusedtomo.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import ij.ImagePlus;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentEvidence;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.report.Report;

/** The {@code --out} folder of a command: every file written atomically, never over an input. */
final class OutputDirectory {

	private final Path dir;
	private final AtomicFiles files;

	OutputDirectory(Path dir, AtomicFiles files) {
		this.dir = dir;
		this.files = files;
		try {
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create output folder " + dir + ": " + e.getMessage(), e);
		}
	}

	Path path(String name) {
		return dir.resolve(name);
	}

	Path dir() {
		return dir;
	}

	void volume(String name, Volume v) {
		TiffSeries.writeVolume(v, path(name + ".tif"), files);
	}

	void volumes(Map<String, Volume> volumes) {
		volumes.forEach(this::volume);
	}

	void series(String name, TiltSeries s) {
		TiffSeries.writeTiltSeries(s, path(name + ".tif"), files);
	}

	void png(String name, ImagePlus image) {
		files.write(path(name + ".png"), out -> ImageIO.write(image.getBufferedImage(), "png", out));
	}

	void text(String name, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		files.write(path(name), out -> out.write(bytes));
	}

	void alignment(Alignment alignment) {
		AlignmentJson.save(alignment, path("alignment.json"), files);
	}

	/** alignment.json with the optional evidence fields. */
	void alignment(Alignment alignment, AlignmentEvidence evidence) {
		AlignmentJson.save(alignment, evidence, path("alignment.json"), files);
	}

	void report(Report report) {
		byte[] json = report.toJson().getBytes(StandardCharsets.UTF_8);
		files.write(path("report.json"), out -> out.write(json));
	}
}
