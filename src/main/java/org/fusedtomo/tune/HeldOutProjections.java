package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.fused.FusedCost;
import org.fusedtomo.recon.fused.WeightMethod;

/**
 * A self-consistency score for data without a truth: every k-th HAADF tilt is held out, the
 * reconstruction sees the rest (and all chemical maps), and the HAADF model {@code Σ_e w_e x_e^γ} of its
 * volumes, reprojected at the held-out angles, is compared with the held-out projections by the
 * scale-invariant {@link Nrmse} (the fused volumes carry an arbitrary scale). A tilt recorded several
 * times ({@link RepeatedTilts}) is held out with all its exposures, so a held-out angle is never seen in
 * training. Immutable.
 */
public final class HeldOutProjections {

	private final MultiModalSeries training;
	private final TiltSeries heldOut;

	/**
	 * @param series the full data
	 * @param every hold out the tilts {@code every/2, every/2 + every, …} (≥ 2; repeated tilts counted once,
	 *        in increasing angle), so the held-out angles lie inside the range the training set covers
	 * @throws IllegalArgumentException when {@code every < 2} or nothing would be held out
	 */
	public HeldOutProjections(MultiModalSeries series, int every) {
		if (every < 2)
			throw new IllegalArgumentException("every must be at least 2 (hold out every k-th HAADF projection), got " + every);
		TiltSeries haadf = series.haadf();
		List<Integer> held = new ArrayList<>(), kept = new ArrayList<>();
		// NB: the exposures of a repeated tilt count as one tilt and go together.
		RepeatedTilts tilts = RepeatedTilts.of(haadf.geometry());
		int[] tilt = tilts.hasRepeats() ? tilts.tiltOf() : java.util.stream.IntStream.range(0, haadf.angleCount()).toArray();
		for (int i = 0; i < haadf.angleCount(); i++)
			(tilt[i] % every == every / 2 ? held : kept).add(i);
		if (held.isEmpty() || kept.size() < 2)
			throw new IllegalArgumentException("Holding out every " + every + "-th of " + haadf.angleCount() + " HAADF projections leaves " + held.size() + " held out and "
				+ kept.size() + " kept; use a smaller every");
		this.heldOut = haadf.subset(held.stream().mapToInt(Integer::intValue).toArray());
		this.training = series.with(haadf.subset(kept.stream().mapToInt(Integer::intValue).toArray()), series.chemical());
	}

	/** The series to reconstruct from: the kept HAADF projections and every chemical series. */
	public MultiModalSeries training() {
		return training;
	}

	/** The held-out HAADF projections (a copy). */
	public TiltSeries heldOut() {
		return heldOut.copy();
	}

	/**
	 * NRMSE of the reprojected HAADF model of {@code volumes} (element to volume, all of one size) against
	 * the held-out projections. Cost: O(E · voxels) plus one forward projection at the held-out angles.
	 */
	public double score(Map<String, Volume> volumes, double gamma, WeightMethod weightMethod, Parallelism parallelism) {
		List<String> elements = List.copyOf(volumes.keySet());
		double[] w = weightMethod.weights(elements, gamma);
		VolumeGeometry g = volumes.get(elements.get(0)).geometry();
		Volume model = FusedCost.haadfModel(List.copyOf(volumes.values()), w, gamma, parallelism);
		TiltSeries predicted = Projectors.create(g, heldOut.geometry(), parallelism).forward(model);
		return Nrmse.ofMeasured(predicted.data(), heldOut.data());
	}
}
