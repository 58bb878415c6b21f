package org.fusedtomo.io.readers;

import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.hdf5.Hdf5Images;
import org.fusedtomo.io.npy.NpyArray;
import org.fusedtomo.io.npy.NpyFiles;

/**
 * The 2D images (maps) in one file, for 2D fusion: an HDF5 file's 2D datasets (by path), an {@code .npz}
 * archive's 2D arrays (by key) or a single {@code .npy} array (by file name). Chosen by magic bytes.
 * Each image is returned as a tilt series of one projection at 0° (x fastest, y the first numpy / HDF5
 * axis), the form {@link org.fusedtomo.recon.fused.FusedMaps} takes. Arrays that are not 2D are
 * skipped. NaN or infinite pixels are refused.
 */
public final class ImageMaps {

	private static final byte[] HDF5_MAGIC = { (byte) 0x89, 'H', 'D', 'F' };
	private static final byte[] ZIP_MAGIC = { 'P', 'K', 3, 4 };

	private ImageMaps() {}

	/**
	 * Every 2D image in {@code file}, by name, in file order.
	 *
	 * @throws InvalidInputException naming the file: missing, unsupported, corrupt, or without 2D images
	 */
	public static LinkedHashMap<String, TiltSeries> read(Path file) {
		Map<String, DecodedStack> images = switch (format(file)) {
			case "hdf5" -> Hdf5Images.read(file);
			case "npz" -> npyImages(file, NpyFiles.readNpz(file));
			default -> npyImages(file, Map.of("", NpyFiles.read(file)));
		};
		LinkedHashMap<String, TiltSeries> out = new LinkedHashMap<>();
		images.forEach((name, s) -> out.put(name, s.toTiltSeries(new double[] { 0 }, "a 2D image")));
		if (out.isEmpty())
			throw new InvalidInputException(file, "holds no 2D images (arrays of 2 dimensions, rows x columns)");
		return out;
	}

	/** Whether {@code file} is one {@link #read} takes as HDF5. */
	public static boolean isHdf5(Path file) {
		return "hdf5".equals(format(file));
	}

	private static String format(Path file) {
		if (!Files.isRegularFile(file))
			throw new InvalidInputException(file, Files.isDirectory(file) ? "is a directory, expected an .h5, .npz or .npy file" : "file not found");
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(8);
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the file: " + e.getMessage(), e);
		}
		if (startsWith(head, HDF5_MAGIC))
			return "hdf5";
		if (startsWith(head, ZIP_MAGIC))
			return "npz";
		if (NpyFiles.isNpy(head))
			return "npy";
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".npz"))
			return "npz";
		if (name.endsWith(".npy"))
			return "npy";
		if (name.endsWith(".h5") || name.endsWith(".hdf5"))
			return "hdf5";
		throw new InvalidInputException(file, "is not an HDF5, .npz or .npy file; 2D maps are read from those");
	}

	private static boolean startsWith(byte[] head, byte[] magic) {
		return head.length >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
	}

	private static Map<String, DecodedStack> npyImages(Path file, Map<String, NpyArray> arrays) {
		LinkedHashMap<String, DecodedStack> out = new LinkedHashMap<>();
		for (NpyArray a : arrays.values()) {
			int[] shape = a.shape();
			if (shape.length == 2) {
				DecodedStack.checkSize(file, a.name(), shape[1], shape[0], 1);
				out.put(a.name(), new DecodedStack(file, a.name(), a.data(), shape[1], shape[0], 1, Calibration.PIXEL, a.type()));
			}
		}
		return out;
	}
}
