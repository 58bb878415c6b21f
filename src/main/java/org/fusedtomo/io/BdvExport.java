package org.fusedtomo.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

import org.fusedtomo.data.Volume;

/**
 * Writes element volumes in the BigDataViewer XML/HDF5 format, which BigDataViewer, BigStitcher, MoBIE
 * and Fiji open: one view setup per element (its channel attribute and name are the element), one time
 * point, and a multi-resolution pyramid of 2×2×2 block means per setup.
 * <p>
 * HDF5 layout, per setup {@code ss} (two digits) and level {@code l}: {@code sss/resolutions} (double,
 * levels × 3, x y z down-sampling factors), {@code sss/subdivisions} (int, levels × 3, x y z block
 * size) and {@code t00000/sss/l/cells} (z, y, x), chunked by the block size and deflated. The setup
 * group's attribute {@code dataType} names the voxel type, as recent BigDataViewer versions read it:
 * {@link BdvDataType#FLOAT32} stores the values as they are; {@link BdvDataType#UINT16}, for older
 * viewers, stores {@code round((v - offset) / scale)} in unsigned 16-bit cells (HDF5 type U16, as
 * BigDataViewer's own writer stores them), with {@code offset} and {@code scale} kept as attributes and in
 * an XML comment.
 * <p>
 * The XML (SpimData 0.2) names the HDF5 file relative to itself, gives each setup its size and voxel
 * size, and registers each view with the calibration affine {@code diag(s, s, s)}. Both files are written
 * through {@link AtomicFiles}: temporary files renamed into place only when both are complete. Cost:
 * memory of about 1.15 copies of the volumes (the pyramid), one pass to write.
 */
public final class BdvExport {

	/** Voxel type of the exported cells. */
	public enum BdvDataType {
		/** 32-bit floats, exact; needs BigDataViewer 10.4 or later. */
		FLOAT32("float32"),
		/** Unsigned 16-bit, each setup scaled from its minimum to its maximum; any BigDataViewer. */
		UINT16("uint16");

		private final String key;

		BdvDataType(String key) {
			this.key = key;
		}

		/** The value of the {@code dataType} attribute. */
		public String key() {
			return key;
		}
	}

	/**
	 * @param dataType voxel type of the cells
	 * @param levels pyramid levels, ≥ 1; {@link #AUTO_LEVELS} halves until a side would drop below 8 voxels
	 * @param blockSize edge of the cubic HDF5 chunks (subdivisions), voxels, ≥ 4; clipped to each level's size
	 */
	public record Options(BdvDataType dataType, int levels, int blockSize) {

		public static final int AUTO_LEVELS = 0;

		/** Float32, automatic levels, 32-voxel blocks. */
		public static final Options DEFAULT = new Options(BdvDataType.FLOAT32, AUTO_LEVELS, 32);

		public Options {
			if (dataType == null)
				throw new IllegalArgumentException("BigDataViewer export needs a data type: float32 or uint16");
			if (levels < 0)
				throw new IllegalArgumentException("Pyramid levels must be at least 1 (or 0 for automatic), got " + levels);
			if (blockSize < 4)
				throw new IllegalArgumentException("BigDataViewer block size must be at least 4 voxels, got " + blockSize);
		}
	}

	private BdvExport() {}

	/**
	 * Writes {@code xml} and the HDF5 file beside it (same name, {@code .h5}).
	 *
	 * @param volumes element symbol to volume, in setup order; all of one size
	 * @param voxelSize edge of a voxel in {@code unit}, > 0
	 * @return the HDF5 file written
	 * @throws IllegalArgumentException when there is no volume, sizes differ, or the XML name does not end in .xml
	 */
	public static Path write(Map<String, Volume> volumes, double voxelSize, String unit, Path xml, Options options, AtomicFiles files) {
		if (volumes.isEmpty())
			throw new IllegalArgumentException("BigDataViewer export needs at least one volume");
		if (!(voxelSize > 0) || !Double.isFinite(voxelSize))
			throw new IllegalArgumentException("Voxel size must be a positive number, got " + voxelSize);
		String name = xml.getFileName().toString();
		if (!name.toLowerCase(Locale.ROOT).endsWith(".xml"))
			throw new IllegalArgumentException(xml + ": a BigDataViewer dataset needs a file name ending in .xml");
		Volume first = volumes.values().iterator().next();
		for (Map.Entry<String, Volume> e : volumes.entrySet())
			if (!e.getValue().geometry().equals(first.geometry()))
				throw new IllegalArgumentException("Volume " + e.getKey() + " is " + e.getValue().geometry() + " but the first is " + first.geometry() + "; export volumes of one size");
		int levels = options.levels() == Options.AUTO_LEVELS ? autoLevels(first) : options.levels();
		Path h5 = xml.resolveSibling(name.substring(0, name.length() - 4) + ".h5");
		List<Setup> setups = new ArrayList<>();
		int id = 0;
		for (Map.Entry<String, Volume> e : volumes.entrySet())
			setups.add(new Setup(id++, e.getKey(), pyramid(e.getValue(), levels), options));
		Map<Path, AtomicFiles.Content> out = new LinkedHashMap<>();
		out.put(h5, stream -> writeHdf5(setups, options, stream));
		out.put(xml, stream -> stream.write(BdvXml.document(setups, first, voxelSize, unit, h5.getFileName().toString(), options.dataType()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		files.writeAll(out);
		return h5;
	}

	/** Levels for {@code v}: halve while every side of the next level stays ≥ 8 voxels. */
	static int autoLevels(Volume v) {
		int levels = 1, min = Math.min(v.width(), Math.min(v.height(), v.depth()));
		while ((min + 1) / 2 >= 8) {
			min = (min + 1) / 2;
			levels++;
		}
		return levels;
	}

	/** {@code levels} volumes: {@code v} and its successive 2×2×2 block means. */
	public static List<Volume> pyramid(Volume v, int levels) {
		List<Volume> out = new ArrayList<>();
		out.add(v);
		for (int l = 1; l < levels; l++)
			out.add(downsample(out.get(l - 1)));
		return out;
	}

	/**
	 * The 2×2×2 block means of {@code v}: voxel (x, y, z) is the mean of the voxels (2x..2x+1, 2y..2y+1,
	 * 2z..2z+1) that exist, so an odd side ends in a mean over fewer voxels. Sides become ⌈n/2⌉.
	 */
	public static Volume downsample(Volume v) {
		int w = (v.width() + 1) / 2, h = (v.height() + 1) / 2, d = (v.depth() + 1) / 2;
		Volume out = new Volume(new org.fusedtomo.geometry.VolumeGeometry(w, h, d), v.calibration());
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double sum = 0;
					int count = 0;
					for (int zz = 2 * z; zz < Math.min(2 * z + 2, v.depth()); zz++)
						for (int yy = 2 * y; yy < Math.min(2 * y + 2, v.height()); yy++)
							for (int xx = 2 * x; xx < Math.min(2 * x + 2, v.width()); xx++) {
								sum += v.get(xx, yy, zz);
								count++;
							}
					out.set(x, y, z, (float) (sum / count));
				}
		return out;
	}

	/** One view setup: its element and pyramid, and the uint16 mapping of its values. */
	record Setup(int id, String name, List<Volume> levels, double offset, double scale) {

		Setup(int id, String name, List<Volume> levels, Options options) {
			this(id, name, levels, minimum(levels.get(0)), uint16Scale(levels.get(0), options));
		}

		String group() {
			return String.format(Locale.ROOT, "s%02d", id);
		}

		private static double minimum(Volume v) {
			double min = Double.POSITIVE_INFINITY;
			for (float f : v.data())
				min = Math.min(min, f);
			return min;
		}

		private static double uint16Scale(Volume v, Options options) {
			if (options.dataType() == BdvDataType.FLOAT32)
				return 1;
			double min = minimum(v), max = Double.NEGATIVE_INFINITY;
			for (float f : v.data())
				max = Math.max(max, f);
			return max > min ? (max - min) / 65535 : 1;
		}
	}

	private static void writeHdf5(List<Setup> setups, Options options, OutputStream stream) throws IOException {
		// NB: jhdf writes to a path, so the file is built in a private temporary file and streamed into the atomic target.
		Path tmp = Files.createTempFile("fusedtomo-bdv", ".h5");
		try {
			try (WritableHdfFile file = HdfFile.write(tmp)) {
				WritableGroup timepoint = file.putGroup("t00000");
				for (Setup s : setups) {
					int n = s.levels().size();
					double[][] resolutions = new double[n][];
					int[][] subdivisions = new int[n][];
					WritableGroup setupGroup = file.putGroup(s.group());
					WritableGroup views = timepoint.putGroup(s.group());
					for (int l = 0; l < n; l++) {
						Volume v = s.levels().get(l);
						double f = Math.pow(2, l);
						resolutions[l] = new double[] { f, f, f };
						subdivisions[l] = new int[] { Math.min(options.blockSize(), v.width()), Math.min(options.blockSize(), v.height()),
							Math.min(options.blockSize(), v.depth()) };
						DatasetCreationOptions.Builder chunks = DatasetCreationOptions.builder()
							.chunkDimensions(subdivisions[l][2], subdivisions[l][1], subdivisions[l][0]).deflate(4);
						// NB: BigDataViewer reads dataType uint16 as unsigned cells with overflow checking: signed cells fail there above 32767.
						if (options.dataType() == BdvDataType.UINT16)
							chunks.unsigned();
						WritableGroup level = views.putGroup(Integer.toString(l));
						level.putDataset("cells", cells(v, s, options.dataType()), chunks.build());
					}
					setupGroup.putDataset("resolutions", resolutions);
					setupGroup.putDataset("subdivisions", subdivisions);
					setupGroup.putAttribute("dataType", options.dataType().key());
					if (options.dataType() == BdvDataType.UINT16) {
						setupGroup.putAttribute("valueOffset", s.offset());
						setupGroup.putAttribute("valueScale", s.scale());
					}
				}
			}
			Files.copy(tmp, stream);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** The cells of one level as (z, y, x): floats, or the uint16 bits in shorts, written with an unsigned HDF5 type. */
	private static Object cells(Volume v, Setup s, BdvDataType type) {
		int w = v.width(), h = v.height(), d = v.depth();
		if (type == BdvDataType.FLOAT32) {
			float[][][] c = new float[d][h][w];
			for (int z = 0; z < d; z++)
				for (int y = 0; y < h; y++)
					System.arraycopy(v.data(), v.index(0, y, z), c[z][y], 0, w);
			return c;
		}
		short[][][] c = new short[d][h][w];
		for (int z = 0; z < d; z++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					c[z][y][x] = (short) uint16(v.get(x, y, z), s.offset(), s.scale());
		return c;
	}

	/** The uint16 code of value {@code v}: {@code round((v - offset) / scale)} clamped to [0, 65535]. */
	public static int uint16(double v, double offset, double scale) {
		return (int) Math.max(0, Math.min(65535, Math.round((v - offset) / scale)));
	}
}
