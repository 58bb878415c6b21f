package org.fusedtomo.ij1;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.LUT;

import org.fusedtomo.data.Volume;
import org.fusedtomo.report.ElementColours;
import org.fusedtomo.report.Orthoslices;

/**
 * The chemical volumes as one calibrated {@link CompositeImage} (x, y, z, channel = element), each
 * channel in its element's colour ({@link ElementColours}) with the display range at its 0.5 and 99.5
 * percentiles, so that a few hot voxels do not darken the rest. Pixels are copied.
 */
public final class ElementComposite {

	/** Percentiles of the display range, as fractions. */
	public static final double LOW = 0.005, HIGH = 0.995;

	private ElementComposite() {}

	/**
	 * The composite of {@code volumes} (element to volume, in channel order; one size), calibrated with
	 * {@code calibration}'s isotropic voxel size.
	 */
	public static CompositeImage of(String title, Map<String, Volume> volumes, org.fusedtomo.data.Calibration calibration) {
		if (volumes.isEmpty())
			throw new IllegalArgumentException("A composite needs at least one element volume");
		Volume first = volumes.values().iterator().next();
		int w = first.width(), h = first.height(), d = first.depth(), n = w * h;
		ImageStack stack = new ImageStack(w, h);
		List<Volume> list = List.copyOf(volumes.values());
		for (Map.Entry<String, Volume> e : volumes.entrySet())
			if (!e.getValue().geometry().equals(first.geometry()))
				throw new IllegalArgumentException("Volume " + e.getKey() + " is " + e.getValue().geometry() + " but the first is " + first.geometry());
		for (int z = 0; z < d; z++)
			for (int c = 0; c < list.size(); c++) {
				float[] p = new float[n];
				System.arraycopy(list.get(c).data(), list.get(c).index(0, 0, z), p, 0, n);
				stack.addSlice(List.copyOf(volumes.keySet()).get(c) + " z=" + z, new FloatProcessor(w, h, p));
			}
		CompositeImage imp = colour(new ImagePlus(title, stack), volumes.size(), d, List.copyOf(volumes.keySet()));
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = calibration.pixelSize();
		cal.setUnit(calibration.unit());
		imp.setProp(ImagePlusConverter.ELEMENTS, String.join(",", volumes.keySet()));
		return imp;
	}

	/**
	 * Makes {@code imp}, whose stack holds {@code channels} × {@code slices} images channel fastest, a
	 * composite with one LUT per element and percentile display ranges.
	 */
	static CompositeImage colour(ImagePlus imp, int channels, int slices, List<String> elements) {
		imp.setDimensions(channels, slices, 1);
		CompositeImage composite = new CompositeImage(imp, channels > 1 ? CompositeImage.COMPOSITE : CompositeImage.GRAYSCALE);
		ImageStack stack = composite.getStack();
		int n = stack.getWidth() * stack.getHeight();
		for (int c = 0; c < channels; c++) {
			String name = elements != null && elements.size() == channels ? elements.get(c) : "channel " + (c + 1);
			Color colour = ElementColours.of(name, c);
			float[] all = new float[n * slices];
			for (int z = 0; z < slices; z++)
				System.arraycopy((float[]) stack.getPixels(composite.getStackIndex(c + 1, z + 1, 1)), 0, all, z * n, n);
			float[] range = Orthoslices.percentiles(all, LOW, HIGH);
			LUT lut = LUT.createLutFromColor(colour);
			lut.min = range[0];
			lut.max = range[1];
			composite.setChannelLut(lut, c + 1);
			composite.setPosition(c + 1, 1, 1);
			composite.setDisplayRange(range[0], range[1]);
		}
		composite.setPosition(1, Math.max(1, slices / 2), 1);
		return composite;
	}
}
