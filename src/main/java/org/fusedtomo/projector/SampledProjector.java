package org.fusedtomo.projector;

import java.util.Arrays;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/**
 * A projector onto a coarser or smaller detector grid than the volume's (issue 17, part 5): the projection
 * on the HAADF grid by a wrapped projector, then binning by {@link ChemicalSampling#factor()} (the sum of
 * each {@code f x f} block: counts add up) and cropping to the window that starts at the sampling's origin.
 * Its adjoint puts each coarse value on its {@code f x f} fine pixels (0 outside the window) and back-projects
 * them, so a chemical map recorded with coarser pixels or a smaller field of view is fused as it is, never
 * resampled. Thread-safe as the wrapped projector; each call allocates one fine tilt series.
 */
public final class SampledProjector implements Projector {

	private final Projector fine;
	private final ChemicalSampling sampling;
	private final TiltGeometry coarse;

	/**
	 * @param fine the projector onto the full HAADF grid at the coarse series' angles
	 * @param sampling where the coarse grid lies on the fine one
	 * @param coarse the coarse series' geometry; same angles as {@code fine}
	 * @throws IllegalArgumentException when the angles differ or the window reaches outside the fine grid
	 */
	public SampledProjector(Projector fine, ChemicalSampling sampling, TiltGeometry coarse) {
		TiltGeometry g = fine.tiltGeometry();
		if (!Arrays.equals(g.anglesDeg(), coarse.anglesDeg()))
			throw new IllegalArgumentException("The sampled projector needs the same angles on its fine and coarse grids, got " + g + " and " + coarse);
		sampling.checkFits(g.width(), g.height(), coarse.width(), coarse.height());
		this.fine = fine;
		this.sampling = sampling;
		this.coarse = coarse;
	}

	/**
	 * A factory that makes, for a volume and a coarse tilt geometry, the projector {@code factory} makes onto
	 * the volume's width and height at those angles, binned and cropped by {@code sampling}; with a
	 * {@link ChemicalSampling#isFull() full} sampling on the volume's grid (or on its centre, for a volume
	 * {@link org.fusedtomo.geometry.VolumeGeometry#widened widened} beyond the view), {@code factory}'s own
	 * projector. A coarser sampling is placed on the volume's full width, so it needs a volume that is not widened.
	 */
	public static ProjectorFactory factory(ProjectorFactory factory, ChemicalSampling sampling) {
		return (volume, tilts, parallelism) -> {
			if (sampling.isFull() && tilts.width() <= volume.width() && tilts.height() == volume.height())
				return factory.create(volume, tilts, parallelism);
			TiltGeometry fineTilts = new TiltGeometry(volume.width(), volume.height(), tilts.anglesDeg());
			return new SampledProjector(factory.create(volume, fineTilts, parallelism), sampling, tilts);
		};
	}

	/** {@link #factory} around the default projector, {@link ProjectorFactory#TOMOGRAPHY}. */
	public static Projector create(VolumeGeometry volume, TiltGeometry coarse, ChemicalSampling sampling, Parallelism parallelism) {
		return factory(ProjectorFactory.TOMOGRAPHY, sampling).create(volume, coarse, parallelism);
	}

	public ChemicalSampling sampling() {
		return sampling;
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return fine.volumeGeometry();
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return coarse;
	}

	@Override
	public void forward(Volume volume, TiltSeries out) {
		Projectors.checkSizes(volumeGeometry(), coarse, volume, out);
		TiltSeries f = new TiltSeries(fine.tiltGeometry(), volume.calibration());
		fine.forward(volume, f);
		bin(f, sampling, out);
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volumeGeometry(), coarse, out, projections);
		TiltSeries f = new TiltSeries(fine.tiltGeometry(), projections.calibration());
		spread(projections, sampling, f);
		fine.back(f, out);
	}

	/**
	 * {@code out} = the sum of each {@code f x f} block of {@code fine} in the window of {@code sampling}:
	 * the coarse pixel (i, j) sums fine pixels {@code [x0 + f i, x0 + f i + f) x [y0 + f j, y0 + f j + f)}.
	 * Also the way to simulate a coarse acquisition from a fine one at the same total counts.
	 */
	public static void bin(TiltSeries fine, ChemicalSampling sampling, TiltSeries out) {
		int f = sampling.factor(), fw = fine.width(), w = out.width(), h = out.height();
		sampling.checkFits(fw, fine.height(), w, h);
		float[] src = fine.data(), dst = out.data();
		for (int a = 0; a < out.angleCount(); a++) {
			int so = fine.projectionOffset(a), dOff = out.projectionOffset(a);
			for (int j = 0; j < h; j++)
				for (int i = 0; i < w; i++) {
					double sum = 0;
					for (int y = sampling.originY() + f * j, yEnd = y + f; y < yEnd; y++) {
						int row = so + y * fw + sampling.originX() + f * i;
						for (int x = 0; x < f; x++)
							sum += src[row + x];
					}
					dst[dOff + j * w + i] = (float) sum;
				}
		}
	}

	/** A new coarse series of {@code width} x {@code height} pixels: {@link #bin} of {@code fine}. */
	public static TiltSeries bin(TiltSeries fine, ChemicalSampling sampling, int width, int height, Calibration calibration) {
		TiltSeries out = new TiltSeries(new TiltGeometry(width, height, fine.anglesDeg()), calibration);
		bin(fine, sampling, out);
		return out;
	}

	/** The adjoint of {@link #bin}: {@code fine} = each coarse value on its {@code f x f} pixels, 0 outside the window. */
	public static void spread(TiltSeries coarse, ChemicalSampling sampling, TiltSeries fine) {
		int f = sampling.factor(), fw = fine.width(), w = coarse.width(), h = coarse.height();
		sampling.checkFits(fw, fine.height(), w, h);
		float[] src = coarse.data(), dst = fine.data();
		Arrays.fill(dst, 0f);
		for (int a = 0; a < coarse.angleCount(); a++) {
			int so = coarse.projectionOffset(a), dOff = fine.projectionOffset(a);
			for (int j = 0; j < h; j++)
				for (int i = 0; i < w; i++) {
					float v = src[so + j * w + i];
					for (int y = sampling.originY() + f * j, yEnd = y + f; y < yEnd; y++) {
						int row = dOff + y * fw + sampling.originX() + f * i;
						for (int x = 0; x < f; x++)
							dst[row + x] = v;
					}
				}
		}
	}
}
