package org.fusedtomo.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * ImageJ 1.x menu entry "Simulate Phantom...": a macro-recordable dialog, one core call, and the HAADF
 * and chemical tilt series shown as stacks. Macro: {@code run("Simulate Phantom...", "phantom=blobs size=64 ...")}.
 */
public final class SimulatePhantomPlugin implements PlugIn {

	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Simulate Phantom");
		gd.addChoice("Phantom", Phantoms.names().toArray(String[]::new), Phantoms.CORE_SHELL);
		gd.addNumericField("Size (voxels)", 64, 0);
		gd.addNumericField("Chemical counts per pixel", 10, 1);
		gd.addNumericField("HAADF dose (e- at max)", 1e4, 0);
		gd.addNumericField("Seed", 1, 0);
		gd.showDialog();
		if (gd.wasCanceled())
			return;
		String phantom = gd.getNextChoice();
		int size = (int) gd.getNextNumber();
		double counts = gd.getNextNumber(), dose = gd.getNextNumber();
		long seed = (long) gd.getNextNumber();
		for (ImagePlus imp : simulate(phantom, size, counts, dose, seed))
			imp.show();
	}

	/** The HAADF stack followed by one stack per element, for the DESIGN §6 tilt schemes. */
	public static List<ImagePlus> simulate(String phantom, int size, double counts, double dose, long seed) {
		SimulationParameters p = SimulationParameters.defaults().withCountsPerPixel(counts).withHaadfDose(dose).withSeed(seed);
		SimulatedData data = new Simulator(Parallelism.available()).simulate(Phantoms.create(phantom, VolumeGeometry.cube(size), seed), p, new IjMonitor());
		List<ImagePlus> images = new ArrayList<>();
		images.add(ImagePlusConverter.of(phantom + " HAADF", data.haadf()));
		data.chemical().forEach((el, s) -> images.add(ImagePlusConverter.of(phantom + " " + el, s)));
		return images;
	}

}
