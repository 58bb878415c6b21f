package org.fusedtomo.io.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;

/**
 * Berkeley EMD v0.2 tilt series as tomviz reads and writes them: root attributes {@code
 * version_major = 0}, {@code version_minor = 2}; one group {@code data/<name>} per series with
 * {@code emd_group_type = 1}, a 3D dataset {@code data} and one {@code dimN} dataset per axis. The
 * angle axis is the one whose {@code dimN} has units "[deg]" or "[rad]" (else {@code dim1}); the two
 * other axes are (y, x); the pixel size is the spacing of the x axis in its units ("[n_m]" = nm).
 * <p>
 * The HAADF series is the group {@code tomography} (tomviz's name), {@code HAADF} or {@code haadf},
 * or the only group; every other group must be named after an element (symbol or X-ray line).
 * Writing puts the HAADF series in {@code data/tomography} and each element in {@code data/<El>},
 * float32 (angle, y, x), angles as float64 in degrees.
 */
public final class EmdFiles {

	private EmdFiles() {}

	/** Whether {@code f} has the Berkeley EMD shape: a group {@code data} of groups holding a {@code data} dataset. */
	static boolean isBerkeley(HdfFile f) {
		if (!(f.getChildren().get("data") instanceof Group data))
			return false;
		for (Node n : data)
			if (n instanceof Group g && g.getChildren().get("data") instanceof Dataset)
				return true;
		return false;
	}

	static TiltSeriesFile read(Path h5, HdfFile f, Path angleFile) {
		Group data = (Group) f.getChildren().get("data");
		Map<String, Group> groups = new LinkedHashMap<>();
		for (Node n : data)
			if (n instanceof Group g && g.getChildren().get("data") instanceof Dataset)
				groups.put(g.getName(), g);
		String haadfName = groups.keySet().stream().filter(k -> k.equals("tomography") || k.equalsIgnoreCase("haadf")).findFirst()
			.orElse(groups.size() == 1 ? groups.keySet().iterator().next() : null);
		if (haadfName == null)
			throw new InvalidInputException(h5, "Berkeley EMD file has groups " + groups.keySet() + " but none named tomography or HAADF for the HAADF series");
		DecodedStack.Sorted haadf = null;
		String pixelType = "", from = "";
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		for (Map.Entry<String, Group> e : groups.entrySet()) {
			boolean isHaadf = e.getKey().equals(haadfName);
			String el = isHaadf ? null : ElementNames.symbolOf(e.getKey()).orElseThrow(() -> new InvalidInputException(h5,
				"EMD group 'data/" + e.getKey() + "' is not named after an element symbol (e.g. Fe, Fe_Ka) nor tomography/HAADF"));
			Group g = e.getValue();
			Dataset d = (Dataset) g.getChild("data");
			int axis = angleAxis(g);
			Dataset dim = dim(h5, g, axis);
			double[] angles = Hdf5Arrays.doubles(h5, dim);
			if (Hdf5Arrays.text(dim, "units").equals("[rad]"))
				angles = TiltAngles.radiansToDegrees(h5, "dataset '" + dim.getPath() + "' (units [rad])", angles);
			DecodedStack stack = Hdf5Arrays.stack(h5, d, axis, calibration(h5, g, axis == 2 ? 1 : 2));
			String angleSource = "dataset '" + dim.getPath() + "'";
			if (isHaadf) {
				pixelType = stack.pixelType();
				from = angleFile != null ? angleFile.getFileName().toString() : angleSource;
				haadf = stack.toSorted(angleFile != null ? TiltAngles.read(angleFile) : angles, from);
			}
			else if (chem.put(el, stack.toTiltSeries(angles, angleSource)) != null)
				throw new InvalidInputException(h5, "EMD file holds two groups for element " + el);
		}
		return new TiltSeriesFile(h5, "HDF5 (Berkeley EMD)", pixelType, from, haadf, chem);
	}

	private static int angleAxis(Group g) {
		for (int i = 0; i < 3; i++)
			if (g.getChildren().get("dim" + (i + 1)) instanceof Dataset d) {
				String units = Hdf5Arrays.text(d, "units"), name = Hdf5Arrays.text(d, "name").toLowerCase(Locale.ROOT);
				if (units.equals("[deg]") || units.equals("[rad]") || name.contains("angle"))
					return i;
			}
		return 0;
	}

	private static Dataset dim(Path h5, Group g, int axis) {
		if (g.getChildren().get("dim" + (axis + 1)) instanceof Dataset d)
			return d;
		throw new InvalidInputException(h5, "EMD group '" + g.getPath() + "' has no dim" + (axis + 1) + " dataset holding the tilt angles");
	}

	/** Spacing of axis {@code axis} (0-based) in its units, when it has two or more values. */
	private static Calibration calibration(Path h5, Group g, int axis) {
		if (!(g.getChildren().get("dim" + (axis + 1)) instanceof Dataset d) || d.getSize() < 2)
			return Calibration.PIXEL;
		double[] v = Hdf5Arrays.doubles(h5, d);
		String units = Hdf5Arrays.text(d, "units").replace("[", "").replace("]", "").replace("_", "");
		return LengthUnits.calibration(v[1] - v[0], units);
	}

	/**
	 * Writes a Berkeley EMD file (see class comment) atomically: the HAADF series and one group per
	 * element. Cost: the file is built in a temporary file first, then copied into place.
	 */
	public static void write(TiltSeries haadf, Map<String, TiltSeries> chemical, Path emd, AtomicFiles files) {
		files.checkWritable(emd);
		Path tmp = null;
		try {
			tmp = Files.createTempFile("fusedtomo-", ".emd");
			// NB: jhdf writes to a path, not a stream; build the file aside, then move it in through AtomicFiles.
			try (WritableHdfFile f = HdfFile.write(tmp)) {
				f.putAttribute("version_major", 0);
				f.putAttribute("version_minor", 2);
				WritableGroup data = f.putGroup("data");
				putSeries(data, "tomography", haadf);
				for (Map.Entry<String, TiltSeries> e : chemical.entrySet())
					putSeries(data, e.getKey(), e.getValue());
			}
			Path built = tmp;
			files.write(emd, out -> Files.copy(built, out));
		}
		catch (IOException e) {
			throw new UncheckedIOException(emd + ": cannot write: " + e.getMessage(), e);
		}
		finally {
			if (tmp != null)
				try {
					Files.deleteIfExists(tmp);
				}
				catch (IOException e) {
					// NB: best effort; a stray file in the temp folder harms nothing.
				}
		}
	}

	private static void putSeries(WritableGroup data, String name, TiltSeries s) {
		WritableGroup g = data.putGroup(name);
		g.putAttribute("emd_group_type", 1);
		g.putDataset("data", Hdf5Arrays.angleYX(s)).putAttribute("name", name);
		Calibration c = s.calibration();
		String units = "[" + String.join("_", c.unit().split("")) + "]";
		putDim(g, "dim1", s.anglesDeg(), "angles", "[deg]");
		putDim(g, "dim2", axis(s.height(), c.pixelSize()), "y", units);
		putDim(g, "dim3", axis(s.width(), c.pixelSize()), "x", units);
	}

	private static void putDim(WritableGroup g, String name, double[] values, String label, String units) {
		var d = g.putDataset(name, values);
		d.putAttribute("name", label);
		d.putAttribute("units", units);
	}

	private static double[] axis(int n, double step) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = i * step;
		return v;
	}
}
