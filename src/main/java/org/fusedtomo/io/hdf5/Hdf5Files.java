package org.fusedtomo.io.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiltSeriesFile;

/**
 * HDF5 tilt-series files through jhdf, in the layouts microscopists have:
 * <ul>
 * <li><b>tomo_TV / tomofusion</b>: {@code haadf/tiltSeries} and {@code haadf/tiltAngles}, maps
 * {@code eels/<El>} or {@code edx/<El>} with {@code <eels|edx>/tiltAngles}; the tilt axis first and
 * the angle last: (y, x, angle);</li>
 * <li><b>Berkeley EMD v0.2</b> as tomviz writes it, see {@link EmdFiles};</li>
 * <li><b>Velox EMD</b>, see {@link VeloxFiles};</li>
 * <li>anything else through an {@link Hdf5Recipe}; the error for an unknown layout lists the
 * datasets to choose from.</li>
 * </ul>
 * Files are opened read-only and closed before returning.
 */
public final class Hdf5Files {

	private Hdf5Files() {}

	/**
	 * The series in {@code h5}; {@code angleFile}, when not null, replaces the HAADF angles.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static TiltSeriesFile read(Path h5, Path angleFile) {
		return withFile(h5, f -> {
			if (f.getChildren().get("haadf") instanceof Group g && g.getChildren().get("tiltSeries") instanceof Dataset)
				return tomoTv(h5, f, angleFile);
			if (EmdFiles.isBerkeley(f))
				return EmdFiles.read(h5, f, angleFile);
			if (VeloxFiles.isVelox(f))
				return VeloxFiles.read(h5, f, angleFile);
			// NB: 2D maps (HAADF + EELS/EDX images, no tilts) are fused2d's input, which reads such files as they are.
			throw new InvalidInputException(h5, "is an HDF5 file of unknown layout (not tomo_TV, Berkeley EMD or Velox); write a recipe .json naming its datasets (see 'fusedtomo info --help'); it holds: "
				+ String.join(", ", Hdf5Arrays.datasets(f))
				+ (Hdf5Arrays.onlyImages(f) ? "; only 2D images, no tilt series: to fuse 2D maps use 'fusedtomo fused2d --input " + h5 + "'"
					: RecipeSuggestion.of(h5, f).map(r -> "; a recipe its names suggest (save it beside the file as a .json, check it, add \"pixelSize\" and \"unit\"): " + r).orElse("")));
		});
	}

	private static TiltSeriesFile tomoTv(Path h5, HdfFile f, Path angleFile) {
		Map<String, String> chem = new LinkedHashMap<>();
		for (String modality : new String[] { "eels", "edx" })
			if (f.getChildren().get(modality) instanceof Group g)
				for (Node n : g) {
					if (!(n instanceof Dataset) || n.getName().equals("tiltAngles"))
						continue;
					String el = ElementNames.symbolOf(n.getName()).orElseThrow(() -> new InvalidInputException(h5,
						"dataset '" + n.getPath() + "' is not named after an element symbol (e.g. " + modality + "/Fe)"));
					if (chem.put(el, n.getPath()) != null)
						throw new InvalidInputException(h5, "holds two maps of element " + el + " (eels and edx); keep one, or use a recipe");
				}
		Hdf5Recipe recipe = new Hdf5Recipe(h5.getFileName().toString(), "haadf/tiltSeries", "haadf/tiltAngles", 2, chem, null, null, null);
		return recipe.apply(h5, f, h5, "HDF5 (tomo_TV)", chem, angleFile);
	}

	/**
	 * Runs {@code body} on {@code h5} opened read-only; jhdf's own failures (not HDF5, truncated,
	 * corrupt) become an {@link InvalidInputException} naming the file.
	 */
	static <T> T withFile(Path h5, Function<HdfFile, T> body) {
		checkNotTruncated(h5);
		HdfFile f;
		try {
			f = new HdfFile(h5);
		}
		catch (RuntimeException e) {
			throw new InvalidInputException(h5, "is not a readable HDF5 file (wrong magic bytes, truncated or corrupt): " + describe(e), e);
		}
		try (f) {
			return body.apply(f);
		}
		catch (InvalidInputException e) {
			throw e;
		}
		catch (RuntimeException | OutOfMemoryError e) {
			throw new InvalidInputException(h5, "unreadable HDF5 content (truncated or corrupt?): " + describe(e), e);
		}
	}

	/**
	 * Compares the file size with the end-of-file address its superblock records (HDF5 format spec,
	 * superblock versions 0 to 3); jhdf would otherwise read missing bytes of a cut file as zeros.
	 */
	static void checkNotTruncated(Path h5) {
		byte[] head = new byte[64];
		long size;
		try (var in = Files.newInputStream(h5)) {
			size = Files.size(h5);
			head = Arrays.copyOf(head, in.readNBytes(head, 0, head.length));
		}
		catch (IOException e) {
			throw new InvalidInputException(h5, "cannot read the file: " + e.getMessage(), e);
		}
		if (head.length < 16 || head[0] != (byte) 0x89 || head[1] != 'H' || head[2] != 'D' || head[3] != 'F')
			return; // NB: no superblock at 0 (a user block, or not HDF5); jhdf reports those itself.
		ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
		int version = head[8];
		int offsets = version < 2 ? head[13] : head[9];
		int at = switch (version) {
			case 0 -> 24 + 2 * offsets;
			case 1 -> 28 + 2 * offsets;
			default -> 12 + 2 * offsets;
		};
		if (offsets != 8 || at + 8 > head.length)
			return;
		long eof = b.getLong(at);
		if (eof > size)
			throw new InvalidInputException(h5, "is truncated: its HDF5 superblock says the file ends at byte " + eof + " but it has only " + size + " bytes (an interrupted copy or download?)");
	}

	private static String describe(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}
}
