package org.fusedtomo.io.hdf5;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.FixedPoint;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * The spectrum images of a Thermo Fisher Velox EMD file (issue 18), learnt from the files Velox writes
 * and HyperSpy's description of them:
 * <ul>
 * <li><b>EDS</b>: {@code Data/SpectrumStream/<id>/Data}, one stream per detector, a column of uint16
 * values in acquisition order: each value below 65535 is one X-ray count in that channel of the current
 * pixel, 65535 ends the pixel (the last pixel of the stream has no end mark). Pixels follow in row order
 * (x fastest); a frame is {@code width·height} pixels and frames follow one another. The detectors of one
 * acquisition (streams of the same scan area and energy axis) and their frames are summed into one
 * spectrum image; streams of other acquisitions are other spectrum images. Channels: {@code AcquisitionSettings} "bincount"; energy
 * axis: the {@code Dispersion} and {@code OffsetEnergy} (eV) of the stream's detector in {@code
 * Detectors}; scan size: {@code Scan.ScanSize} times the fraction {@code Scan.ScanArea} the spectrum
 * image covers (else {@code AcquisitionSettings.RasterScanDefinition}).</li>
 * <li><b>EELS</b>: {@code Data/EelsSpectrumImage/<id>/Data}, one per energy range, of shape (x, energy,
 * y) ({@code Info} holds width and height); the energy axis is {@code AcquisitionMetadata}'s {@code
 * Data.offset} and {@code Data.dispersion} (eV). Values are the camera's, converted to intensity with
 * {@code intensityScale} and {@code intensityOffset} of each row's acquisition metadata where present.</li>
 * </ul>
 * Stage tilt: {@code Stage.AlphaTilt} (radians, returned in degrees); pixel size: {@code
 * BinaryResult.PixelSize.width} of the dataset, else of another dataset of the same scan area. Images:
 * those of {@code Data/Image} from scanning detectors (HAADF, DF-S, BF-S, ...), first frame, named after
 * the detector; an image of another scan area (the survey) gets " survey" added to its name.
 * <p>
 * Stream: {@link SpectrumImage#scan} holds one row of spectra; the EDS stream is read in slices (never
 * as a whole), with one read position per detector and frame, found by a first counting pass.
 */
public final class VeloxSpectra {

	/** The value that ends a pixel's list of counts in a Velox spectrum stream. */
	static final int END_OF_PIXEL = 65535;

	private VeloxSpectra() {}

	/** Whether {@code f} is a Velox file holding a spectrum image (an EDS stream or an EELS spectrum image). */
	static boolean hasSpectra(HdfFile f) {
		return f.getChildren().get("Data") instanceof Group d && (d.getChildren().get("SpectrumStream") instanceof Group s && s.getChildren().size() > 0
			|| d.getChildren().get("EelsSpectrumImage") instanceof Group e && e.getChildren().size() > 0);
	}

	/**
	 * The spectrum images in {@code emd}: the EDS ones (one per acquisition, detectors summed) first,
	 * then one per EELS dataset. Reads metadata only.
	 *
	 * @throws InvalidInputException naming the file when it is not a Velox file with spectra, or is truncated or corrupt
	 */
	public static List<SpectrumImage> read(Path emd) {
		return Hdf5Files.withFile(emd, f -> {
			if (!hasSpectra(f))
				throw new InvalidInputException(emd, "is not a Velox spectrum image: it has no Data/SpectrumStream or Data/EelsSpectrumImage"
					+ (f.getChildren().get("Data") instanceof Group d && d.getChildren().get("SpectrumImage") instanceof Group
						? " (the EDS stream was pruned when the file was saved; export the spectrum image from Velox unpruned)" : ""));
			Group data = (Group) f.getChildren().get("Data");
			List<SpectrumImage> out = new ArrayList<>();
			if (data.getChildren().get("SpectrumStream") instanceof Group streams && streams.getChildren().size() > 0)
				out.addAll(eds(emd, f, streams));
			if (data.getChildren().get("EelsSpectrumImage") instanceof Group eels)
				for (Node n : eels)
					if (n instanceof Group g && g.getChildren().get("Data") instanceof Dataset)
						out.add(eels(emd, f, g));
			return out;
		});
	}

	// ---- EDS spectrum stream ----

	/** One acquisition's streams: the same scan area, size and energy axis; their detectors are summed. */
	private record Acquisition(String scanArea, int width, int height, EnergyAxis axis) {}

	/** The EDS spectrum images: one per acquisition (usually one), each the sum of its detectors' streams. */
	private static List<SpectrumImage> eds(Path emd, HdfFile f, Group streams) {
		Map<Acquisition, List<String>> paths = new LinkedHashMap<>();
		Map<Acquisition, JsonObject> metas = new LinkedHashMap<>();
		for (Node n : streams) {
			if (!(n instanceof Group g) || !(g.getChildren().get("Data") instanceof Dataset d))
				continue;
			JsonObject settings = json(emd, child(emd, g, "AcquisitionSettings"));
			JsonObject m = VeloxFiles.metadata(emd, child(emd, g, "Metadata")).get(0);
			int channels = (int) VeloxFiles.number(settings, "bincount");
			String detector = VeloxFiles.string(m, "", "BinaryResult", "Detector");
			JsonObject det = detector(m, detector);
			double dispersion = det == null ? Double.NaN : VeloxFiles.number(det, "Dispersion");
			double offset = det == null ? Double.NaN : VeloxFiles.number(det, "OffsetEnergy");
			if (!(channels > 0) || !(dispersion > 0) || Double.isNaN(offset))
				throw new InvalidInputException(emd, "Velox spectrum stream '" + g.getPath() + "' lacks its energy axis (bincount " + channels + ", detector '" + detector
					+ "' dispersion " + dispersion + " eV, offset " + offset + " eV)");
			int[] size = scanSize(m, settings);
			if (size == null)
				throw new InvalidInputException(emd, "Velox spectrum stream '" + g.getPath() + "' has no scan size (Scan.ScanSize or AcquisitionSettings.RasterScanDefinition)");
			if (d.getDimensions().length > 2 || d.getDimensions().length == 2 && d.getDimensions()[1] != 1)
				throw new InvalidInputException(emd, "Velox spectrum stream '" + d.getPath() + "' is not one column of values: dimensions " + java.util.Arrays.toString(d.getDimensions()));
			Acquisition a = new Acquisition(scanArea(m), size[0], size[1], new EnergyAxis(offset / 1000, dispersion / 1000, channels));
			paths.computeIfAbsent(a, k -> new ArrayList<>()).add(d.getPath());
			metas.putIfAbsent(a, m);
		}
		if (paths.isEmpty())
			throw new InvalidInputException(emd, "Velox group Data/SpectrumStream holds no stream (<id>/Data)");
		List<SpectrumImage> out = new ArrayList<>();
		for (Map.Entry<Acquisition, List<String>> e : paths.entrySet()) {
			Acquisition a = e.getKey();
			JsonObject meta = metas.get(a);
			out.add(new StreamImage(emd, e.getValue(), a.width, a.height, a.axis, calibration(f, meta), tilt(emd, meta), a.scanArea));
		}
		return out;
	}

	/** Width and height of the spectrum image: the scan size times the scan area's fraction of it, else the raster definition. */
	static int[] scanSize(JsonObject meta, JsonObject settings) {
		double sw = VeloxFiles.number(meta, "Scan", "ScanSize", "width"), sh = VeloxFiles.number(meta, "Scan", "ScanSize", "height");
		double l = VeloxFiles.number(meta, "Scan", "ScanArea", "left"), r = VeloxFiles.number(meta, "Scan", "ScanArea", "right");
		double t = VeloxFiles.number(meta, "Scan", "ScanArea", "top"), b = VeloxFiles.number(meta, "Scan", "ScanArea", "bottom");
		if (sw > 0 && sh > 0) {
			if (r > l && b > t)
				return new int[] { (int) Math.round((r - l) * sw), (int) Math.round((b - t) * sh) };
			return new int[] { (int) sw, (int) sh };
		}
		double rw = VeloxFiles.number(settings, "RasterScanDefinition", "Width"), rh = VeloxFiles.number(settings, "RasterScanDefinition", "Height");
		return rw > 0 && rh > 0 ? new int[] { (int) rw, (int) rh } : null;
	}

	/** The EDS spectrum image of one or more summed streams. */
	private record StreamImage(Path file, List<String> streams, int width, int height, EnergyAxis energyAxis, Calibration calibration, OptionalDouble tiltDeg,
		String scanArea) implements SpectrumImage {

		@Override
		public String source() {
			return file + " (Velox EDS spectrum stream" + (streams.size() > 1 ? "s of " + streams.size() + " detectors" : "") + ")";
		}

		@Override
		public SpectrumKind kind() {
			return SpectrumKind.EDS;
		}

		@Override
		public Map<String, SurveyImage> images() throws IOException {
			return surveyImages(file, scanArea);
		}

		@Override
		public void scan(PixelVisitor visitor) throws IOException {
			int channels = energyAxis.channels();
			float[] row = new float[width * channels];
			float[] spectrum = new float[channels];
			try (HdfFile f = new HdfFile(file)) {
				List<StreamCursor> cursors = new ArrayList<>();
				for (String p : streams) {
					Dataset d = f.getDatasetByPath(p);
					long[] starts = frameStarts(d, (long) width * height);
					for (long s : starts)
						cursors.add(new StreamCursor(d, s, bufferLength(d, streams.size() * starts.length)));
				}
				for (int y = 0; y < height; y++) {
					checkNotCancelled(this);
					java.util.Arrays.fill(row, 0);
					for (StreamCursor c : cursors)
						c.addRow(row, width, channels, file);
					for (int x = 0; x < width; x++) {
						System.arraycopy(row, x * channels, spectrum, 0, channels);
						visitor.pixel(x, y, spectrum);
					}
				}
			}
			catch (InvalidInputException e) {
				throw new IOException(e.getMessage(), e);
			}
			catch (RuntimeException e) {
				throw new IOException(file + ": cannot read the Velox spectrum stream (truncated or corrupt?): " + e.getMessage(), e);
			}
		}
	}

	/**
	 * Positions (value indices) where each frame of {@code framePixels} pixels starts in the stream:
	 * one counting pass over it in slices.
	 */
	static long[] frameStarts(Dataset d, long framePixels) {
		long n = d.getDimensions()[0];
		List<Long> starts = new ArrayList<>();
		starts.add(0L);
		long ends = 0;
		int block = 1 << 20;
		for (long at = 0; at < n; at += block) {
			int[] v = slice(d, at, (int) Math.min(block, n - at));
			for (int i = 0; i < v.length; i++)
				if (v[i] == END_OF_PIXEL && ++ends % framePixels == 0 && at + i + 1 < n)
					starts.add(at + i + 1);
		}
		return starts.stream().mapToLong(Long::longValue).toArray();
	}

	/** Values buffered per read position: the dataset's chunk, bounded so that all positions together stay near 64 MiB. */
	private static int bufferLength(Dataset d, int positions) {
		int chunk = 1 << 16;
		if (d instanceof ChunkedDataset c && c.getChunkDimensions().length > 0)
			chunk = c.getChunkDimensions()[0];
		return Math.max(4096, Math.min(chunk, (64 << 20) / 4 / Math.max(1, positions)));
	}

	/**
	 * {@code count} stream values from {@code start}, as unsigned 16-bit numbers. A contiguous (unchunked)
	 * 16-bit stream up to 2 GiB is read from its mapped bytes: jhdf's sliced read of an (n, 1) column reads
	 * each value on its own (about 3 µs a value, 6 s for 2 million), where the mapped bytes take a few ms.
	 */
	static int[] slice(Dataset d, long start, int count) {
		if (d instanceof ContiguousDataset c && d.getDataType() instanceof FixedPoint t && t.getSize() == 2 && d.getSizeInBytes() <= Integer.MAX_VALUE
			&& (d.getDimensions().length == 1 || d.getDimensions().length == 2 && d.getDimensions()[1] == 1)) {
			if (start < 0 || count < 0 || start + count > d.getDimensions()[0])
				throw new IllegalArgumentException("values " + start + " to " + (start + count) + " lie outside the stream's " + d.getDimensions()[0]);
			ByteBuffer b = c.getBuffer().order(t.getByteOrder());
			int[] out = new int[count];
			for (int i = 0; i < count; i++)
				out[i] = b.getShort((int) (2 * (start + i))) & 0xffff;
			return out;
		}
		boolean column = d.getDimensions().length == 2;
		Object o = column ? d.getData(new long[] { start, 0 }, new int[] { count, 1 }) : d.getData(new long[] { start }, new int[] { count });
		int[] out = new int[count];
		// NB: jhdf gives uint16 as int and int16 (as a synthetic writer may store the stream) as short; both mean 0..65535.
		if (o instanceof int[][] v)
			for (int i = 0; i < count; i++)
				out[i] = v[i][0] & 0xffff;
		else if (o instanceof short[][] v)
			for (int i = 0; i < count; i++)
				out[i] = v[i][0] & 0xffff;
		else if (o instanceof int[] v)
			for (int i = 0; i < count; i++)
				out[i] = v[i] & 0xffff;
		else if (o instanceof short[] v)
			for (int i = 0; i < count; i++)
				out[i] = v[i] & 0xffff;
		else
			for (int i = 0; i < count; i++)
				out[i] = ((Number) (column ? Array.get(Array.get(o, i), 0) : Array.get(o, i))).intValue() & 0xffff;
		return out;
	}

	/** A read position in one frame of one detector's stream, with its buffered slice. */
	private static final class StreamCursor {
		private final Dataset d;
		private final long length;
		private final int bufferLength;
		private long position;
		private int[] buffer = new int[0];
		private long bufferStart;

		StreamCursor(Dataset d, long start, int bufferLength) {
			this.d = d;
			this.length = d.getDimensions()[0];
			this.position = start;
			this.bufferLength = bufferLength;
		}

		/** Adds the next {@code width} pixels' counts to {@code row}; a stream that ends early adds nothing more. */
		void addRow(float[] row, int width, int channels, Path file) {
			for (int x = 0; x < width; x++) {
				while (position < length) {
					int v = next();
					if (v == END_OF_PIXEL)
						break;
					if (v >= channels)
						throw new InvalidInputException(file, "Velox spectrum stream '" + d.getPath() + "' has channel " + v + " at value " + (position - 1) + " but only " + channels
							+ " channels (corrupt stream)");
					row[x * channels + v]++;
				}
			}
		}

		private int next() {
			if (position >= bufferStart + buffer.length) {
				// NB: reads aligned to the buffer length, which is the HDF5 chunk's where it can be, decompress each chunk once.
				bufferStart = position - position % bufferLength;
				buffer = slice(d, bufferStart, (int) Math.min(bufferLength, length - bufferStart));
			}
			return buffer[(int) (position++ - bufferStart)];
		}
	}

	// ---- EELS spectrum images ----

	private static SpectrumImage eels(Path emd, HdfFile f, Group g) {
		Dataset d = (Dataset) g.getChild("Data");
		int[] dims = d.getDimensions();
		if (dims.length != 3 && dims.length != 2)
			throw new InvalidInputException(emd, "Velox EELS spectrum image '" + d.getPath() + "' is not (x, energy, y) nor (x, energy): dimensions " + java.util.Arrays.toString(dims));
		int width = dims[0], channels = dims[1], height = dims.length == 3 ? dims[2] : 1;
		List<JsonObject> acquisition = VeloxFiles.metadata(emd, child(emd, g, "AcquisitionMetadata"));
		JsonObject first = acquisition.get(0);
		double offset = VeloxFiles.number(first, "Data", "offset"), dispersion = VeloxFiles.number(first, "Data", "dispersion");
		if (!(dispersion > 0) || Double.isNaN(offset))
			throw new InvalidInputException(emd, "Velox EELS spectrum image '" + g.getPath() + "' lacks its energy axis (AcquisitionMetadata Data.offset " + offset + ", Data.dispersion "
				+ dispersion + " eV)");
		// NB: one acquisition-metadata column per row when Velox records them so; else the first applies to all rows.
		float[] gain = new float[height], bias = new float[height];
		for (int y = 0; y < height; y++) {
			JsonObject m = acquisition.size() == height ? acquisition.get(y) : first;
			double s = VeloxFiles.number(m, "Data", "intensityScale"), o = VeloxFiles.number(m, "Data", "intensityOffset");
			gain[y] = s > 0 ? (float) s : 1;
			bias[y] = s > 0 && Double.isFinite(o) ? (float) o : 0;
		}
		JsonObject meta = g.getChildren().get("Metadata") instanceof Dataset md ? VeloxFiles.metadata(emd, md).get(0) : new JsonObject();
		return new EelsImage(emd, d.getPath(), width, height, new EnergyAxis(offset / 1000, dispersion / 1000, channels), calibration(f, meta), tilt(emd, meta), scanArea(meta), gain,
			bias);
	}

	/** One EELS spectrum image, (x, energy, y) in the file, read one row (fixed y) at a time. */
	private record EelsImage(Path file, String dataset, int width, int height, EnergyAxis energyAxis, Calibration calibration, OptionalDouble tiltDeg, String scanArea,
		float[] gain, float[] bias) implements SpectrumImage {

		@Override
		public String source() {
			return file + " (Velox EELS spectrum image " + dataset + ")";
		}

		@Override
		public SpectrumKind kind() {
			return SpectrumKind.EELS;
		}

		@Override
		public Map<String, SurveyImage> images() throws IOException {
			return surveyImages(file, scanArea);
		}

		@Override
		public void scan(PixelVisitor visitor) throws IOException {
			int channels = energyAxis.channels();
			float[] spectrum = new float[channels];
			try (HdfFile f = new HdfFile(file)) {
				Dataset d = f.getDatasetByPath(dataset);
				boolean line = d.getDimensions().length == 2;
				for (int y = 0; y < height; y++) {
					checkNotCancelled(this);
					Object rowData = line ? d.getData() : d.getData(new long[] { 0, 0, y }, new int[] { width, channels, 1 });
					for (int x = 0; x < width; x++) {
						// NB: the camera's usual types without reflection; it is far slower on large cubes.
						if (rowData instanceof int[][][] v)
							for (int c = 0; c < channels; c++)
								spectrum[c] = v[x][c][0] * gain[y] + bias[y];
						else if (rowData instanceof float[][][] v)
							for (int c = 0; c < channels; c++)
								spectrum[c] = v[x][c][0] * gain[y] + bias[y];
						else {
							Object xs = Array.get(rowData, x);
							for (int c = 0; c < channels; c++)
								spectrum[c] = value(line ? xs : Array.get(xs, c), line ? c : 0) * gain[y] + bias[y];
						}
						visitor.pixel(x, y, spectrum);
					}
				}
			}
			catch (RuntimeException e) {
				throw new IOException(file + ": cannot read the Velox EELS spectrum image " + dataset + " (truncated or corrupt?): " + e.getMessage(), e);
			}
		}
	}

	/** Element {@code i} of a primitive array as a float; the common types without reflection. */
	private static float value(Object array, int i) {
		if (array instanceof int[] v)
			return v[i];
		if (array instanceof float[] v)
			return v[i];
		if (array instanceof short[] v)
			return v[i];
		if (array instanceof long[] v)
			return v[i];
		if (array instanceof double[] v)
			return (float) v[i];
		return ((Number) Array.get(array, i)).floatValue();
	}

	/** Stops a scan between rows when its thread was interrupted (a cancelled task). */
	static void checkNotCancelled(SpectrumImage s) throws java.io.InterruptedIOException {
		if (Thread.currentThread().isInterrupted())
			throw new java.io.InterruptedIOException(s.source() + ": reading cancelled");
	}

	// ---- shared metadata ----

	/** The images of scanning detectors, first frame, by detector name; see the class comment. */
	static Map<String, SpectrumImage.SurveyImage> surveyImages(Path emd, String scanArea) throws IOException {
		try {
			return Hdf5Files.withFile(emd, f -> {
				Map<String, SpectrumImage.SurveyImage> out = new LinkedHashMap<>();
				if (!(f.getChildren().get("Data") instanceof Group data) || !(data.getChildren().get("Image") instanceof Group images))
					return out;
				for (Node n : images) {
					if (!(n instanceof Group g) || !(g.getChildren().get("Data") instanceof Dataset d) || !(g.getChildren().get("Metadata") instanceof Dataset md))
						continue;
					JsonObject m = VeloxFiles.metadata(emd, md).get(0);
					String name = VeloxFiles.string(m, "", "BinaryResult", "Detector");
					JsonObject det = detector(m, name);
					int[] dims = d.getDimensions();
					if (det == null || !"ScanningDetector".equals(VeloxFiles.string(det, "", "DetectorType")) || dims.length != 3)
						continue;
					if (!scanArea(m).equals(scanArea))
						name += " survey";
					String unique = name;
					for (int k = 2; out.containsKey(unique); k++)
						unique = name + " " + k;
					int h = dims[0], w = dims[1], frames = dims[2];
					float[] all = Hdf5Arrays.floats(emd, d);
					float[] first = new float[w * h];
					for (int i = 0; i < first.length; i++)
						first[i] = all[i * frames];
					out.put(unique, new SpectrumImage.SurveyImage(unique, w, h, first, calibration(f, m)));
				}
				return out;
			});
		}
		catch (InvalidInputException e) {
			throw new IOException(e.getMessage(), e);
		}
	}

	/** The entry of {@code Detectors} whose DetectorName is {@code name}, or null. */
	private static JsonObject detector(JsonObject meta, String name) {
		if (!(meta.get("Detectors") instanceof JsonObject dets))
			return null;
		for (Map.Entry<String, JsonElement> e : dets.entrySet())
			if (e.getValue() instanceof JsonObject o && name.equals(VeloxFiles.string(o, null, "DetectorName")))
				return o;
		return null;
	}

	/** The scan area as text, to compare datasets of one acquisition. */
	private static String scanArea(JsonObject meta) {
		return Objects.toString(meta.get("Scan") instanceof JsonObject s ? s.get("ScanArea") : null) + Objects.toString(meta.get("Scan") instanceof JsonObject s ? s.get("ScanSize") : null);
	}

	private static OptionalDouble tilt(Path emd, JsonObject meta) {
		double rad = VeloxFiles.number(meta, "Stage", "AlphaTilt");
		// NB: refuses degrees under the radian label (issue 19).
		return Double.isFinite(rad) ? OptionalDouble.of(TiltAngles.radiansToDegrees(emd, "Velox metadata Stage.AlphaTilt", new double[] { rad })[0]) : OptionalDouble.empty();
	}

	/** The pixel size of {@code meta}, else of any dataset of the same scan area (EELS metadata has none of its own). */
	private static Calibration calibration(HdfFile f, JsonObject meta) {
		Calibration own = pixelSize(meta);
		if (own != Calibration.PIXEL || !(f.getChildren().get("Data") instanceof Group data))
			return own;
		String area = scanArea(meta);
		for (String kind : new String[] { "SpectrumImage", "SpectrumStream", "Image" })
			if (data.getChildren().get(kind) instanceof Group g)
				for (Node n : g)
					if (n instanceof Group sub && sub.getChildren().get("Metadata") instanceof Dataset md) {
						JsonObject m = VeloxFiles.metadata(f.getFileAsPath(), md).get(0);
						if (scanArea(m).equals(area) && pixelSize(m) != Calibration.PIXEL)
							return pixelSize(m);
					}
		return own;
	}

	private static Calibration pixelSize(JsonObject meta) {
		return LengthUnits.calibration(VeloxFiles.number(meta, "BinaryResult", "PixelSize", "width"), VeloxFiles.string(meta, "m", "BinaryResult", "PixelUnitX"));
	}

	private static Dataset child(Path emd, Group g, String name) {
		if (g.getChildren().get(name) instanceof Dataset d)
			return d;
		throw new InvalidInputException(emd, "Velox group '" + g.getPath() + "' has no dataset '" + name + "'");
	}

	/** A JSON object stored as a string dataset (or as Velox's column of bytes). */
	private static JsonObject json(Path emd, Dataset d) {
		Object o = d.getData();
		if (o instanceof String[] s && s.length > 0 || o instanceof String) {
			String text = o instanceof String[] s ? s[0] : (String) o;
			try {
				JsonElement e = JsonParser.parseString(text.replace("\0", ""));
				if (e.isJsonObject())
					return e.getAsJsonObject();
			}
			catch (JsonParseException e) {
				throw new InvalidInputException(emd, "Velox dataset '" + d.getPath() + "' is not valid JSON: " + e.getMessage(), e);
			}
			throw new InvalidInputException(emd, "Velox dataset '" + d.getPath() + "' is not a JSON object");
		}
		return VeloxFiles.metadata(emd, d).get(0);
	}
}
