package org.fusedtomo.ij1;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.TiltAngles;

/**
 * Converts between ImageJ 1.x images and the ImgLib2 images of the commands (imglib2-ij is not on
 * Maven Central). Pixels are copied as 32-bit floats. A stack (x, y, slice) is (x, y, angle or z); a
 * hyperstack with several channels is (x, y, z, channel). Tilt angles and element names travel as the
 * image properties {@value #ANGLES} and {@value #ELEMENTS} (saved in TIFFs by ImageJ) and as slice labels.
 */
public final class ImagePlusConverter {

	/** Image property with the comma-separated tilt angles in degrees. */
	public static final String ANGLES = "TiltAngles";

	/** Image property with the comma-separated element symbol of each channel. */
	public static final String ELEMENTS = "Elements";

	private ImagePlusConverter() {}

	/** A 32-bit stack with one slice per projection, labelled with its tilt angle, calibrated. */
	public static ImagePlus of(String title, TiltSeries series) {
		ImagePlus imp = toImagePlus(title, series.img(), series.anglesDeg(), null);
		Calibration c = imp.getCalibration();
		c.pixelWidth = c.pixelHeight = c.pixelDepth = series.calibration().pixelSize();
		c.setUnit(series.calibration().unit());
		return imp;
	}

	/**
	 * The image as (x, y, slice) or, for a hyperstack with more than one channel, (x, y, z, channel).
	 *
	 * @throws IllegalArgumentException for a hyperstack with several time frames
	 */
	public static ArrayImg<FloatType, FloatArray> toImg(ImagePlus imp) {
		int w = imp.getWidth(), h = imp.getHeight(), c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames();
		if (t > 1 && (c > 1 || z > 1))
			throw new IllegalArgumentException(imp.getTitle() + " has " + t + " time frames; give one tilt series or volume (x, y, slice), channels for elements");
		if (c == 1) {
			z = imp.getStackSize();
			c = 1;
		}
		ArrayImg<FloatType, FloatArray> img = c == 1 ? ArrayImgs.floats(w, h, z) : ArrayImgs.floats(w, h, z, c);
		float[] out = img.update(null).getCurrentStorageArray();
		ImageStack stack = imp.getStack();
		int n = w * h;
		for (int ch = 0; ch < c; ch++)
			for (int s = 0; s < z; s++) {
				int index = c == 1 ? s + 1 : imp.getStackIndex(ch + 1, s + 1, 1);
				float[] p = (float[]) stack.getProcessor(index).convertToFloatProcessor().getPixels();
				System.arraycopy(p, 0, out, (ch * z + s) * n, n);
			}
		return img;
	}

	/**
	 * A 32-bit image of a (x, y), (x, y, slice) or (x, y, z, channel) image: a stack, or a composite hyperstack
	 * in the element colours. Slices are labelled with {@code anglesDeg} when given (one per slice).
	 */
	public static ImagePlus toImagePlus(String title, RandomAccessibleInterval<FloatType> img, double[] anglesDeg, List<String> elements) {
		// NB: a 2D image (Fuse 2D Maps' HAADF model, one fused map) is one slice; it was refused, so that command showed nothing.
		if (img.numDimensions() == 2)
			img = Views.addDimension(img, 0, 0);
		int w = (int) img.dimension(0), h = (int) img.dimension(1), z = (int) img.dimension(2);
		int c = TiltSeriesImgs.channels(img);
		ImageStack stack = new ImageStack(w, h);
		boolean missing = false;
		for (int ch = 0; ch < c; ch++) {
			RandomAccessibleInterval<FloatType> channel = img.numDimensions() == 3 ? img : Views.hyperSlice(img, 3, img.min(3) + ch);
			for (int s = 0; s < z; s++) {
				float[] pixels = new float[w * h];
				int i = 0;
				for (FloatType v : Views.flatIterable(Views.hyperSlice(channel, 2, channel.min(2) + s))) {
					pixels[i] = v.get();
					missing |= Float.isNaN(pixels[i++]);
				}
				String label = anglesDeg != null && anglesDeg.length == z ? String.format("tilt %.2f deg", anglesDeg[s]) : null;
				if (elements != null && elements.size() == c)
					label = elements.get(ch) + (label == null ? "" : " " + label);
				stack.addSlice(label, new FloatProcessor(w, h, pixels));
			}
		}
		ImagePlus imp;
		if (c == 1)
			imp = new ImagePlus(title, stack);
		else {
			// NB: ImageJ orders hyperstacks channel fastest; the stack above is channel slowest.
			ImageStack interleaved = new ImageStack(w, h);
			for (int s = 0; s < z; s++)
				for (int ch = 0; ch < c; ch++)
					interleaved.addSlice(stack.getSliceLabel(ch * z + s + 1), stack.getProcessor(ch * z + s + 1));
			imp = ElementComposite.colour(new ImagePlus(title, interleaved), c, z, elements);
		}
		if (anglesDeg != null)
			imp.setProp(ANGLES, TiltSeriesImgs.formatAngles(anglesDeg));
		// NB: a tilt series' NaN pixels were not measured (an aligned output); marked so, the TIFF ImageJ saves reads back with them.
		if (anglesDeg != null && missing)
			org.fusedtomo.io.TiffSeries.markMissing(imp);
		if (elements != null)
			imp.setProp(ELEMENTS, String.join(",", elements));
		if (!(imp instanceof CompositeImage))
			imp.resetDisplayRange();
		return imp;
	}

	/**
	 * The tilt angles of an image from its {@value #ANGLES} property, its "tilt X deg" slice labels, or else the
	 * {@code .rawtlt}/{@code .tlt} beside the file it was opened from when that lists one angle per projection (as the
	 * command line reads a TIFF stack; a stack from tifffile has no angles of its own), or null.
	 */
	public static String anglesOf(ImagePlus imp) {
		String prop = imp.getProp(ANGLES);
		if (prop != null && !prop.isBlank())
			return prop;
		int n = imp.getNChannels() > 1 ? imp.getNSlices() : imp.getStackSize();
		String labels = anglesFromLabels(imp, n);
		return labels != null ? labels : anglesFromSidecar(imp, n);
	}

	private static String anglesFromLabels(ImagePlus imp, int n) {
		double[] a = new double[n];
		for (int s = 0; s < n; s++) {
			String label = imp.getStack().getSliceLabel(imp.getNChannels() > 1 ? imp.getStackIndex(1, s + 1, 1) : s + 1);
			int at = label == null ? -1 : label.indexOf("tilt ");
			if (at < 0)
				return null;
			try {
				a[s] = Double.parseDouble(label.substring(at + 5).replace("deg", "").trim());
			}
			catch (NumberFormatException e) {
				return null;
			}
		}
		return TiltSeriesImgs.formatAngles(a);
	}

	private static String anglesFromSidecar(ImagePlus imp, int n) {
		FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.directory == null || fi.fileName == null || fi.directory.isEmpty())
			return null;
		Optional<Path> sidecar = TiltAngles.findSidecar(Path.of(fi.directory, fi.fileName));
		if (sidecar.isEmpty())
			return null;
		try {
			double[] a = TiltAngles.read(sidecar.get());
			return a.length == n ? TiltSeriesImgs.formatAngles(a) : null;
		}
		catch (RuntimeException e) {
			return null; // NB: an unreadable sidecar gives no default; the angles field says what is missing.
		}
	}

	/** The element names of an image's channels from its {@value #ELEMENTS} property, or null. */
	public static String elementsOf(ImagePlus imp) {
		String prop = imp.getProp(ELEMENTS);
		return prop == null || prop.isBlank() ? null : prop;
	}
}
