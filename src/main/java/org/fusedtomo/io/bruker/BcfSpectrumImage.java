package org.fusedtomo.io.bruker;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * One EDS spectrum image ({@code EDSDatabase/SpectrumData<i>}) of a Bruker {@code .bcf} file, with the
 * images, energy axis, pixel size and stage tilt of the file's header (see {@link BcfHeader}).
 * {@link #scan} opens the file anew and decodes it one row at a time ({@link PackedPixels}); images
 * are decoded from the header when asked for. The images keep their own size and share the map's
 * pixel size ({@code DX} of {@code TRTSEMData}), as the file gives no other.
 */
public final class BcfSpectrumImage implements SpectrumImage {

	private final Path file;
	private final BcfHeader header;
	private final BcfHeader.Dataset dataset;
	private final int width;
	private final int height;

	BcfSpectrumImage(Path file, BcfHeader header, BcfHeader.Dataset dataset, int width, int height) {
		this.file = file;
		this.header = header;
		this.dataset = dataset;
		this.width = width;
		this.height = height;
	}

	@Override
	public String source() {
		return header.datasets.size() == 1 ? file.toString() : file + " (SpectrumData" + dataset.index() + ")";
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public EnergyAxis energyAxis() {
		return dataset.axis();
	}

	@Override
	public SpectrumKind kind() {
		return SpectrumKind.EDS;
	}

	@Override
	public Calibration calibration() {
		return header.calibration;
	}

	/** The stage tilt of {@code TRTSEMStageData}; empty where the microscope did not pass it on. */
	@Override
	public OptionalDouble tiltDeg() {
		return header.stageTiltDeg;
	}

	/** Format version of the file's header, 1 or 2. */
	public int fileVersion() {
		return header.fileVersion;
	}

	/** The sum spectrum that Bruker's software stored in the header (counts per channel), a copy. */
	public long[] headerSumSpectrum() {
		return dataset.sumSpectrum().clone();
	}

	/** The images by their description (e.g. "HAADF", "BF"); planes that are all zero (unused detectors) are left out. */
	@Override
	public Map<String, SurveyImage> images() {
		Map<String, SurveyImage> out = new LinkedHashMap<>();
		for (BcfHeader.Plane p : header.planes) {
			float[] pixels = p.pixels(file);
			boolean any = false;
			for (float v : pixels)
				if (v != 0) {
					any = true;
					break;
				}
			if (!any)
				continue;
			String name = p.name();
			for (int k = 2; out.containsKey(name); k++)
				name = p.name() + " " + k;
			out.put(name, new SurveyImage(name, p.width(), p.height(), pixels, header.calibration));
		}
		return Collections.unmodifiableMap(out);
	}

	/**
	 * {@inheritDoc} Cancel by interrupting the scanning thread: the interrupt flag is checked between
	 * rows and the scan ends in an {@link InterruptedIOException}.
	 */
	@Override
	public void scan(PixelVisitor visitor) throws IOException {
		if (Thread.currentThread().isInterrupted())
			throw new InterruptedIOException(file + ": reading cancelled");
		try (SfsContainer sfs = SfsContainer.open(file)) {
			SfsContainer.Entry entry = sfs.file(BcfFiles.SPECTRUM_DATA + dataset.index());
			if (entry == null)
				throw sfs.corrupt("it has no " + BcfFiles.SPECTRUM_DATA + dataset.index());
			PackedPixels pixels = new PackedPixels(sfs, entry);
			try {
				pixels.heightWidth();
				pixels.scan(width, height, dataset.axis().channels(), visitor);
			}
			finally {
				pixels.close();
			}
		}
		catch (ClosedByInterruptException e) {
			// NB: an interrupt during a read closes the channel; report it as the cancel it is.
			throw new InterruptedIOException(file + ": reading cancelled");
		}
	}

	@Override
	public String toString() {
		return "Bruker EDS " + width + "x" + height + "x" + dataset.axis().channels() + " " + source();
	}
}
