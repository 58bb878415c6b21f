package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;

/**
 * How well each projection of an aligned series agrees with the reprojection of its reconstruction, and
 * how precisely its shift is determined.
 * <p>
 * The series is aligned, binned to at most {@value AxisRefinement#MAX_WIDTH} pixels, reconstructed by
 * non-negative SIRT and reprojected (model m, data d). Per projection: the relative residual
 * {@code ‖m − d‖ / ‖d‖}, and the standard error of its shift by the Cramér–Rao bound of a translation
 * under white noise, {@code σ_x² = s² / Σ (∂m/∂x)²} with {@code s²} the mean squared residual (noise and
 * model error together, so an upper estimate), in full-size pixels, likewise for y.
 *
 * @param anglesDeg the tilts, in the series' order
 * @param residual relative residual per projection
 * @param sigmaXPx standard error of dx per projection, pixels
 * @param sigmaYPx standard error of dy per projection, pixels
 */
public record TiltResiduals(double[] anglesDeg, double[] residual, double[] sigmaXPx, double[] sigmaYPx) {

	/** Cost: one resampling, {@code 3 + 2·sirtIterations} projections of the binned series. Checks for cancellation. */
	public static TiltResiduals of(TiltSeries series, Alignment alignment, int sirtIterations, Parallelism parallelism, Monitor monitor) {
		monitor.checkCancelled();
		int bin = Math.max(1, (int) Math.ceil(Math.max(series.width(), series.height()) / (double) AxisRefinement.MAX_WIDTH));
		TiltSeries data = Binning.bin(alignment.apply(series), bin);
		Projector projector = Projectors.create(new VolumeGeometry(data.width(), data.height(), data.width()), data.geometry(), parallelism);
		TiltSeries model = projector.forward(new Sirt(projector, SirtOptions.DEFAULT).run(data, null, sirtIterations, Monitor.NONE).volume());
		int n = data.angleCount(), w = data.width(), h = data.height();
		double[] residual = new double[n], sx = new double[n], sy = new double[n];
		float[] m = model.data(), d = data.data();
		for (int p = 0; p < n; p++) {
			int o = data.projectionOffset(p);
			double rr = 0, dd = 0, gx = 0, gy = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int i = o + y * w + x;
					double r = m[i] - d[i];
					rr += r * r;
					dd += (double) d[i] * d[i];
					// Central differences inside the frame.
					if (x > 0 && x < w - 1) {
						double g = 0.5 * (m[i + 1] - m[i - 1]);
						gx += g * g;
					}
					if (y > 0 && y < h - 1) {
						double g = 0.5 * (m[i + w] - m[i - w]);
						gy += g * g;
					}
				}
			double s2 = rr / (w * h);
			residual[p] = dd > 0 ? Math.sqrt(rr / dd) : 0;
			sx[p] = gx > 0 ? bin * Math.sqrt(s2 / gx) : Double.POSITIVE_INFINITY;
			sy[p] = gy > 0 ? bin * Math.sqrt(s2 / gy) : Double.POSITIVE_INFINITY;
		}
		return new TiltResiduals(series.anglesDeg(), residual, sx, sy);
	}

	/** Root mean square of {@code v}. */
	public static double rms(double[] v) {
		double s = 0;
		for (double x : v)
			s += x * x;
		return v.length == 0 ? 0 : Math.sqrt(s / v.length);
	}
}
