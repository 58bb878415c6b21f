package org.fusedtomo.recon.fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;

/**
 * A coarse-to-fine start for chemical maps binned f x f (issue 17, part 5; docs/fused-study.md "4× maps: coarse to fine",
 * tried and not adopted, so kept with the study): the fused problem is first solved on the maps' own grid (the volume
 * binned f x f x f, the HAADF binned by summing to match, so the maps are fully sampled there), and that result,
 * upsampled and matched to each map's total, replaces the EM start of the fine run. The fine cost is unchanged (its
 * HAADF is still rescaled to the EM start): only where the solver starts. Applies only when every chemical series has
 * one factor f > 1, covers the whole HAADF from (0, 0), nothing is missing and the volume is the projections' grid with
 * a depth divisible by f.
 */
final class CoarseStart {

	private CoarseStart() {}

	/** The coarse TV weight is the fine one times f^this: 1 keeps λ_TV √N_e of the coarse counts, 2 gives a block-constant volume the TV of its fine replica. */
	static final double TV_POWER = Double.parseDouble(System.getProperty("coarse-tv", "1"));

	/**
	 * The fine projector restricted to volumes constant on f x f x f blocks, on the coarse grids: each coarse voxel
	 * replicated onto its block, projected on the fine grid, the projections binned f x f (summed). Exact for the
	 * binned data, unlike a projector of the coarse grid itself (whose interpolation blurs by a coarse voxel).
	 */
	static final class BlockProjector implements Projector {
		private final Projector fine;
		private final VolumeGeometry volume;
		private final TiltGeometry tilts;
		private final ChemicalSampling bin;

		BlockProjector(Projector fine, VolumeGeometry volume, TiltGeometry tilts, int f) {
			this.fine = fine;
			this.volume = volume;
			this.tilts = tilts;
			this.bin = new ChemicalSampling(f, 0, 0);
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
		public void forward(Volume v, TiltSeries out) {
			Volume x = new Volume(fine.volumeGeometry(), v.calibration());
			replicate(v, bin.factor(), x);
			SampledProjector.bin(fine.forward(x), bin, out);
		}

		@Override
		public void back(TiltSeries projections, Volume out) {
			TiltSeries y = new TiltSeries(fine.tiltGeometry(), projections.calibration());
			SampledProjector.spread(projections, bin, y);
			Volume x = fine.back(y);
			int f = bin.factor();
			java.util.Arrays.fill(out.data(), 0f);
			for (int z = 0; z < x.depth(); z++)
				for (int yy = 0; yy < x.height(); yy++)
					for (int xx = 0; xx < x.width(); xx++) {
						int i = out.index(xx / f, yy / f, z / f);
						out.data()[i] += x.get(xx, yy, z);
					}
		}
	}

	/** {@code out} = each voxel of {@code coarse} on its f x f x f block. */
	static void replicate(Volume coarse, int f, Volume out) {
		for (int z = 0; z < out.depth(); z++)
			for (int y = 0; y < out.height(); y++)
				for (int x = 0; x < out.width(); x++)
					out.set(x, y, z, coarse.get(x / f, y / f, z / f));
	}

	/** The common binning factor of {@code series} when the schedule applies to it on {@code volume}, else 1. */
	static int factor(MultiModalSeries series, VolumeGeometry volume) {
		int f = 0;
		for (ChemicalSampling s : series.samplings().values()) {
			if (s.originX() != 0 || s.originY() != 0 || f != 0 && s.factor() != f)
				return 1;
			f = s.factor();
		}
		if (f <= 1 || MissingData.any(series))
			return 1;
		int w = series.width(), h = series.height();
		for (TiltSeries c : series.chemical().values())
			if (c.width() * f != w || c.height() * f != h)
				return 1;
		return volume.width() == w && volume.height() == h && volume.depth() % f == 0 ? f : 1;
	}

	/**
	 * The fine run's start from the coarse fused result: the coarse problem with {@code coarse} parameters (its own
	 * guide and EM start, the fine run's count levels per coarse pixel), each element upsampled to {@code volume}
	 * ({@code nearest}: each voxel on its block, else trilinear) and scaled so that its projection sums to its map's
	 * total as prepared in {@code fine} (as the EM start's does). {@code block}: the coarse projectors are the fine ones
	 * on block-constant volumes ({@link BlockProjector}), else the coarse grid's own.
	 */
	static List<Volume> start(MultiModalSeries series, VolumeGeometry volume, int f, FusedParameters coarse, ProjectorFactory projectors, double startScale,
		FusedProblem fine, boolean block, boolean nearest) {
		ChemicalSampling bin = new ChemicalSampling(f, 0, 0);
		TiltSeries haadf = series.haadf();
		TiltSeries coarseHaadf = SampledProjector.bin(haadf, bin, haadf.width() / f, haadf.height() / f, haadf.calibration());
		Map<String, ChemicalSampling> full = new LinkedHashMap<>();
		for (String el : series.elements())
			full.put(el, ChemicalSampling.FULL);
		MultiModalSeries c = new MultiModalSeries(coarseHaadf, series.chemical(), full);
		VolumeGeometry cv = new VolumeGeometry(volume.width() / f, volume.height() / f, volume.depth() / f);
		// NB: the fine run's count levels (binned counts read as counts, per HAADF pixel) times f² per coarse pixel: read again as fully sampled maps, structure can pass for noise.
		double[][] scales = FusedProblem.elementScales(series, coarse);
		if (scales != null)
			for (int e = 0; e < scales[0].length; e++) {
				scales[0][e] *= (double) f * f;
				scales[1][e] *= Math.pow(f, TV_POWER);
			}
		ProjectorFactory coarseProjectors = block ? (v, tilts, par) -> new BlockProjector(projectors.create(volume, new TiltGeometry(volume.width(), volume.height(), tilts.anglesDeg()), par), v, tilts, f)
			: projectors;
		FusedProblem problem = FusedProblem.prepare(c, cv, coarse, coarseProjectors, startScale, null, scales, null, Monitor.NONE, FusedReconstruction.totalSteps(c, coarse));
		FusedResult r = FusedReconstruction.solve(problem, coarse, Monitor.NONE);
		List<Volume> start = ElementVolumes.copies(fine.start);
		for (int e = 0; e < start.size(); e++) {
			Volume x = start.get(e);
			if (nearest)
				replicate(r.volumes().get(fine.elements.get(e)), f, x);
			else
				upsample(r.volumes().get(fine.elements.get(e)), f, x);
			double model = FloatArrays.sum(fine.cost.chemProjector(e).forward(x).data()), data = FloatArrays.sum(fine.cost.chemData(e).data());
			if (model > 0)
				FusedProblem.scale(x.data(), data / model);
		}
		return start;
	}

	/** {@code out} (f times {@code coarse} along each axis) = trilinear interpolation of {@code coarse} at the fine voxels' centres, clamped at the edges (where both neighbours are the edge voxel). */
	static void upsample(Volume coarse, int f, Volume out) {
		int cw = coarse.width(), ch = coarse.height(), cd = coarse.depth();
		for (int z = 0; z < out.depth(); z++) {
			double w = (z + 0.5) / f - 0.5;
			int z0 = clamp((int) Math.floor(w), cd), z1 = clamp((int) Math.floor(w) + 1, cd);
			double tz = w - Math.floor(w);
			for (int y = 0; y < out.height(); y++) {
				double v = (y + 0.5) / f - 0.5;
				int y0 = clamp((int) Math.floor(v), ch), y1 = clamp((int) Math.floor(v) + 1, ch);
				double ty = v - Math.floor(v);
				for (int x = 0; x < out.width(); x++) {
					double u = (x + 0.5) / f - 0.5;
					int x0 = clamp((int) Math.floor(u), cw), x1 = clamp((int) Math.floor(u) + 1, cw);
					double tx = u - Math.floor(u);
					double a = lerp(coarse.get(x0, y0, z0), coarse.get(x1, y0, z0), tx), b = lerp(coarse.get(x0, y1, z0), coarse.get(x1, y1, z0), tx);
					double c = lerp(coarse.get(x0, y0, z1), coarse.get(x1, y0, z1), tx), d = lerp(coarse.get(x0, y1, z1), coarse.get(x1, y1, z1), tx);
					out.set(x, y, z, (float) lerp(lerp(a, b, ty), lerp(c, d, ty), tz));
				}
			}
		}
	}

	private static int clamp(int i, int n) {
		return Math.max(0, Math.min(n - 1, i));
	}

	private static double lerp(double a, double b, double t) {
		return a + (b - a) * t;
	}
}
