package org.fusedtomo.projector;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.SpareScratch;

/**
 * Joseph's projector on blocks of B slices along the tilt axis: the block is copied into per-thread
 * scratch with the slice index innermost, so each ray's position and weights, computed once, serve
 * all B slices in one contiguous (vectorisable) loop. Rays are those of {@link JosephRays}, the same
 * as the per-slice reference projector of the tests, so results agree to float rounding; back is the exact adjoint.
 * <p>
 * Scratch per thread: one padded block, {@code B * (nx+2) * (nz+2)} floats, plus one block of bins,
 * kept between calls (softly, so the GC may reclaim it): allocating and zeroing it per call cost as
 * much as the kernel at few angles. Threads take blocks, so at least {@code threads * B} slices
 * keep every thread busy.
 */
public final class BlockedJosephProjector implements Projector {

	/** Floats of scratch rows that forward rays traverse together: about the size of a core's L2 cache (1 MiB). */
	static final int CHUNK_FLOATS = 1 << 18;

	private final VolumeGeometry volume;
	private final TiltGeometry tilts;
	private final Parallelism parallelism;
	private final JosephRays rays;
	private final RowKernel kernel;
	/** Scratch of the last finished call; a concurrent call takes it or allocates its own. */
	private final SpareScratch<Scratch[]> spare = new SpareScratch<>();

	BlockedJosephProjector(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, RowKernel kernel) {
		this(volume, tilts, parallelism, kernel, null);
	}

	/** With each angle's detector positions moved by {@code offsets} pixels ({@link JosephRays#JosephRays(VolumeGeometry, TiltGeometry, double[])}). */
	BlockedJosephProjector(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, RowKernel kernel, double[] offsets) {
		this.rays = new JosephRays(volume, tilts, offsets);
		this.volume = volume;
		this.tilts = tilts;
		this.parallelism = parallelism;
		this.kernel = kernel;
	}

	/** The plain-Java variant with the given number of slices per block. */
	public static BlockedJosephProjector scalar(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, int block) {
		return new BlockedJosephProjector(volume, tilts, parallelism, new ScalarRowKernel(block));
	}

	/**
	 * The plain-Java variant in its general loops only, also at 16 slices per block (where {@link #scalar}
	 * takes the written-out 16-slice copies): the scalar form that the other kernels are measured and
	 * tested against. Same rays; sums differ from the copies' by float rounding (no fused multiply-add).
	 */
	public static BlockedJosephProjector scalarGeneral(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, int block) {
		return new BlockedJosephProjector(volume, tilts, parallelism, new ScalarRowKernel(block, false));
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return volume;
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return tilts;
	}

	/** Slices per block. */
	public int block() {
		return kernel.block();
	}

	@Override
	public void forward(Volume vol, TiltSeries out) {
		Projectors.checkSizes(volume, tilts, vol, out);
		Scratch[] scratch = takeScratch();
		parallelism.forEach(blockCount(), (worker, b) -> forwardBlock(vol.data(), out.data(), b * kernel.block(), scratch[worker]));
		spare.keep(scratch);
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volume, tilts, out, projections);
		Scratch[] scratch = takeScratch();
		parallelism.forEach(blockCount(), (worker, b) -> backBlock(projections.data(), out.data(), b * kernel.block(), scratch[worker]));
		spare.keep(scratch);
	}

	private int blockCount() {
		return (volume.height() + kernel.block() - 1) / kernel.block();
	}

	/**
	 * A block as one grid padded by a zero on every side in x and z: the B slices of voxel (x, z) start at
	 * {@code ((z + 1) * (nx + 2) + x + 1) * B}. Rays along z read its x rows, rays along x its z columns
	 * (position stride one grid row), so neither direction needs a transposed copy.
	 */
	private final class Scratch {
		final float[] grid = new float[(volume.depth() + 2) * (volume.width() + 2) * kernel.block()];
		final float[] bins = new float[tilts.width() * kernel.block()];
	}

	private Scratch[] takeScratch() {
		return spare.take(s -> true, this::newScratch);
	}

	private Scratch[] newScratch() {
		Scratch[] s = new Scratch[Math.min(parallelism.threads(), blockCount())];
		for (int i = 0; i < s.length; i++)
			s[i] = new Scratch();
		return s;
	}

	private void forwardBlock(float[] vol, float[] proj, int y0, Scratch s) {
		int nx = volume.width(), ny = volume.height(), nz = volume.depth(), nu = tilts.width(), b = kernel.block();
		int count = Math.min(b, ny - y0), gridRow = (nx + 2) * b;
		float[] grid = s.grid;
		// NB: reused scratch holds a back projection's values, which reach into the padding.
		if (count < b)
			Arrays.fill(grid, 0f);
		else {
			Arrays.fill(grid, 0, gridRow, 0f);
			Arrays.fill(grid, (nz + 1) * gridRow, (nz + 2) * gridRow, 0f);
			for (int z = 1; z <= nz; z++) {
				Arrays.fill(grid, z * gridRow, z * gridRow + b, 0f);
				Arrays.fill(grid, (z + 1) * gridRow - b, (z + 1) * gridRow, 0f);
			}
		}
		for (int z = 0; z < nz; z++)
			for (int k = 0; k < count; k++) {
				int src = (z * ny + y0 + k) * nx, dst = (z + 1) * gridRow + b + k;
				for (int x = 0; x < nx; x++)
					grid[dst + x * b] = vol[src + x];
			}
		for (int a = 0; a < rays.angles.length; a++) {
			JosephRays.Angle r = rays.angles[a];
			Arrays.fill(s.bins, 0f);
			traceRows(r, grid, s.bins, false);
			float w = r.weight();
			for (int k = 0; k < count; k++) {
				int off = (a * ny + y0 + k) * nu;
				for (int j = 0; j < nu; j++)
					proj[off + j] = w * s.bins[j * b + k];
			}
		}
	}

	private void backBlock(float[] proj, float[] vol, int y0, Scratch s) {
		int nx = volume.width(), ny = volume.height(), nz = volume.depth(), nu = tilts.width(), b = kernel.block();
		int count = Math.min(b, ny - y0), gridRow = (nx + 2) * b;
		float[] grid = s.grid;
		Arrays.fill(grid, 0f);
		if (count < b)
			Arrays.fill(s.bins, 0f);
		for (int a = 0; a < rays.angles.length; a++) {
			JosephRays.Angle r = rays.angles[a];
			float w = r.weight();
			for (int k = 0; k < count; k++) {
				int off = (a * ny + y0 + k) * nu;
				for (int j = 0; j < nu; j++)
					s.bins[j * b + k] = w * proj[off + j];
			}
			traceRows(r, grid, s.bins, true);
		}
		for (int z = 0; z < nz; z++)
			for (int k = 0; k < count; k++) {
				int dst = (z * ny + y0 + k) * nx, src = (z + 1) * gridRow + b + k;
				for (int x = 0; x < nx; x++)
					vol[dst + x] = grid[src + x * b];
			}
	}

	/**
	 * Runs the kernel's forward ({@code back} false) or back projection of one angle over the grid. Rays
	 * along z take grid rows, rays along x grid columns (positions one grid row apart); either way rows are
	 * taken in cache-sized chunks, so a chunk is read from memory once per angle, not once per ray.
	 */
	private void traceRows(JosephRays.Angle r, float[] grid, float[] bins, boolean back) {
		int b = kernel.block(), gridRow = (volume.width() + 2) * b;
		int rowStride = r.alongX() ? b : gridRow, positionStride = r.alongX() ? gridRow : b;
		int rows = r.base().length, rowFloats = ((r.alongX() ? volume.depth() : volume.width()) + 2) * b;
		int chunk = Math.max(1, CHUNK_FLOATS / rowFloats);
		// NB: row r starts at (r + 1) row strides, past the zero padding of the first row or column.
		for (int c = 0; c < rows; c += chunk)
			if (back)
				kernel.back(grid, rowStride, rowStride, positionStride, r, c, Math.min(c + chunk, rows), bins);
			else
				kernel.forward(grid, rowStride, rowStride, positionStride, r, c, Math.min(c + chunk, rows), bins);
	}
}
