package org.fusedtomo.data;

/**
 * The three central orthoslices of a {@code width x height x depth} volume and its display range: what an
 * orthoslice picture shows of a volume, small enough to keep when the volume is never whole in memory. XY is
 * plane {@code depth / 2} (x fastest), XZ is row {@code height / 2} of every plane (width x depth, x fastest)
 * and ZY is column {@code width / 2} of every plane (depth x height, z fastest).
 *
 * @param range the display range {lo, hi}, hi > lo
 */
public record CentralSlices(int width, int height, int depth, float[] xy, float[] xz, float[] zy, float[] range) {

	/** The central slices of {@code v} with the display range {@code range}. */
	public static CentralSlices of(Volume v, float[] range) {
		Collector c = new Collector(v.width(), v.height(), v.depth());
		int plane = v.width() * v.height();
		for (int z = 0; z < v.depth(); z++)
			c.plane(z, v.data(), z * plane);
		return c.slices(range);
	}

	/** Takes the central slices from a volume's z planes given one at a time, in any order (again is harmless). */
	public static final class Collector {

		private final int width, height, depth;
		private final float[] xy, xz, zy;

		public Collector(int width, int height, int depth) {
			this.width = width;
			this.height = height;
			this.depth = depth;
			xy = new float[width * height];
			xz = new float[width * depth];
			zy = new float[depth * height];
		}

		/** Plane {@code z}, whose voxels start at {@code offset} of {@code data} (x fastest, then y). */
		public void plane(int z, float[] data, int offset) {
			if (z == depth / 2)
				System.arraycopy(data, offset, xy, 0, xy.length);
			System.arraycopy(data, offset + height / 2 * width, xz, z * width, width);
			for (int y = 0; y < height; y++)
				zy[y * depth + z] = data[offset + y * width + width / 2];
		}

		public CentralSlices slices(float[] range) {
			return new CentralSlices(width, height, depth, xy, xz, zy, range);
		}
	}
}
