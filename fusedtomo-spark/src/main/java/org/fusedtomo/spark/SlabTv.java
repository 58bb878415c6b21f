package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;

/**
 * One slab's state of a TV reconstruction ({@link TvReconstruction}, FISTA) between iterations: the slab's
 * own slices with halos of {@code k + 1} slices below and {@code k + 2} above for k prox iterations. A step
 * runs the single-machine iteration ({@link TvReconstruction.Steps}) on all slices held; errors from the cut
 * ends enter the TV prox at one slice per FGP iteration (x at slice y reads the dual at y − 1, the dual at y
 * reads x at y + 1), so after the step the own slices and the slice above them (read by the TV value) are
 * exact, and the halo slices are replaced by their owners' before the next step. So the state keeps only the own
 * slices of the step's arrays: the next step takes every other slice it holds from the halos (a slab of n slices
 * stores n, not n + 2k + 3, which at 512² and 8 own slices is a fourth of the bytes cached and read per task).
 * <p>
 * Immutable: {@link #next} copies the state before it steps, so a retried task starts from the same state.
 *
 * @param extent the slab and the slices held
 * @param b the tilt series' rows of the slices held (x, y, angle)
 * @param volumes {@link TvReconstruction.Steps#volumeArrays} (or {@link TvReconstruction.SubsetSteps#volumeArrays}, with Poisson
 *        weights and the step factors after them), the slab's own slices; null before the first step
 * @param projections {@link TvReconstruction.Steps#projectionArrays}, the own slices' rows; null before the first step
 * @param x the slab's own slices of the iterate after the last step (x, y, z); null before the first
 * @param initial the start on the slices held (x, y, z) for the first step; null for zero (and after it)
 * @param momentum FISTA's t
 * @param steps the steps done; with ordered subsets the next one is on subset {@code steps} mod their number
 * @param data this slab's share of ½‖Ax − b‖² after the last step (NaN with ordered subsets: no step forms Ax)
 * @param tv this slab's share of TV(x) (NaN with ordered subsets)
 */
record SlabTv(SlabExtent extent, Problem problem, float[] b, float[][] volumes, float[][] projections, float[] x, float[] initial, double momentum, int steps, double data,
	double tv) implements Serializable {

	/**
	 * What every slab shares: the whole volume's size, the angles, the TV settings, L, the threads per task and the
	 * ordered subsets of the angles ({@link TvReconstruction#withOrderedSubsets}; 1: plain FISTA).
	 */
	record Problem(int width, int height, int depth, double[] anglesDeg, double lambda, int proxIterations, boolean warmStartProx, double poissonFloor, double lipschitz,
		int threads, int subsets) implements Serializable {

		/** Plain FISTA (1 subset). */
		Problem(int width, int height, int depth, double[] anglesDeg, double lambda, int proxIterations, boolean warmStartProx, double poissonFloor, double lipschitz,
			int threads) {
			this(width, height, depth, anglesDeg, lambda, proxIterations, warmStartProx, poissonFloor, lipschitz, threads, 1);
		}

		// NB: VolumeGeometry is not Serializable; its sizes are.
		VolumeGeometry volume() {
			return new VolumeGeometry(width, height, depth);
		}

		TvOptions options() {
			// NB: the power iterations were run by the driver already; 1 only passes the check.
			return new TvOptions(lambda, proxIterations, warmStartProx, 1, poissonFloor);
		}
	}

	/** Halo below a slab: the slices whose errors reach its own ones in k FGP iterations and the final x. */
	static int haloBelow(int proxIterations) {
		return proxIterations + 1;
	}

	/** Halo above: one more, since TV(x) on the top own slice reads x on the slice above. */
	static int haloAbove(int proxIterations) {
		return proxIterations + 2;
	}

	/** The state before the first step from zero: the rows of {@code b} the slab holds. */
	static SlabTv start(SlabExtent extent, Problem problem, TiltSeries b) {
		return start(extent, problem, b, null);
	}

	/** The state before the first step from {@code initialOrNull} (the whole volume; null for zero): its rows and those of {@code b} that the slab holds. */
	static SlabTv start(SlabExtent extent, Problem problem, TiltSeries b, Volume initialOrNull) {
		if (b.height() != problem.height())
			throw new IllegalArgumentException("Series of " + b.height() + " slices for a volume of " + problem.height());
		if (initialOrNull != null && !initialOrNull.geometry().equals(problem.volume()))
			throw new IllegalArgumentException("Start volume " + initialOrNull.geometry() + " for a volume of " + problem.volume());
		float[] initial = initialOrNull == null ? null : SlabRows.copy(initialOrNull.data(), problem.width(), problem.height(), extent.lo(), extent.hi());
		return new SlabTv(extent, problem, SlabRows.copy(b.data(), b.width(), b.height(), extent.lo(), extent.hi()), null, null, null, initial, 1, 0, 0, 0);
	}

	/** The rows this slab owns that {@code target} holds as halo (none before the first step). */
	List<SlabHalo> halosFor(List<SlabExtent> targets) {
		if (volumes == null)
			return new ArrayList<>();
		return halos(own(), targets, problem.volume().width(), volumes, projections);
	}

	/** The slab holding only its own slices: the extent of {@link #volumes} and {@link #projections}. */
	private SlabExtent own() {
		return new SlabExtent(extent.slab(), extent.slab().from(), extent.slab().to());
	}

	/**
	 * The rows that the slab of {@code extent} owns and each of {@code targets} holds as halo, of its arrays of
	 * the slices it holds ({@code volumes} and {@code projections}, each w x slices x planes).
	 */
	static List<SlabHalo> halos(SlabExtent extent, List<SlabExtent> targets, int w, float[][] volumes, float[][] projections) {
		List<SlabHalo> halos = new ArrayList<>();
		int n = extent.slices();
		for (SlabExtent t : targets) {
			int[] r = t.haloFrom(extent.slab());
			if (r[0] >= r[1])
				continue;
			float[][] v = new float[volumes.length][], p = new float[projections.length][];
			for (int i = 0; i < v.length; i++)
				v[i] = SlabRows.copy(volumes[i], w, n, r[0] - extent.lo(), r[1] - extent.lo());
			for (int i = 0; i < p.length; i++)
				p[i] = SlabRows.copy(projections[i], w, n, r[0] - extent.lo(), r[1] - extent.lo());
			halos.add(new SlabHalo(t.slab().index(), r[0], r[1], v, p));
		}
		return halos;
	}

	/** One FISTA iteration (with ordered subsets: one subset's step) on a copy of this state with the neighbours' {@code halos} put in. */
	SlabTv next(Iterable<SlabHalo> halos) {
		if (problem.subsets() > 1)
			return nextSubset(halos);
		Held held = new Held();
		TvReconstruction.Steps steps = new TvReconstruction(held.projector(), problem.options(), held.parallelism).new Steps(held.series(), held.start(), problem.lipschitz());
		if (volumes != null) {
			held.restore(halos, steps.volumeArrays(), steps.projectionArrays());
			steps.momentum(momentum);
		}
		steps.step();
		double dataShare = SlabRows.halfSquaredDistance(steps.ax().data(), b, held.w, held.n, held.own0, held.own1);
		double tvShare = TotalVariation.ofSlices(steps.x(), null, held.parallelism, held.own0, held.own1);
		return new SlabTv(extent, problem, b, held.own(steps.volumeArrays()), held.own(steps.projectionArrays()), held.own(steps.x().data()), null, steps.momentum(),
			this.steps + 1, dataShare, tvShare);
	}

	/**
	 * One step of {@link TvReconstruction.SubsetSteps} on subset {@code steps} mod {@link Problem#subsets}: the slab's
	 * slices projected at that subset's angles (tilt axis ∥ y, so slices project alone; only that subset's projector
	 * and data are built), the prox with halos as {@link #next}. With Poisson weights the step factors travel as a
	 * sixth volume array ({@link #STEP_FACTORS}): the first step forms them on the slices held, each later one takes
	 * its own slices' and the halos' rows (per slice the same values). No costs: a step forms no Ax (the single
	 * machine's guide keeps none either).
	 */
	private SlabTv nextSubset(Iterable<SlabHalo> halos) {
		Held held = new Held();
		int count = problem.subsets();
		float[] factors = volumes == null || !problem.options().poissonWeighted() ? null : held.rows(halos, STEP_FACTORS);
		TiltSeries series = held.series();
		TvReconstruction tv = new TvReconstruction(held.projector(), problem.options(), held.parallelism).withOrderedSubsets(count,
			idx -> Projectors.create(held.volume, series.geometry().subset(idx), held.parallelism));
		TvReconstruction.SubsetSteps subsetSteps = tv.new SubsetSteps(series, held.start(), problem.lipschitz(), factors);
		float[][] none = new float[0][];
		if (volumes != null) {
			held.restore(halos, subsetSteps.volumeArrays(), none);
			subsetSteps.momentum(momentum);
		}
		subsetSteps.step(steps % count);
		float[][] state = subsetSteps.volumeArrays();
		if (subsetSteps.stepFactors() != null) {
			state = java.util.Arrays.copyOf(state, STEP_FACTORS + 1);
			state[STEP_FACTORS] = subsetSteps.stepFactors();
		}
		return new SlabTv(extent, problem, b, held.own(state), none, held.own(subsetSteps.x().data()), null, subsetSteps.momentum(), steps + 1, Double.NaN, Double.NaN);
	}

	/** Index in {@link #volumes} of the step factors of a Poisson-weighted subset state, after the 5 arrays of {@link TvReconstruction.SubsetSteps#volumeArrays}. */
	static final int STEP_FACTORS = 5;

	/** The slices this slab holds, as a step sees them: the set-up shared by {@link #next} and {@link #nextSubset}. */
	private final class Held {
		final int w = problem.volume().width(), d = problem.volume().depth(), n = extent.slices();
		final int own0 = extent.slab().from() - extent.lo(), own1 = extent.slab().to() - extent.lo();
		final Parallelism parallelism = new Parallelism(problem.threads());
		final VolumeGeometry volume = new VolumeGeometry(w, n, d);

		/** The series' rows of the slices held. */
		TiltSeries series() {
			return new TiltSeries(ArrayImgs.floats(b, w, n, problem.anglesDeg().length), problem.anglesDeg(), Calibration.PIXEL);
		}

		/** The projector of the slices held at every angle. */
		Projector projector() {
			return Projectors.create(volume, new TiltGeometry(w, n, problem.anglesDeg()), parallelism);
		}

		/** The start before the first step (null: zero), none after it. */
		Volume start() {
			return volumes == null && initial != null ? new Volume(ArrayImgs.floats(initial, w, n, d), Calibration.PIXEL) : null;
		}

		/** Puts this state's own slices, then the halos (which fill every other slice held), into a fresh step's arrays. */
		void restore(Iterable<SlabHalo> halos, float[][] stepVolumes, float[][] stepProjections) {
			put(List.of(new SlabHalo(extent.slab().index(), extent.slab().from(), extent.slab().to(), volumes, projections)), extent, w, stepVolumes, stepProjections);
			put(halos, extent, w, stepVolumes, stepProjections);
		}

		/** Volume array {@code i} on every slice held: this state's own rows and the halos'. */
		float[] rows(Iterable<SlabHalo> halos, int i) {
			float[] out = new float[w * n * d];
			SlabRows.put(volumes[i], out, w, n, own0);
			for (SlabHalo h : halos)
				SlabRows.put(h.volumes()[i], out, w, n, h.from() - extent.lo());
			return out;
		}

		/** The own slices' rows of each of {@code arrays} (w x slices held x planes). */
		float[][] own(float[][] arrays) {
			float[][] rows = new float[arrays.length][];
			for (int i = 0; i < rows.length; i++)
				rows[i] = own(arrays[i]);
			return rows;
		}

		float[] own(float[] array) {
			return SlabRows.copy(array, w, n, own0, own1);
		}
	}

	/**
	 * Writes the {@code halos} into the arrays of the slices that {@code extent} holds, in the order of {@link #halos}:
	 * the volume arrays that both have, in order (a subset state's step factors, after the others, go apart).
	 */
	static void put(Iterable<SlabHalo> halos, SlabExtent extent, int w, float[][] volumes, float[][] projections) {
		int n = extent.slices();
		for (SlabHalo h : halos) {
			int r = h.from() - extent.lo();
			for (int i = 0; i < Math.min(volumes.length, h.volumes().length); i++)
				SlabRows.put(h.volumes()[i], volumes[i], w, n, r);
			for (int i = 0; i < h.projections().length; i++)
				SlabRows.put(h.projections()[i], projections[i], w, n, r);
		}
	}

	static void copyInto(float[][] from, float[][] to) {
		for (int i = 0; i < from.length; i++)
			System.arraycopy(from[i], 0, to[i], 0, from[i].length);
	}

	/** This slab's shares of the costs after the last step: {data, tv}. */
	double[] costs() {
		return new double[] { data, tv };
	}

	/**
	 * Rows {@code [from, to)} (whole-volume slice numbers) of a slab's state arrays for the slab {@code target}
	 * that holds them as halo: volumes and projections in the order of {@link TvReconstruction.Steps}.
	 */
	record SlabHalo(int target, int from, int to, float[][] volumes, float[][] projections) implements Serializable {}
}
