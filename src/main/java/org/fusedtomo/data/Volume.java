package org.fusedtomo.data;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.geometry.VolumeGeometry;

/**
 * A reconstructed volume (x, y, z) of 32-bit floats. It is an ImgLib2 {@link ArrayImg}, so it goes to
 * and from ImgLib2 without a copy; engines work on {@link #data()} where voxel (x, y, z) sits at
 * {@code x + width * (y + height * z)}: each x row is contiguous.
 */
public final class Volume {

	private final VolumeGeometry geometry;
	private final ArrayImg<FloatType, FloatArray> img;
	private final float[] data;
	private final Calibration calibration;

	/** A zero volume of the given size. */
	public Volume(VolumeGeometry geometry, Calibration calibration) {
		this(ArrayImgs.floats(geometry.dimensions()), calibration);
	}

	/** Wraps an existing (x, y, z) image without copying it. */
	public Volume(ArrayImg<FloatType, FloatArray> img, Calibration calibration) {
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException("A volume needs 3 dimensions (x, y, z), got " + img.numDimensions());
		this.geometry = new VolumeGeometry((int) img.dimension(0), (int) img.dimension(1), (int) img.dimension(2));
		this.img = img;
		this.data = img.update(null).getCurrentStorageArray();
		this.calibration = calibration;
	}

	public static Volume zeros(VolumeGeometry geometry) {
		return new Volume(geometry, Calibration.PIXEL);
	}

	public VolumeGeometry geometry() {
		return geometry;
	}

	public int width() {
		return geometry.width();
	}

	public int height() {
		return geometry.height();
	}

	public int depth() {
		return geometry.depth();
	}

	/** The backing ImgLib2 image; shares storage with this volume. */
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

	public float get(int x, int y, int z) {
		return data[index(x, y, z)];
	}

	public void set(int x, int y, int z, float value) {
		data[index(x, y, z)] = value;
	}

	public int index(int x, int y, int z) {
		return x + geometry.width() * (y + geometry.height() * z);
	}

	/** A deep copy. */
	public Volume copy() {
		Volume c = new Volume(geometry, calibration);
		System.arraycopy(data, 0, c.data, 0, data.length);
		return c;
	}

	/**
	 * A copy of the central {@code width} columns in x (all of y and z): the field of view of a volume that was
	 * widened beyond it ({@link VolumeGeometry#widened}), whose projectors centre the view on the volume.
	 *
	 * @throws IllegalArgumentException when the width is not a view centred on this volume ({@link VolumeGeometry#marginBeyond})
	 */
	public Volume centralColumns(int width) {
		int w = geometry.width(), from = geometry.marginBeyond(width), rows = geometry.height() * geometry.depth();
		if (from == 0)
			return copy();
		Volume c = new Volume(new VolumeGeometry(width, geometry.height(), geometry.depth()), calibration);
		for (int r = 0; r < rows; r++)
			System.arraycopy(data, r * w + from, c.data, r * width, width);
		return c;
	}

	/** A zero volume of the same size and calibration. */
	public Volume zerosLike() {
		return new Volume(geometry, calibration);
	}

	public Volume withCalibration(Calibration c) {
		return new Volume(img, c);
	}
}
