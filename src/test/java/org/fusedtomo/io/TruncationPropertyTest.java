package org.fusedtomo.io;

import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.bruker.BcfSamples;
import org.fusedtomo.io.dm.DmSamples;
import org.fusedtomo.io.hdf5.EmdFiles;
import org.fusedtomo.io.mrc.MrcFiles;
import org.fusedtomo.io.npy.NpyFiles;
import org.fusedtomo.spectra.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property (issue 19): a file of any supported format cut at any length either reads exactly as the
 * whole file did (pixels, angles and calibration; possible only when the cut removes bytes no reader needs) or is refused with an
 * {@link InvalidInputException} (for a spectrum image's scan, an {@link IOException}) whose one line names the file;
 * never another exception, never a hang.
 * Each format is cut at {@value #CUTS} lengths drawn from a seeded generator.
 */
class TruncationPropertyTest {

	static final int CUTS = 50;

	@TempDir
	Path dir;

	/** What a read returned, compared exactly between the whole and the cut file. */
	record Snapshot(float[] pixels, double[] angles, String calibration) {

		static Snapshot of(TiltSeries s) {
			return new Snapshot(s.data(), s.anglesDeg(), s.calibration().toString());
		}

		static Snapshot of(Volume v) {
			return new Snapshot(v.data(), new double[0], v.calibration().toString());
		}
	}

	/** A format under test: the whole file, the sidecar files a cut copy needs beside it, and its reader. */
	record Case(String format, Path whole, List<String> sidecarSuffixes, Function<Path, Snapshot> reader) {}

	static final double[] ANGLES = { -40, -10, 20, 50 };

	List<Case> cases() throws IOException {
		TiltSeries s = TestSeries.random(12, 10, ANGLES, new Calibration(0.5, "nm"), 19);
		AtomicFiles files = AtomicFiles.protecting();
		List<Case> out = new ArrayList<>();
		Path tif = dir.resolve("series.tif");
		TiffSeries.writeTiltSeries(s, tif, files);
		out.add(new Case("TIFF + .rawtlt", tif, List.of(".rawtlt"), p -> Snapshot.of(SeriesReaders.read(p).haadf())));
		Path vol = dir.resolve("volume.tif");
		TiffSeries.writeVolume(new Volume(net.imglib2.img.array.ArrayImgs.floats(s.data().clone(), 12, 10, 4), Calibration.PIXEL), vol, files);
		out.add(new Case("TIFF (volume)", vol, List.of(), p -> Snapshot.of(SeriesReaders.readVolume(p))));
		Path zip = dir.resolve("deflate.tif");
		TiffSeriesTest.writeMultiPage16(zip, 4, 20, 16, "Deflate");
		Files.writeString(TiltAngles.sidecarFor(zip), "-40\n-10\n20\n50\n");
		out.add(new Case("TIFF deflate pages + .rawtlt", zip, List.of(".rawtlt"), p -> Snapshot.of(SeriesReaders.read(p).haadf())));
		Path lzw = dir.resolve("lzw.tif");
		TiffSeriesTest.writeMultiPage16(lzw, 4, 20, 16, "LZW");
		Files.writeString(TiltAngles.sidecarFor(lzw), "-40\n-10\n20\n50\n");
		out.add(new Case("TIFF LZW pages + .rawtlt", lzw, List.of(".rawtlt"), p -> Snapshot.of(SeriesReaders.read(p).haadf())));
		Path mrc = dir.resolve("fei.mrc");
		MrcFiles.writeTiltSeries(s, mrc, true, files);
		Files.delete(TiltAngles.sidecarFor(mrc)); // NB: angles from the FEI1 extended header, which the cut may damage
		out.add(new Case("MRC (FEI1 angles)", mrc, List.of(), p -> Snapshot.of(SeriesReaders.read(p).haadf())));
		for (int version : new int[] { 3, 4 }) {
			Path dm = Files.write(dir.resolve("tags.dm" + version), DmSamples.tiltStack(version));
			out.add(new Case("DM" + version, dm, List.of(), p -> Snapshot.of(SeriesReaders.read(p).haadf())));
		}
		Path emd = dir.resolve("berkeley.emd");
		EmdFiles.write(s, Map.of("Fe", s.copy()), emd, files);
		out.add(new Case("HDF5 (Berkeley EMD)", emd, List.of(), p -> {
			TiltSeriesFile f = SeriesReaders.read(p);
			float[] both = Arrays.copyOf(f.haadf().data(), 2 * f.haadf().data().length);
			System.arraycopy(f.chemical().get("Fe").data(), 0, both, f.haadf().data().length, f.haadf().data().length);
			return new Snapshot(both, f.haadf().anglesDeg(), f.haadf().calibration().toString());
		}));
		Path npy = Files.write(dir.resolve("map.npy"), npy(s.data(), 40, 12));
		out.add(new Case("npy", npy, List.of(), p -> new Snapshot(NpyFiles.read(p).data(), new double[0], "")));
		for (boolean compress : new boolean[] { false, true })
			out.add(new Case("Bruker .bcf" + (compress ? " (zlib)" : ""), BcfSamples.write(dir.resolve(compress ? "zlib.bcf" : "packed.bcf"), 8, 6, 64, compress, 19), List.of(),
				TruncationPropertyTest::spectrumImage));
		return out;
	}

	/**
	 * The one spectrum image of {@code p} as {@link SpectrumImageReaders#open} and a full {@link SpectrumImage#scan}
	 * see it: its images' pixels, then every pixel's spectrum; the tilt; the calibration and energy axis.
	 */
	static Snapshot spectrumImage(Path p) {
		try {
			List<SpectrumImage> all = SpectrumImageReaders.open(p);
			assertEquals(1, all.size(), p + " holds one spectrum image");
			SpectrumImage si = all.get(0);
			int channels = si.energyAxis().channels();
			List<float[]> parts = new ArrayList<>();
			for (SpectrumImage.SurveyImage im : si.images().values())
				parts.add(im.pixels());
			float[] spectra = new float[si.width() * si.height() * channels];
			si.scan((x, y, spectrum) -> System.arraycopy(spectrum, 0, spectra, (y * si.width() + x) * channels, channels));
			parts.add(spectra);
			float[] pixels = new float[parts.stream().mapToInt(a -> a.length).sum()];
			int at = 0;
			for (float[] a : parts) {
				System.arraycopy(a, 0, pixels, at, a.length);
				at += a.length;
			}
			return new Snapshot(pixels, si.tiltDeg().stream().toArray(), si.calibration() + " " + si.energyAxis() + " " + si.images().keySet());
		}
		catch (IOException e) {
			// NB: kept apart from InvalidInputException so that the test checks the reader's own message names the file.
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** A version-1 little-endian float32 .npy of shape (rows, cols). */
	static byte[] npy(float[] values, int rows, int cols) {
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
		String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
		ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length());
		b.put(header.getBytes(StandardCharsets.ISO_8859_1));
		for (int i = 0; i < rows * cols; i++)
			b.putFloat(values[i]);
		return b.array();
	}

	@Test
	void read_everyFormatCutAtFiftyLengthsReadsExactlyOrIsRefusedNamingTheFile() throws IOException {
		List<String> failures = new ArrayList<>();
		StringBuilder table = new StringBuilder();
		for (Case c : cases()) {
			Snapshot whole = c.reader.apply(c.whole);
			byte[] bytes = Files.readAllBytes(c.whole);
			Random random = new Random(19 + c.format.hashCode());
			int refused = 0, exact = 0;
			String name = c.whole.getFileName().toString();
			String ext = name.substring(name.lastIndexOf('.'));
			// NB: one folder per format, so no cut file finds another format's sidecar.
			Path cuts = Files.createDirectory(dir.resolve("cuts-" + name));
			for (int k = 0; k < CUTS; k++) {
				int length = random.nextInt(bytes.length);
				Path cut = cuts.resolve("cut" + length + "-" + k + ext);
				Files.write(cut, Arrays.copyOf(bytes, length));
				for (String suffix : c.sidecarSuffixes)
					Files.copy(c.whole.resolveSibling(name.substring(0, name.lastIndexOf('.')) + suffix), cuts.resolve("cut" + length + "-" + k + suffix));
				try {
					Snapshot s = c.reader.apply(cut);
					assertArrayEquals(whole.pixels, s.pixels, c.format + " cut at " + length + " read different pixels");
					assertArrayEquals(whole.angles, s.angles, c.format + " cut at " + length + " read different angles");
					assertEquals(whole.calibration, s.calibration, c.format + " cut at " + length + " read a different calibration");
					exact++;
				}
				catch (InvalidInputException | java.io.UncheckedIOException e) {
					String m = e instanceof java.io.UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
					if (!m.contains(cut.getFileName().toString()) || m.lines().count() != 1)
						failures.add(c.format + " cut at " + length + " of " + bytes.length + ": message does not name the file on one line: " + m);
					refused++;
				}
				catch (Throwable t) {
					failures.add(c.format + " cut at " + length + " of " + bytes.length + ": " + t);
				}
			}
			table.append(String.format("| %s | %d | %d | %d |%n", c.format, bytes.length, refused, exact));
		}
		System.out.print(table);
		assertTrue(failures.isEmpty(), String.join("\n", failures));
	}
}
