package org.fusedtomo.projector;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/**
 * Joseph's ray-driven projector with linear interpolation, per (x, z) slice, threads over y.
 * <p>
 * At tilt θ the ray of detector bin j is {@code x cos θ + z sin θ = u_j}. Where |cos θ| ≥ |sin θ| the
 * ray steps one row of z at a time and interpolates along x, with weight 1/|cos θ| (the path length per
 * row); otherwise it steps along x on a transposed copy of the slice and interpolates along z. Each
 * slice row is padded with one zero on either side so the inner loop has no bounds checks. The back
 * projector runs the same loops with scatter instead of gather, so it is the exact adjoint.
 * <p>
 * Cost: about {@code width * depth * angles} interpolations per slice in each direction; scratch is
 * two padded slices per thread.
 */
public final class JosephProjector implements Projector {

	private final VolumeGeometry volume;
	private final TiltGeometry tilts;
	private final Parallelism parallelism;
	private final JosephRays.Angle[] rays;
	private final boolean anyAlongX;

	public JosephProjector(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism) {
		JosephRays r = new JosephRays(volume, tilts);
		this.volume = volume;
		this.tilts = tilts;
		this.parallelism = parallelism;
		this.rays = r.angles;
		this.anyAlongX = r.anyAlongX;
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return volume;
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return tilts;
	}

	@Override
	public void forward(Volume vol, TiltSeries out) {
		Projectors.checkSizes(volume, tilts, vol, out);
		Scratch[] scratch = scratch();
		parallelism.forEach(volume.height(), (worker, y) -> forwardSlice(vol.data(), out.data(), y, scratch[worker]));
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volume, tilts, out, projections);
		Scratch[] scratch = scratch();
		parallelism.forEach(volume.height(), (worker, y) -> backSlice(projections.data(), out.data(), y, scratch[worker]));
	}

	private final class Scratch {
		final float[] rowsZ = new float[volume.depth() * (volume.width() + 2)];
		final float[] rowsX = anyAlongX ? new float[volume.width() * (volume.depth() + 2)] : null;
		final float[] bins = new float[tilts.width()];
	}

	private Scratch[] scratch() {
		Scratch[] s = new Scratch[Math.min(parallelism.threads(), volume.height())];
		for (int i = 0; i < s.length; i++)
			s[i] = new Scratch();
		return s;
	}

	private void forwardSlice(float[] vol, float[] proj, int y, Scratch s) {
		int nx = volume.width(), ny = volume.height(), nz = volume.depth(), nu = tilts.width();
		int px = nx + 2, pz = nz + 2;
		for (int z = 0; z < nz; z++)
			System.arraycopy(vol, (z * ny + y) * nx, s.rowsZ, z * px + 1, nx);
		if (anyAlongX)
			for (int z = 0; z < nz; z++)
				for (int x = 0; x < nx; x++)
					s.rowsX[x * pz + z + 1] = s.rowsZ[z * px + x + 1];
		for (int a = 0; a < rays.length; a++) {
			JosephRays.Angle r = rays[a];
			float[] rows = r.alongX() ? s.rowsX : s.rowsZ;
			int stride = r.alongX() ? pz : px;
			float[] bins = s.bins;
			Arrays.fill(bins, 0f);
			for (int row = 0; row < r.base().length; row++)
				gather(rows, row * stride, r.base()[row], r.step(), r.first()[row], r.end()[row], bins);
			int off = (a * ny + y) * nu;
			float w = r.weight();
			for (int j = 0; j < nu; j++)
				proj[off + j] = w * bins[j];
		}
	}

	private static void gather(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins) {
		for (int j = first; j < end; j++) {
			float p = base + j * step;
			int i = (int) p;
			float f = p - i;
			float v0 = rows[rowStart + i];
			bins[j] += v0 + f * (rows[rowStart + i + 1] - v0);
		}
	}

	private void backSlice(float[] proj, float[] vol, int y, Scratch s) {
		int nx = volume.width(), ny = volume.height(), nz = volume.depth(), nu = tilts.width();
		int px = nx + 2, pz = nz + 2;
		Arrays.fill(s.rowsZ, 0f);
		if (anyAlongX)
			Arrays.fill(s.rowsX, 0f);
		for (int a = 0; a < rays.length; a++) {
			JosephRays.Angle r = rays[a];
			float[] rows = r.alongX() ? s.rowsX : s.rowsZ;
			int stride = r.alongX() ? pz : px;
			float[] bins = s.bins;
			int off = (a * ny + y) * nu;
			float w = r.weight();
			for (int j = 0; j < nu; j++)
				bins[j] = w * proj[off + j];
			for (int row = 0; row < r.base().length; row++)
				scatter(rows, row * stride, r.base()[row], r.step(), r.first()[row], r.end()[row], bins);
		}
		for (int z = 0; z < nz; z++) {
			int o = (z * ny + y) * nx;
			for (int x = 0; x < nx; x++)
				vol[o + x] = s.rowsZ[z * px + x + 1] + (anyAlongX ? s.rowsX[x * pz + z + 1] : 0f);
		}
	}

	private static void scatter(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins) {
		for (int j = first; j < end; j++) {
			float p = base + j * step;
			int i = (int) p;
			float f = p - i;
			float b = bins[j];
			rows[rowStart + i] += b - f * b;
			rows[rowStart + i + 1] += f * b;
		}
	}
}
