package org.fusedtomo.data;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.TiltGeometry;

/**
 * A tilt series: projections (x, y, angle) of 32-bit floats with one tilt angle (degrees) per
 * projection, the tilt axis parallel to y. It is an ImgLib2 {@link ArrayImg}; pixel (x, y) of
 * projection a sits at {@code x + width * (y + height * a)} in {@link #data()}.
 */
public final class TiltSeries {

	private final TiltGeometry geometry;
	private final ArrayImg<FloatType, FloatArray> img;
	private final float[] data;
	private final Calibration calibration;

	/** Wraps an (x, y, angle) image without copying; the angle count must match its depth. */
	public TiltSeries(ArrayImg<FloatType, FloatArray> img, double[] anglesDeg, Calibration calibration) {
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException("A tilt series needs 3 dimensions (x, y, angle), got " + img.numDimensions());
		if (anglesDeg.length != img.dimension(2))
			throw new IllegalArgumentException("The stack has " + img.dimension(2) + " projections but " + anglesDeg.length + " tilt angles were given");
		this.geometry = new TiltGeometry((int) img.dimension(0), (int) img.dimension(1), anglesDeg);
		this.img = img;
		this.data = img.update(null).getCurrentStorageArray();
		this.calibration = calibration;
	}

	/** A zero tilt series of the given geometry. */
	public TiltSeries(TiltGeometry geometry, Calibration calibration) {
		this(ArrayImgs.floats(geometry.width(), geometry.height(), geometry.angleCount()), geometry.anglesDeg(), calibration);
	}

	public static TiltSeries zeros(TiltGeometry geometry) {
		return new TiltSeries(geometry, Calibration.PIXEL);
	}

	public TiltGeometry geometry() {
		return geometry;
	}

	public int width() {
		return geometry.width();
	}

	public int height() {
		return geometry.height();
	}

	public int angleCount() {
		return geometry.angleCount();
	}

	public double angleDeg(int i) {
		return geometry.angleDeg(i);
	}

	public double[] anglesDeg() {
		return geometry.anglesDeg();
	}

	/** The backing ImgLib2 image; shares storage with this series. */
	public ArrayImg<FloatType, FloatArray> img() {
		return img;
	}

	/** The backing array, shared, in the layout of the class comment. */
	public float[] data() {
		return data;
	}

	public Calibration calibration() {
		return calibration;
	}

	public float get(int x, int y, int angle) {
		return data[x + geometry.width() * (y + geometry.height() * angle)];
	}

	public void set(int x, int y, int angle, float value) {
		data[x + geometry.width() * (y + geometry.height() * angle)] = value;
	}

	/** Offset in {@link #data()} of the first pixel of projection {@code angle}. */
	public int projectionOffset(int angle) {
		return geometry.width() * geometry.height() * angle;
	}

	public TiltSeries copy() {
		TiltSeries c = new TiltSeries(geometry, calibration);
		System.arraycopy(data, 0, c.data, 0, data.length);
		return c;
	}

	public TiltSeries zerosLike() {
		return new TiltSeries(geometry, calibration);
	}

	/** The mean of each tilt's exposures ({@link RepeatedTilts}), one projection per tilt in tilt order; this series itself without repeats. */
	public TiltSeries tiltMeans() {
		RepeatedTilts tilts = RepeatedTilts.of(geometry);
		if (!tilts.hasRepeats())
			return this;
		int n = width() * height();
		TiltSeries mean = TiltSeries.zeros(new TiltGeometry(width(), height(), tilts.anglesDeg()));
		int[] tiltOf = tilts.tiltOf();
		float[] d = data(), m = mean.data();
		for (int a = 0; a < angleCount(); a++) {
			float w = 1f / tilts.exposureCount(tiltOf[a]);
			for (int i = 0, at = projectionOffset(a); i < n; i++)
				m[tiltOf[a] * n + i] += w * d[at + i];
		}
		return mean;
	}

	/** A copy holding only the projections with the given indices, in that order. */
	public TiltSeries subset(int[] indices) {
		TiltSeries s = new TiltSeries(geometry.subset(indices), calibration);
		int n = width() * height();
		for (int i = 0; i < indices.length; i++)
			System.arraycopy(data, projectionOffset(indices[i]), s.data, n * i, n);
		return s;
	}
}
