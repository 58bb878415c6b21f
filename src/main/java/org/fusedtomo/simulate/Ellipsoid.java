package org.fusedtomo.simulate;

import java.util.SplittableRandom;

import org.fusedtomo.geometry.VolumeGeometry;

/**
 * A solid (possibly rotated) ellipsoid in voxel-index coordinates, rendered as the fraction of each
 * voxel it covers (box-filter anti-aliasing), with an optional raised-cosine soft edge.
 * <p>
 * The profile is a function of the normalised radius {@code f = |diag(1/a) R (p - c)|}: 1 for
 * {@code f <= 1 - softness}, 0 for {@code f >= 1}, a raised cosine between. {@code f} is Lipschitz with
 * constant {@code 1/min(a)}, so a voxel whose centre lies farther than half a voxel diagonal from the
 * transition band is exactly 0 or 1; only the others are supersampled ({@value #SUPERSAMPLING}³ points),
 * which keeps the cost near the surface area rather than the volume.
 *
 * @param centre voxel-index coordinates (x, y, z) of the centre
 * @param semiAxes semi-axes in voxels along the body axes, each > 0
 * @param rotation row-major 3x3 rotation from volume offsets to body axes
 * @param softness fraction of the radius over which the edge tapers, in [0, 1)
 */
record Ellipsoid(double[] centre, double[] semiAxes, double[] rotation, double softness) {

	/** Samples per axis in a voxel that straddles an edge. */
	static final int SUPERSAMPLING = 4;

	/** Half the diagonal of a unit voxel: the farthest a point of a voxel lies from its centre. */
	private static final double HALF_DIAGONAL = Math.sqrt(3) / 2;

	private static final double[] IDENTITY = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };

	Ellipsoid {
		if (centre.length != 3 || semiAxes.length != 3 || rotation.length != 9)
			throw new IllegalArgumentException("An ellipsoid needs a 3-vector centre, 3 semi-axes and a 3x3 rotation");
		for (double a : semiAxes)
			if (!(a > 0))
				throw new IllegalArgumentException("Ellipsoid semi-axes must be positive, got " + a);
		if (!(softness >= 0 && softness < 1))
			throw new IllegalArgumentException("Ellipsoid softness must be in [0, 1), got " + softness);
		centre = centre.clone();
		semiAxes = semiAxes.clone();
		rotation = rotation.clone();
	}

	/** A hard-edged sphere. */
	static Ellipsoid sphere(double x, double y, double z, double radius) {
		return new Ellipsoid(new double[] { x, y, z }, new double[] { radius, radius, radius }, IDENTITY, 0);
	}

	/** Half the extent of the bounding box along volume axis {@code i}, in voxels. */
	double halfExtent(int i) {
		double s = 0;
		for (int j = 0; j < 3; j++) {
			// Column j of R^T scaled by a_j: the body axis j expressed in volume axes.
			double v = rotation[3 * j + i] * semiAxes[j];
			s += v * v;
		}
		return Math.sqrt(s);
	}

	/** Largest distance from the centre to any point of the ellipsoid, in voxels. */
	double maxRadius() {
		return Math.max(semiAxes[0], Math.max(semiAxes[1], semiAxes[2]));
	}

	/** Normalised radius f of a point given as an offset from the centre. */
	private double normalisedRadius(double dx, double dy, double dz) {
		double s = 0;
		for (int j = 0; j < 3; j++) {
			double b = (rotation[3 * j] * dx + rotation[3 * j + 1] * dy + rotation[3 * j + 2] * dz) / semiAxes[j];
			s += b * b;
		}
		return Math.sqrt(s);
	}

	private double profile(double f) {
		if (f >= 1)
			return 0;
		double inner = 1 - softness;
		if (f <= inner)
			return 1;
		return 0.5 * (1 + Math.cos(Math.PI * (f - inner) / softness));
	}

	/**
	 * Renders the coverage into a patch over the voxels of the bounding box that lie in the volume.
	 * Cost: one evaluation per voxel of the box plus {@value #SUPERSAMPLING}³ per edge voxel.
	 */
	Patch render(VolumeGeometry g) {
		int[] lo = new int[3], size = new int[3];
		int[] n = { g.width(), g.height(), g.depth() };
		for (int i = 0; i < 3; i++) {
			double h = halfExtent(i) + 1;
			lo[i] = Math.max(0, (int) Math.floor(centre[i] - h));
			int hi = Math.min(n[i] - 1, (int) Math.ceil(centre[i] + h));
			size[i] = Math.max(0, hi - lo[i] + 1);
		}
		float[] values = new float[size[0] * size[1] * size[2]];
		double slack = HALF_DIAGONAL / Math.min(semiAxes[0], Math.min(semiAxes[1], semiAxes[2]));
		double inner = 1 - softness;
		int s = SUPERSAMPLING, i = 0;
		for (int z = 0; z < size[2]; z++)
			for (int y = 0; y < size[1]; y++)
				for (int x = 0; x < size[0]; x++, i++) {
					double dx = lo[0] + x - centre[0], dy = lo[1] + y - centre[1], dz = lo[2] + z - centre[2];
					double f = normalisedRadius(dx, dy, dz);
					if (f - slack >= 1)
						continue;
					if (f + slack <= inner) {
						values[i] = 1;
						continue;
					}
					double sum = 0;
					for (int c = 0; c < s; c++)
						for (int b = 0; b < s; b++)
							for (int a = 0; a < s; a++)
								sum += profile(normalisedRadius(dx + (a + 0.5) / s - 0.5, dy + (b + 0.5) / s - 0.5, dz + (c + 0.5) / s - 0.5));
					values[i] = (float) (sum / (s * s * s));
				}
		return new Patch(lo[0], lo[1], lo[2], size[0], size[1], size[2], values);
	}

	/** A uniformly distributed random rotation (Shoemake's unit quaternion), row-major 3x3. */
	static double[] randomRotation(SplittableRandom random) {
		double u1 = random.nextDouble(), u2 = 2 * Math.PI * random.nextDouble(), u3 = 2 * Math.PI * random.nextDouble();
		double a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
		double w = a * Math.sin(u2), x = a * Math.cos(u2), y = b * Math.sin(u3), z = b * Math.cos(u3);
		return new double[] {
			1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
			2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
			2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) };
	}

	/** Rotation by {@code angleRad} about the y axis, row-major 3x3. */
	static double[] rotationAboutY(double angleRad) {
		double c = Math.cos(angleRad), s = Math.sin(angleRad);
		return new double[] { c, 0, s, 0, 1, 0, -s, 0, c };
	}

	/**
	 * Coverage values over an axis-aligned box of a volume: voxel (x, y, z) of the volume is at
	 * {@code (x - x0) + nx * ((y - y0) + ny * (z - z0))} in {@code values}; outside the box it is 0.
	 */
	record Patch(int x0, int y0, int z0, int nx, int ny, int nz, float[] values) {

		float at(int x, int y, int z) {
			int a = x - x0, b = y - y0, c = z - z0;
			if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz)
				return 0;
			return values[a + nx * (b + ny * c)];
		}
	}
}
