package org.fusedtomo.projector;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * Joseph's ray parameters for every angle, shared by the projector kernels so that they trace
 * identical rays. At tilt θ the ray of detector bin j is {@code x cos θ + z sin θ = u_j}. Where
 * |cos θ| ≥ |sin θ| it steps one z row at a time and interpolates along x with weight 1/|cos θ| (the
 * path length per row); otherwise it steps along x (rows of a transposed slice) and interpolates along
 * z. Positions are in padded row coordinates: each row has one zero on either side, so a position p
 * is valid while 0 ≤ p &lt; length + 1 and interpolation needs no bounds checks. The detector is centred
 * on the volume; a volume wider than the detector reaches beyond the field of view on both sides
 * ({@code VolumeGeometry.widened}).
 */
final class JosephRays {

	/**
	 * Rays of one angle: for each row r, bin j sits at {@code base[r] + j * step}, for j in [first[r], end[r]).
	 * The same pairs by bin: ray j crosses the rows r in [rowFirst[j], rowEnd[j]). For a fixed j the position
	 * is monotone in r (float rounding is monotone), so that row range is contiguous.
	 */
	record Angle(boolean alongX, float weight, float step, float[] base, int[] first, int[] end, int[] rowFirst, int[] rowEnd) {}

	final Angle[] angles;
	final boolean anyAlongX;

	JosephRays(VolumeGeometry volume, TiltGeometry tilts) {
		this(volume, tilts, null);
	}

	/**
	 * Rays whose detector positions are moved by {@code offsets[a]} pixels at angle a (null: none): the ray of bin j reads
	 * {@code u_j − offsets[a]}, so the projection's content moves by {@code +offsets[a]} (an x shift inside the kernel).
	 */
	JosephRays(VolumeGeometry volume, TiltGeometry tilts, double[] offsets) {
		if (volume.width() < tilts.width() || volume.height() != tilts.height())
			throw new IllegalArgumentException("Volume " + volume.width() + " x " + volume.height() + " (x, y) does not match projections " + tilts.width() + " x " + tilts.height()
				+ " (the volume needs their height and at least their width)");
		angles = new Angle[tilts.angleCount()];
		boolean alongX = false;
		for (int a = 0; a < angles.length; a++) {
			angles[a] = angle(volume, tilts.width(), Math.toRadians(tilts.angleDeg(a)), offsets == null ? 0 : offsets[a]);
			alongX |= angles[a].alongX();
		}
		anyAlongX = alongX;
	}

	private static Angle angle(VolumeGeometry volume, int nu, double theta, double offset) {
		double c = Math.cos(theta), s = Math.sin(theta);
		int nx = volume.width(), nz = volume.depth();
		boolean alongX = Math.abs(c) < Math.abs(s);
		// Rows are z (interpolate along x) or x (interpolate along z, on the transposed slice).
		double major = alongX ? s : c, minor = alongX ? c : s;
		int rows = alongX ? nx : nz, length = alongX ? nz : nx;
		float step = (float) (1 / major);
		float[] base = new float[rows];
		int[] first = new int[rows], end = new int[rows];
		double u0 = -(nu - 1) / 2.0 - offset, rowCentre = (rows - 1) / 2.0, lengthCentre = (length - 1) / 2.0;
		for (int r = 0; r < rows; r++) {
			base[r] = (float) ((u0 - (r - rowCentre) * minor) / major + lengthCentre + 1);
			validRange(base[r], step, length + 1, nu, r, first, end);
		}
		int[] rowFirst = new int[nu], rowEnd = new int[nu];
		for (int r = rows - 1; r >= 0; r--)
			for (int j = first[r]; j < end[r]; j++) {
				rowFirst[j] = r;
				if (rowEnd[j] == 0)
					rowEnd[j] = r + 1;
			}
		return new Angle(alongX, (float) Math.abs(1 / major), step, base, first, end, rowFirst, rowEnd);
	}

	/** The bins j in [0, nu) whose padded position base + j*step, computed as the kernels do, is in [0, limit). */
	private static void validRange(float base, float step, int limit, int nu, int r, int[] first, int[] end) {
		double lo = (0 - base) / step, hi = (limit - base) / step;
		int j0 = (int) Math.max(0, Math.floor(Math.min(lo, hi)) - 1);
		int j1 = (int) Math.min(nu, Math.ceil(Math.max(lo, hi)) + 1);
		while (j0 < j1 && !inside(base + j0 * step, limit))
			j0++;
		while (j1 > j0 && !inside(base + (j1 - 1) * step, limit))
			j1--;
		first[r] = j0;
		end[r] = j1;
	}

	private static boolean inside(float p, int limit) {
		return p >= 0 && p < limit;
	}
}
