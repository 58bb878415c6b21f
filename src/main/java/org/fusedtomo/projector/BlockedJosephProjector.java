package org.fusedtomo.projector;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/**
 * Joseph's projector on blocks of B slices along the tilt axis: the block is copied into per-thread
 * scratch with the slice index innermost, so each ray's position and weights, computed once, serve
 * all B slices in one contiguous (vectorisable) loop. Rays are those of {@link JosephRays}, the same
 * as {@link JosephProjector}, so results agree to float rounding; back is the exact adjoint.
 * <p>
 * Scratch per thread: two padded block copies, {@code 2 * B * (nx+2) * (nz+2)} floats, plus one block
 * of bins, kept between calls (softly, so the GC may reclaim it): allocating and zeroing it per call
 * cost as much as the kernel at few angles. Threads take blocks, so at least {@code threads * B} slices
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
	private final AtomicReference<SoftReference<Scratch[]>> spare = new AtomicReference<>();

	BlockedJosephProjector(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, RowKernel kernel) {
		this.rays = new JosephRays(volume, tilts);
		this.volume = volume;
		this.tilts = tilts;
		this.parallelism = parallelism;
		this.kernel = kernel;
	}

	/** The plain-Java variant with the given number of slices per block. */
	public static BlockedJosephProjector scalar(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, int block) {
		return new BlockedJosephProjector(volume, tilts, parallelism, new ScalarRowKernel(block));
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
		spare.set(new SoftReference<>(scratch));
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volume, tilts, out, projections);
		Scratch[] scratch = takeScratch();
		parallelism.forEach(blockCount(), (worker, b) -> backBlock(projections.data(), out.data(), b * kernel.block(), scratch[worker]));
		spare.set(new SoftReference<>(scratch));
	}

	private int blockCount() {
		return (volume.height() + kernel.block() - 1) / kernel.block();
	}

	private final class Scratch {
		final float[] rowsZ = new float[volume.depth() * (volume.width() + 2) * kernel.block()];
		final float[] rowsX = rays.anyAlongX ? new float[volume.width() * (volume.depth() + 2) * kernel.block()] : null;
		final float[] bins = new float[tilts.width() * kernel.block()];
	}

	private Scratch[] takeScratch() {
		SoftReference<Scratch[]> kept = spare.getAndSet(null);
		Scratch[] s = kept == null ? null : kept.get();
		return s != null ? s : newScratch();
	}

	private Scratch[] newScratch() {
		Scratch[] s = new Scratch[Math.min(parallelism.threads(), blockCount())];
		for (int i = 0; i < s.length; i++)
			s[i] = new Scratch();
		return s;
	}

	private void forwardBlock(float[] vol, float[] proj, int y0, Scratch s) {
		int nx = volume.width(), ny = volume.height(), nz = volume.depth(), nu = tilts.width(), b = kernel.block();
		int count = Math.min(b, ny - y0), px = (nx + 2) * b, pz = (nz + 2) * b;
		// NB: reused scratch holds a back projection's values, so the padding is cleared here.
		if (count < b)
			Arrays.fill(s.rowsZ, 0f);
		else
			for (int z = 0; z < nz; z++) {
				Arrays.fill(s.rowsZ, z * px, z * px + b, 0f);
				Arrays.fill(s.rowsZ, (z + 1) * px - b, (z + 1) * px, 0f);
			}
		for (int z = 0; z < nz; z++)
			for (int k = 0; k < count; k++) {
				int src = (z * ny + y0 + k) * nx, dst = z * px + b + k;
				for (int x = 0; x < nx; x++)
					s.rowsZ[dst + x * b] = vol[src + x];
			}
		if (rays.anyAlongX) {
			for (int x = 0; x < nx; x++) {
				Arrays.fill(s.rowsX, x * pz, x * pz + b, 0f);
				Arrays.fill(s.rowsX, (x + 1) * pz - b, (x + 1) * pz, 0f);
			}
			for (int z = 0; z < nz; z++)
				for (int x = 0; x < nx; x++)
					System.arraycopy(s.rowsZ, z * px + (x + 1) * b, s.rowsX, x * pz + (z + 1) * b, b);
		}
		for (int a = 0; a < rays.angles.length; a++) {
			JosephRays.Angle r = rays.angles[a];
			float[] rows = r.alongX() ? s.rowsX : s.rowsZ;
			int stride = r.alongX() ? pz : px;
			Arrays.fill(s.bins, 0f);
			// NB: rays cross rows in cache-sized chunks, so a chunk is read from memory once per angle, not once per ray.
			int chunk = Math.max(1, CHUNK_FLOATS / stride);
			for (int c = 0; c < r.base().length; c += chunk)
				kernel.forward(rows, stride, r, c, Math.min(c + chunk, r.base().length), s.bins);
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
		int count = Math.min(b, ny - y0), px = (nx + 2) * b, pz = (nz + 2) * b;
		Arrays.fill(s.rowsZ, 0f);
		if (rays.anyAlongX)
			Arrays.fill(s.rowsX, 0f);
		if (count < b)
			Arrays.fill(s.bins, 0f);
		for (int a = 0; a < rays.angles.length; a++) {
			JosephRays.Angle r = rays.angles[a];
			float[] rows = r.alongX() ? s.rowsX : s.rowsZ;
			int stride = r.alongX() ? pz : px;
			float w = r.weight();
			for (int k = 0; k < count; k++) {
				int off = (a * ny + y0 + k) * nu;
				for (int j = 0; j < nu; j++)
					s.bins[j * b + k] = w * proj[off + j];
			}
			for (int row = 0; row < r.base().length; row++)
				kernel.scatter(rows, row * stride, r.base()[row], r.step(), r.first()[row], r.end()[row], s.bins);
		}
		if (rays.anyAlongX)
			for (int z = 0; z < nz; z++)
				for (int x = 0; x < nx; x++) {
					int d = z * px + (x + 1) * b, src = x * pz + (z + 1) * b;
					for (int k = 0; k < b; k++)
						s.rowsZ[d + k] += s.rowsX[src + k];
				}
		for (int z = 0; z < nz; z++)
			for (int k = 0; k < count; k++) {
				int dst = (z * ny + y0 + k) * nx, src = z * px + b + k;
				for (int x = 0; x < nx; x++)
					vol[dst + x] = s.rowsZ[src + x * b];
			}
	}
}
