package org.fusedtomo.io.hdf5;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Angles in the unit their file states (issue 19, item 7): radians only where the file says so, and
 * values that cannot be radians (|value| > 2π, i.e. degrees under a radian label) refused by file; recipe
 * fields read strictly (angleAxis 0.7 is not 0; a unit must be a length).
 */
class AngleUnitsTest {

	@TempDir
	Path dir;

	/** An EMD tomography group of 3 tilts whose dim1 holds {@code angles} with {@code units}. */
	private Path emd(String name, double[] angles, String units) {
		Path f = dir.resolve(name);
		float[][][] data = new float[angles.length][4][5];
		for (int a = 0; a < angles.length; a++)
			data[a][1][2] = a + 1;
		try (WritableHdfFile w = HdfFile.write(f)) {
			WritableGroup g = w.putGroup("data").putGroup("tomography");
			g.putDataset("data", data);
			WritableDataset dim = g.putDataset("dim1", angles);
			dim.putAttribute("units", units);
		}
		return f;
	}

	@Test
	void emd_radianAxisIsConvertedAndDegreesUnderARadianLabelAreRefused() {
		assertArrayEquals(new double[] { -30, 0, 30 }, SeriesReaders.read(emd("rad.emd", new double[] { -Math.PI / 6, 0, Math.PI / 6 }, "[rad]")).haadf().anglesDeg(), 1e-9);
		assertRejected(emd("deg-as-rad.emd", new double[] { -70, 0, 68 }, "[rad]"), "dim1", "units [rad]", "holds -70.0", "cannot be a tilt in radians", "--angles");
	}

	@Test
	void velox_alphaTiltInDegreesIsRefused() {
		Path f = dir.resolve("velox-deg.emd");
		String[] json = { "{\"Stage\": {\"AlphaTilt\": \"-30\"}, \"BinaryResult\": {\"Detector\": \"HAADF\"}}", "{\"Stage\": {\"AlphaTilt\": \"30\"}}" };
		short[][][] data = new short[2][3][json.length];
		byte[][] meta = new byte[100][json.length];
		for (int a = 0; a < json.length; a++) {
			byte[] b = json[a].getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < b.length; i++)
				meta[i][a] = b[i];
			data[1][1][a] = (short) (a + 1);
		}
		try (WritableHdfFile w = HdfFile.write(f)) {
			WritableGroup img = w.putGroup("Data").putGroup("Image").putGroup("6fdbde41");
			img.putDataset("Data", data);
			img.putDataset("Metadata", meta);
		}
		assertRejected(f, "Stage.AlphaTilt", "holds -30.0", "cannot be a tilt in radians");
	}

	@Test
	void recipe_fractionalAngleAxisAndUnknownUnitAreRefused() throws IOException {
		String recipe = "{\"file\": \"x.h5\", \"haadf\": \"HAADF\", \"angles\": \"a\", \"angleAxis\": %s, \"pixelSize\": 2, \"unit\": \"%s\"}";
		Path axis = dir.resolve("axis.json");
		Files.writeString(axis, String.format(recipe, "0.7", "nm"));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hdf5Recipe.read(axis));
		assertTrue(e.getMessage().contains("axis.json") && e.getMessage().contains("angleAxis must be a whole number (0, 1 or 2), got 0.7"), e.getMessage());
		Path unit = dir.resolve("unit.json");
		Files.writeString(unit, String.format(recipe, "0", "furlong"));
		e = assertThrows(InvalidInputException.class, () -> Hdf5Recipe.read(unit));
		assertTrue(e.getMessage().contains("unit.json") && e.getMessage().contains("unit \"furlong\" is no length unit"), e.getMessage());
	}
}
