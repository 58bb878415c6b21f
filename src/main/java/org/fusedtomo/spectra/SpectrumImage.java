package org.fusedtomo.spectra;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalDouble;

import org.fusedtomo.data.Calibration;

/**
 * One spectrum image (x, y, energy) as a microscope file holds it, read pixel by pixel so that a
 * reduction to element maps never needs the whole cube in memory (issue 18). Readers of Bruker
 * {@code .bcf}, Velox {@code .emd} and Gatan DM3/DM4 implement it; {@link #scan} may be called more
 * than once and re-reads the file each time.
 */
public interface SpectrumImage {

	/** The file (and, for containers with several, the dataset) this spectrum image came from, for messages. */
	String source();

	int width();

	int height();

	EnergyAxis energyAxis();

	/** "EDS" or "EELS". */
	SpectrumKind kind();

	/** Pixel size of the scan; {@link Calibration#PIXEL} when the file has none. */
	Calibration calibration();

	/** Stage tilt (alpha) in degrees as the file's metadata gives it; empty when it has none. */
	OptionalDouble tiltDeg();

	/**
	 * The images recorded with the spectrum image (e.g. "HAADF", "ADF", "BF"), each {@code width·height}
	 * floats in row order (x fastest); empty when the file has none. Sizes may differ from the spectrum
	 * image's only where the file says so; readers document it.
	 */
	Map<String, SurveyImage> images() throws IOException;

	/**
	 * Visits every pixel once, in row order, with its spectrum ({@code energyAxis().channels()} counts;
	 * the array is reused between calls, so copy what must be kept). To cancel, the visitor throws (e.g.
	 * {@link java.util.concurrent.CancellationException}, which propagates); readers also stop between rows
	 * when the thread is interrupted ({@link java.io.InterruptedIOException}).
	 *
	 * @throws IOException when the file cannot be read or is truncated; the message names the file
	 */
	void scan(PixelVisitor visitor) throws IOException;

	/** Receives one pixel's spectrum. */
	@FunctionalInterface
	interface PixelVisitor {
		void pixel(int x, int y, float[] spectrum);
	}

	/** An image recorded with the spectrum image, with its own size and calibration. */
	record SurveyImage(String name, int width, int height, float[] pixels, Calibration calibration) {
	}

	/** The spectroscopy that recorded the spectra. */
	enum SpectrumKind {
		EDS, EELS
	}
}
