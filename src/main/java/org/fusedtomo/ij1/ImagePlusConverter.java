package org.fusedtomo.ij1;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.fusedtomo.data.TiltSeries;

/** Turns core data into ImageJ 1.x images for display; copies pixels, one slice per projection. */
public final class ImagePlusConverter {

	private ImagePlusConverter() {}

	/** A 32-bit stack with one slice per projection, labelled with its tilt angle. */
	public static ImagePlus of(String title, TiltSeries series) {
		int w = series.width(), h = series.height(), n = w * h;
		ImageStack stack = new ImageStack(w, h);
		for (int a = 0; a < series.angleCount(); a++) {
			float[] pixels = new float[n];
			System.arraycopy(series.data(), series.projectionOffset(a), pixels, 0, n);
			stack.addSlice(String.format("tilt %.2f deg", series.angleDeg(a)), new FloatProcessor(w, h, pixels));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		Calibration c = imp.getCalibration();
		c.pixelWidth = c.pixelHeight = c.pixelDepth = series.calibration().pixelSize();
		c.setUnit(series.calibration().unit());
		imp.setProperty("Info", "tilt angles (deg): " + java.util.Arrays.toString(series.anglesDeg()));
		imp.resetDisplayRange();
		return imp;
	}
}
