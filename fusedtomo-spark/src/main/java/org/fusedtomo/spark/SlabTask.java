package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.apache.spark.TaskContext;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.recon.Reconstruction;

/**
 * What one Spark task holds and does: the rows of one {@link Slab} of a tilt series, reconstructed with
 * the single-machine algorithm on the slab's own projector. Serialised to the executor; pure (the same
 * input gives the same output), so a retried task gives the same result.
 */
public record SlabTask(Slab slab, int width, int depth, double[] anglesDeg, float[] rows) implements Serializable {

	/** The slab's rows of {@code b}, angle by angle. */
	public static SlabTask of(Slab slab, TiltSeries b, int depth) {
		return new SlabTask(slab, b.width(), depth, b.anglesDeg(), SlabRows.copy(b.data(), b.width(), b.height(), slab.from(), slab.to()));
	}

	/** The slab's tilt series (sharing {@link #rows}). */
	public TiltSeries series() {
		return new TiltSeries(ArrayImgs.floats(rows, width, slab.slices(), anglesDeg.length), anglesDeg, Calibration.PIXEL);
	}

	/** The default projector between the slab's volume and its tilt series. */
	public Projector projector(Parallelism parallelism) {
		TiltSeries s = series();
		return Projectors.create(new VolumeGeometry(width, slab.slices(), depth), s.geometry(), parallelism);
	}

	/**
	 * EM's start needs the counts and ray sums of the whole series: this slab's {Σ max(b, 0), Σ A1}, summed
	 * over slabs by the driver.
	 */
	public double[] countsAndRaySums(Parallelism parallelism) {
		double total = 0, rays = 0;
		for (float f : rows)
			if (f > 0)
				total += f;
		Projector p = projector(parallelism);
		Volume ones = Volume.zeros(p.volumeGeometry());
		Arrays.fill(ones.data(), 1f);
		for (float f : p.forward(ones).data())
			rays += f;
		return new double[] { total, rays };
	}

	/**
	 * Runs {@code method} on this slab. {@code emStart} is EM's start value for the whole series (its
	 * single-machine run starts from the constant Σb / Σ(A1)); other methods ignore it.
	 */
	public SlabResult run(ConventionalMethod method, ConventionalParameters parameters, float emStart, Parallelism parallelism) {
		Projector p = projector(parallelism);
		TiltSeries b = series();
		Monitor killed = killedTaskMonitor();
		Reconstruction r;
		if (method == ConventionalMethod.EM) {
			Volume start = Volume.zeros(p.volumeGeometry());
			Arrays.fill(start.data(), emStart);
			r = new Mlem(p, MlemOptions.DEFAULT, parallelism).run(b, start, parameters.iterations(), killed);
		}
		else
			r = method.run(p, b, parameters, parallelism, killed);
		Map<String, double[]> history = new LinkedHashMap<>(r.history().asMap());
		return new SlabResult(slab, r.volume().data(), history);
	}

	/**
	 * Cancels the algorithm at its next check once Spark kills this task (a cancelled job, a speculative
	 * copy that lost); outside a Spark task it never cancels.
	 */
	static Monitor killedTaskMonitor() {
		TaskContext context = TaskContext.get();
		return context == null ? Monitor.NONE : new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return context.isInterrupted();
			}
		};
	}

	/** A slab's volume (x, y, z with its own height) and its cost terms per iteration. */
	public record SlabResult(Slab slab, float[] voxels, Map<String, double[]> history) implements Serializable {}
}
