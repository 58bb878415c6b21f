package org.fusedtomo.io.hdf5;

import java.nio.file.Path;
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
			throw new InvalidInputException(h5, "is an HDF5 file of unknown layout (not tomo_TV, Berkeley EMD or Velox); write a recipe .json naming its datasets (see 'fusedtomo info --help'); it holds: "
				+ String.join(", ", Hdf5Arrays.datasets(f)));
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

	private static String describe(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}
}
