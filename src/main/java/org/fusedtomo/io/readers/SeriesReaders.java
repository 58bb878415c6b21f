package org.fusedtomo.io.readers;

import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.fusedtomo.data.Volume;
import org.fusedtomo.io.dm.DmFiles;
import org.fusedtomo.io.hdf5.Hdf5Files;
import org.fusedtomo.io.hdf5.Hdf5Recipe;
import org.fusedtomo.io.mrc.MrcFiles;
import org.fusedtomo.io.npy.NpyArray;
import org.fusedtomo.io.npy.NpyFiles;
import org.fusedtomo.data.Calibration;

/**
 * The one entry point that reads any supported tilt-series file; the reader is chosen by the file's
 * magic bytes, else by its extension:
 * <ul>
 * <li>TIFF ({@code .tif}, {@code .tiff}) with a {@code .rawtlt}/{@code .tlt} sidecar;</li>
 * <li>MRC ({@code .mrc}, {@code .st}, {@code .ali}, {@code .rec}, {@code .mrcs}, {@code .preali}), see {@link MrcFiles};</li>
 * <li>Gatan DM3/DM4 ({@code .dm3}, {@code .dm4}), see {@link DmFiles};</li>
 * <li>HDF5 ({@code .h5}, {@code .hdf5}, {@code .hdf}, {@code .emd}): tomo_TV, Berkeley EMD and Velox EMD layouts,
 * see {@link Hdf5Files};</li>
 * <li>a JSON {@link Hdf5Recipe} ({@code .json}) that says which datasets of any HDF5 file to use.</li>
 * </ul>
 * Every reader refuses bad input with an {@link InvalidInputException} that names the file and the
 * problem, never modifies the file, and sorts projections stably by angle, keeping repeated tilts in
 * their order of acquisition ({@link DecodedStack}). Cost: the file is read once; pixels are held once as floats.
 */
public final class SeriesReaders {

	/** The supported formats and their extensions (lower case, with the dot). */
	public enum Format {
		TIFF(".tif", ".tiff"), MRC(".mrc", ".st", ".ali", ".rec", ".mrcs", ".preali", ".map"), DM(".dm3", ".dm4"), HDF5(".h5", ".hdf5", ".hdf", ".emd", ".he5"),
		RECIPE(".json"), NPY(".npy");

		private final String[] extensions;

		Format(String... extensions) {
			this.extensions = extensions;
		}

		boolean matches(String name) {
			return Arrays.stream(extensions).anyMatch(name::endsWith);
		}
	}

	/**
	 * The names of the files in {@code dir} whose extension is a tilt-series format's ({@link Format}; .json
	 * recipes left out), sorted, hidden files left out; for a message that a folder was given where a file belongs.
	 * Cost: one listing of the folder; no file is opened.
	 */
	public static List<String> seriesFileNames(Path dir) {
		List<String> names = new ArrayList<>();
		try (java.nio.file.DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
			for (Path p : list) {
				String name = p.getFileName().toString();
				String lower = name.toLowerCase(Locale.ROOT);
				if (!name.startsWith(".") && Files.isRegularFile(p) && Arrays.stream(Format.values()).anyMatch(f -> f != Format.RECIPE && f.matches(lower)))
					names.add(name);
			}
		}
		catch (IOException e) {
			return List.of();
		}
		names.sort(null);
		return names;
	}

	private static final byte[] HDF5_MAGIC = { (byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

	private SeriesReaders() {}

	/**
	 * The tilt series in {@code file}, with angles from the file itself or its sidecar.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static TiltSeriesFile read(Path file) {
		return read(file, null);
	}

	/**
	 * The tilt series in {@code file}; {@code angleFile}, when not null, gives the HAADF (primary)
	 * angles instead of the file's own (one angle in degrees per line).
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static TiltSeriesFile read(Path file, Path angleFile) {
		return switch (detect(file)) {
			case TIFF -> TiffSeries.readFile(file, angleFile);
			case MRC -> MrcFiles.read(file, angleFile);
			case DM -> DmFiles.read(file, angleFile);
			case HDF5 -> Hdf5Files.read(file, angleFile);
			case RECIPE -> Hdf5Recipe.read(file).load(file, angleFile);
			case NPY -> readNpy(file, angleFile);
		};
	}

	/**
	 * A 3D array saved by {@code numpy.save}, (tilts, y, x) as tifffile writes a stack, with its angles from
	 * {@code angleFile} or the {@code .rawtlt}/{@code .tlt} sidecar; no pixel size. A 2D array is one image (fused2d).
	 */
	private static TiltSeriesFile readNpy(Path file, Path angleFile) {
		NpyArray a = NpyFiles.read(file);
		int[] shape = a.shape();
		String array = a.describe().substring(a.name().length()).strip(); // e.g. "(47, 24, 24) float64"
		if (shape.length == 2)
			throw new InvalidInputException(file, "holds one 2D image " + array
				+ ", not a tilt series (a 3D array: tilts, y, x); to fuse one image with its maps use 'fusedtomo fused2d --input " + file + "'");
		if (shape.length != 3)
			throw new InvalidInputException(file, "holds a " + shape.length + "D array " + array + "; a tilt series is a 3D array (tilts, y, x)");
		Path anglePath = angleFile != null ? angleFile
			: TiltAngles.findSidecar(file).orElseThrow(() -> new InvalidInputException(file, "has no tilt angles: put " + TiltAngles.sidecarFor(file).getFileName()
				+ " (one angle in degrees per line) next to it" + TiltAngles.ANGLE_FILE_HINT));
		double[] angles = TiltAngles.read(anglePath);
		String from = anglePath.getFileName().toString();
		if (angles.length != shape[0])
			throw new InvalidInputException(file, "has " + shape[0] + " projections (the first axis of its array " + array + ") but " + from
				+ " lists " + angles.length + " tilt angles; the tilts must be the first axis (numpy: numpy.moveaxis(a, -1, 0) when they are the last)");
		DecodedStack stack = new DecodedStack(file, "", a.data(), shape[2], shape[1], shape[0], Calibration.PIXEL, a.type());
		return TiltSeriesFile.single(file, "NumPy .npy", a.type(), from, stack.toSorted(angles, from));
	}

	/**
	 * {@code file} and every file a reader may take with it, existing or not: the angle sidecars
	 * ({@code .rawtlt}, {@code .tlt}), the {@code .mdoc} files and, for a recipe, the HDF5 file it names.
	 * Outputs must replace none of them: a sidecar written beside an input would change the input's angles.
	 */
	public static List<Path> withCompanions(Path file) {
		List<Path> all = new ArrayList<>();
		all.add(file);
		all.add(TiltAngles.withExtension(file, ".rawtlt"));
		all.add(TiltAngles.withExtension(file, ".tlt"));
		all.add(file.resolveSibling(file.getFileName() + ".mdoc"));
		all.add(TiltAngles.withExtension(file, ".mdoc"));
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") && Files.isRegularFile(file)) {
			try {
				all.add(file.toAbsolutePath().getParent().resolve(Hdf5Recipe.read(file).file()).normalize());
			}
			catch (RuntimeException e) {
				// NB: not a readable recipe; reading it says why.
			}
		}
		return all;
	}

	/**
	 * A volume (x, y, z) from a TIFF stack or an MRC file.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static Volume readVolume(Path file) {
		return switch (detect(file)) {
			case TIFF -> TiffSeries.readVolume(file);
			case MRC -> MrcFiles.readVolume(file);
			default -> throw new InvalidInputException(file, "volumes are read from TIFF or MRC files only");
		};
	}

	/**
	 * The format of {@code file}: by magic bytes (TIFF, HDF5, DM, MRC's "MAP " at byte 208), else by
	 * extension, where the format's reader then says what is wrong with the file.
	 *
	 * @throws InvalidInputException when the file is missing, empty, a directory or of no supported format
	 */
	public static Format detect(Path file) {
		if (Files.isDirectory(file))
			throw new InvalidInputException(file, "is a directory, expected a tilt-series file");
		if (!Files.isRegularFile(file))
			throw new InvalidInputException(file, "file not found");
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(212);
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the file: " + e.getMessage(), e);
		}
		if (head.length == 0)
			throw new InvalidInputException(file, "is empty (0 bytes)");
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (head.length >= 8 && Arrays.equals(Arrays.copyOf(head, 8), HDF5_MAGIC))
			return name.endsWith(".json") ? Format.RECIPE : Format.HDF5;
		if (head.length >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 || head[0] == 'M' && head[1] == 'M' && head[3] == 42))
			return Format.TIFF;
		if (head.length >= 212 && head[208] == 'M' && head[209] == 'A' && head[210] == 'P' && head[211] == ' ')
			return Format.MRC;
		if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && (head[3] == 3 || head[3] == 4) && Format.DM.matches(name))
			return Format.DM;
		for (Format f : Format.values())
			if (f.matches(name))
				return f;
		if (name.endsWith(".npz"))
			throw new InvalidInputException(file, "is a NumPy file, not a supported tilt-series file (TIFF, MRC, DM3/DM4, HDF5/EMD, .npy or a .json HDF5 recipe); "
				+ "to fuse 2D maps use 'fusedtomo fused2d --input " + file + "'");
		throw new InvalidInputException(file, "is not a supported tilt-series file (TIFF, MRC, DM3/DM4, HDF5/EMD or a .json HDF5 recipe)");
	}
}
