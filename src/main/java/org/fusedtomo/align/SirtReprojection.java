package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.RelativeResidual;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;

/**
 * Aligned projections beside the reprojection of their SIRT reconstruction: the yardstick of how well an
 * alignment lets the projections agree, used by the alignment steps ({@link ProjectionMatching},
 * {@link AxisRefinement}, {@link TiltResiduals}) and by the command line's comparison after aligning.
 * <p>
 * The reconstruction is non-negative SIRT ({@link SirtOptions#DEFAULT}) from zero on a volume as deep as
 * the projections are wide; NaN pixels of the data (not measured, e.g. shifted in from outside by an
 * alignment) are left out of the fit and of the residuals. Both series are shared, not copied.
 *
 * @param data the aligned projections
 * @param model their reprojection, at the same geometry
 */
public record SirtReprojection(TiltSeries data, TiltSeries model) {

	public SirtReprojection {
		if (!data.geometry().equals(model.geometry()))
			throw new IllegalArgumentException("Data " + data.geometry() + " and model " + model.geometry() + " differ");
	}

	/**
	 * SIRT of {@code data}, {@code iterations} long, reprojected at its own angles. Cost: {@code iterations} + 1
	 * forward and {@code iterations} back projections. {@code monitor} follows the SIRT iterations.
	 */
	public static SirtReprojection of(TiltSeries data, int iterations, Parallelism parallelism, Monitor monitor) {
		return new SirtReprojection(data, reprojection(data, data.geometry(), iterations, parallelism, monitor));
	}

	/** SIRT of {@code from}, {@code iterations} long, projected at the angles {@code at} (of the same size): a held-out model. */
	public static TiltSeries model(TiltSeries from, TiltGeometry at, int iterations, Parallelism parallelism) {
		return reprojection(from, at, iterations, parallelism, Monitor.NONE);
	}

	private static TiltSeries reprojection(TiltSeries from, TiltGeometry at, int iterations, Parallelism parallelism, Monitor monitor) {
		VolumeGeometry g = volume(from);
		Projector projector = Projectors.create(g, from.geometry(), parallelism);
		var volume = new Sirt(projector, SirtOptions.DEFAULT).run(from, null, iterations, monitor).volume();
		return (at.equals(from.geometry()) ? projector : Projectors.create(g, at, parallelism)).forward(volume);
	}

	private static VolumeGeometry volume(TiltSeries data) {
		return new VolumeGeometry(data.width(), data.height(), data.width());
	}

	/** {@code ‖model − data‖ / ‖data‖} over the measured pixels of the whole series ({@link RelativeResidual}). */
	public double relativeResidual() {
		return RelativeResidual.of(model.data(), data.data());
	}

	/** {@code Σ (model − data)²} over the measured (not NaN) pixels of each projection, in the series' order. */
	public double[] squaredResiduals() {
		int size = data.width() * data.height();
		float[] m = model.data(), d = data.data();
		double[] out = new double[data.angleCount()];
		for (int p = 0; p < out.length; p++) {
			int o = data.projectionOffset(p);
			double s = 0;
			for (int i = o; i < o + size; i++)
				if (!Float.isNaN(d[i])) {
					double r = m[i] - d[i];
					s += r * r;
				}
			out[p] = s;
		}
		return out;
	}
}
