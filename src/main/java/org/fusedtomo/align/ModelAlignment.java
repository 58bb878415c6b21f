package org.fusedtomo.align;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.AlignedProjector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;

/**
 * An {@link Alignment} applied inside the forward model instead of to the counts (docs/fused-study.md, "The alignment
 * inside the forward model"): projectors onto the raw, unaligned series ({@link AlignedProjector}) and the raw data with
 * the pixels the aligned frame does not cover marked not measured. The alignment is in the pixels of the grid the
 * projector is made for (the HAADF grid: a chemical series on a coarser grid is projected on the HAADF grid and then
 * binned, {@code SampledProjector.factory(ModelAlignment.factory(...), sampling)}, so its alignment stays in HAADF pixels).
 */
public final class ModelAlignment {

	private ModelAlignment() {}

	/**
	 * A factory that makes {@code inner}'s projector for the asked geometry, followed by {@code alignment}'s move into
	 * the raw frame: shifts by index when the angles are the alignment's, otherwise {@link Alignment#shiftAt} (a chemical
	 * series, or a subset of the HAADF tilts: a tilt recorded several times then takes the mean shift of its exposures).
	 *
	 * @throws IllegalArgumentException from {@code create} when a tilt lies beyond the alignment's angles
	 */
	public static ProjectorFactory factory(Alignment alignment, ProjectorFactory inner) {
		return (volume, tilts, parallelism) -> projector(alignment, tilts, inner, volume, parallelism);
	}

	/**
	 * {@link #factory(Alignment, ProjectorFactory)} with one alignment per series: for a geometry, the first of
	 * {@code alignments} whose angles are its angles (a chemical series' own registration), else the first (the
	 * HAADF's) interpolated in angle. Two series at the same angles with different alignments cannot be told apart here.
	 *
	 * @throws IllegalArgumentException when {@code alignments} is empty
	 */
	public static ProjectorFactory factory(List<Alignment> alignments, ProjectorFactory inner) {
		if (alignments.isEmpty())
			throw new IllegalArgumentException("An aligned projector factory needs at least one alignment");
		List<Alignment> copy = List.copyOf(alignments);
		return (volume, tilts, parallelism) -> {
			Alignment chosen = copy.stream().filter(a -> a.matches(tilts)).findFirst().orElse(copy.get(0));
			return projector(chosen, tilts, inner, volume, parallelism);
		};
	}

	/**
	 * The projector of {@code alignment} at {@code tilts}: without an axis rotation, and on the default projector, the x
	 * shift inside the Joseph kernel's rays and the y shift between rows ({@link AlignedProjector#withRayOffsets}: fused
	 * NRMSE −37 % on held-out phantoms against resampling the counts, −15 % against the bilinear model); with a rotation,
	 * the bilinear model on {@code inner}'s projection (−26 %; docs/fused-study.md, "The alignment inside the forward model").
	 */
	private static AlignedProjector projector(Alignment alignment, TiltGeometry tilts, ProjectorFactory inner, VolumeGeometry volume, Parallelism parallelism) {
		Alignment at = at(alignment, tilts);
		double[] tx = at.dx();
		for (int i = 0; i < tx.length; i++)
			tx[i] += at.axisOffsetPx();
		if (at.axisRotationDeg() == 0 && inner == ProjectorFactory.TOMOGRAPHY)
			return AlignedProjector.withRayOffsets(volume, tilts, parallelism, 0, tx, at.dy());
		return new AlignedProjector(inner.create(volume, tilts, parallelism), at.axisRotationDeg(), tx, at.dy());
	}

	/** {@code alignment} at the angles of {@code tilts}: itself when they match, else interpolated in angle. */
	static Alignment at(Alignment alignment, TiltGeometry tilts) {
		if (alignment.matches(tilts))
			return alignment;
		alignment.requireCovers(tilts.anglesDeg(), null);
		return alignment.atAngles(tilts.anglesDeg());
	}

	/**
	 * A copy of the raw series {@code raw} with the pixels that {@code alignment}'s aligned frame does not cover set to
	 * NaN (not measured), on {@code raw}'s own grid. Cost: one transform per pixel.
	 */
	public static TiltSeries markUncovered(Alignment alignment, TiltSeries raw) {
		Alignment at = at(alignment, raw.geometry());
		double[] tx = at.dx();
		for (int i = 0; i < tx.length; i++)
			tx[i] += at.axisOffsetPx();
		return AlignedProjector.markUncovered(raw, at.axisRotationDeg(), tx, at.dy());
	}

	/**
	 * {@link #markUncovered(Alignment, TiltSeries)} for a series recorded at {@code sampling} on the grid of a
	 * {@code haadfWidth} x {@code haadfHeight} HAADF series, to which the alignment belongs (its pixels): a pixel is
	 * not measured when any HAADF-grid pixel of its block is not covered (the model bins the moved projection).
	 */
	public static TiltSeries markUncovered(Alignment alignment, TiltSeries raw, ChemicalSampling sampling, int haadfWidth, int haadfHeight) {
		if (sampling.isFull() && raw.width() == haadfWidth && raw.height() == haadfHeight)
			return markUncovered(alignment, raw);
		sampling.checkFits(haadfWidth, haadfHeight, raw.width(), raw.height());
		TiltSeries fine = markUncovered(alignment, TiltSeries.zeros(new TiltGeometry(haadfWidth, haadfHeight, raw.anglesDeg())));
		// NB: NaN propagates through the block sums, so a block with one uncovered pixel is NaN.
		TiltSeries blocks = SampledProjector.bin(fine, sampling, raw.width(), raw.height(), raw.calibration());
		TiltSeries out = raw.copy();
		float[] d = out.data(), b = blocks.data();
		for (int i = 0; i < d.length; i++)
			if (Float.isNaN(b[i]))
				d[i] = Float.NaN;
		return out;
	}

	/**
	 * Refuses {@code alignment} for a raw HAADF series at other angles (one line naming both), and a chemical tilt beyond
	 * its angles ({@link Alignment#requireCovers}).
	 *
	 * @param alignmentName names the alignment (its file) in the message
	 * @param haadfName names the HAADF series (its file) in the message
	 * @throws IllegalArgumentException naming both
	 */
	public static void requireFor(Alignment alignment, TiltSeries haadf, Map<String, TiltSeries> chemical, String alignmentName, String haadfName) {
		if (!alignment.matches(haadf.geometry()))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "The angles of %s (%d, %.2f to %.2f deg) are not those of the HAADF series %s (%d, %.2f to %.2f deg)",
				alignmentName, alignment.angleCount(), min(alignment.anglesDeg()), max(alignment.anglesDeg()), haadfName, haadf.angleCount(), min(haadf.anglesDeg()),
				max(haadf.anglesDeg())));
		chemical.forEach((el, s) -> alignment.requireCovers(s.anglesDeg(), alignmentName + " (the " + el + " series)"));
	}

	private static double min(double[] a) {
		return Arrays.stream(a).min().orElseThrow();
	}

	private static double max(double[] a) {
		return Arrays.stream(a).max().orElseThrow();
	}

	/**
	 * Every series of {@code raw} with its uncovered pixels not measured ({@link #markUncovered(Alignment, TiltSeries,
	 * ChemicalSampling, int, int)} at its sampling on the HAADF grid), ready for {@link #factory(Alignment, ProjectorFactory)}.
	 */
	public static MultiModalSeries markUncovered(Alignment alignment, MultiModalSeries raw) {
		TiltSeries haadf = raw.haadf();
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		raw.chemical().forEach((el, s) -> chemical.put(el, markUncovered(alignment, s, raw.sampling(el), haadf.width(), haadf.height())));
		return raw.with(markUncovered(alignment, haadf), chemical);
	}
}
