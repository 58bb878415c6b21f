package org.fusedtomo.recon;

import java.util.Arrays;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Weighted (filtered) backprojection: each projection row is filtered along x with the discrete ramp
 * and a {@link WbpFilter} window, weighted by the angular interval its tilt covers
 * ({@link #angleWeightsRad}), then back projected with the projector's {@code back}.
 * <p>
 * The ramp is Kak &amp; Slaney's spatial kernel (eq. 3.61: h(0) = ¼, h(n) = −1/(π²n²) for odd n, 0 for
 * even n, pixel size 1), transformed to a frequency response. Unlike the sampled |f| it passes the
 * right DC gain, so the reconstruction carries no offset. Rows are zero-padded to a power of two at
 * least twice the width, so the circular FFT convolution equals the linear one over the row. With
 * angle weights in radians summing to π for a full 180° series, and a back projection that
 * interpolates (Joseph's), the result reproduces the object's values, not just its shape.
 * <p>
 * Cost: one FFT pair per projection row (parallel over rows) and one back projection. Memory: one
 * filtered copy of the tilt series. Instances are immutable.
 */
public final class Wbp {

	private final Projector projector;
	private final WbpFilter filter;
	private final Parallelism parallelism;
	private final int padded;
	/** Real frequency response of ramp × window at bins 0..padded/2. */
	private final double[] response;

	/**
	 * @param parallelism threads for the row filtering (the projector brings its own)
	 */
	public Wbp(Projector projector, WbpFilter filter, Parallelism parallelism) {
		if (projector == null)
			throw new IllegalArgumentException("WBP needs a projector, got null");
		if (filter == null)
			throw new IllegalArgumentException("WBP needs a filter, got null; use WbpFilter.RAM_LAK");
		if (parallelism == null)
			throw new IllegalArgumentException("WBP needs a Parallelism, got null; use Parallelism.available()");
		this.projector = projector;
		this.filter = filter;
		this.parallelism = parallelism;
		this.padded = Integer.highestOneBit(Math.max(1, 2 * projector.tiltGeometry().width() - 1)) << 1;
		this.response = frequencyResponse(padded, filter);
	}

	public WbpFilter filter() {
		return filter;
	}

	/**
	 * Reconstructs {@code b}; the history is empty. A pixel that b marks NaN (not measured, {@link MissingData})
	 * counts as 0: a filtered back projection has no way to leave a pixel out. Reports progress once per
	 * filtered projection and checks for cancellation before each one.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 * @throws IllegalArgumentException when b does not fit the projector
	 */
	public Reconstruction run(TiltSeries b, Monitor monitor) {
		TiltSeries filtered = filterAndWeight(MissingData.filled(b), monitor);
		monitor.checkCancelled();
		Volume x = projector.back(filtered);
		return new Reconstruction(x, new CostHistory());
	}

	/**
	 * A new series of the ramp-filtered projections of {@code b}, each multiplied by its angle weight:
	 * the input of the back projection.
	 */
	public TiltSeries filterAndWeight(TiltSeries b, Monitor monitor) {
		ReconArrays.checkInputs(projector, b, null, 0);
		double[] weights = angleWeightsRad(b.anglesDeg());
		TiltSeries out = b.zerosLike();
		int width = b.width(), height = b.height();
		int workers = Math.min(parallelism.threads(), height);
		DoubleFFT_1D[] ffts = new DoubleFFT_1D[workers];
		double[][] rows = new double[workers][padded];
		for (int w = 0; w < workers; w++)
			ffts[w] = new DoubleFFT_1D(padded);
		float[] in = b.data(), dst = out.data();
		for (int a = 0; a < b.angleCount(); a++) {
			monitor.checkCancelled();
			int offset = b.projectionOffset(a);
			double weight = weights[a];
			parallelism.forEach(height, (w, y) -> filterRow(in, dst, offset + y * width, width, weight, rows[w], ffts[w]));
			monitor.progress("WBP filtering", a + 1, b.angleCount());
		}
		return out;
	}

	private void filterRow(float[] in, float[] out, int start, int width, double weight, double[] row, DoubleFFT_1D fft) {
		for (int i = 0; i < width; i++)
			row[i] = in[start + i];
		Arrays.fill(row, width, padded, 0);
		fft.realForward(row);
		// Packed layout: row[0] = Re(0), row[1] = Re(N/2), row[2k], row[2k+1] = Re, Im of bin k.
		row[0] *= response[0];
		row[1] *= response[padded / 2];
		for (int k = 1; k < padded / 2; k++) {
			row[2 * k] *= response[k];
			row[2 * k + 1] *= response[k];
		}
		fft.realInverse(row, true);
		for (int i = 0; i < width; i++)
			out[start + i] = (float) (weight * row[i]);
	}

	/** Frequency response at bins 0..n/2 of Kak &amp; Slaney's spatial ramp times the window. */
	private static double[] frequencyResponse(int n, WbpFilter filter) {
		double[] h = new double[n];
		h[0] = 0.25;
		for (int k = 1; k <= n / 2; k += 2) {
			double value = -1 / (Math.PI * Math.PI * k * k);
			h[k] = value;
			h[n - k] = value; // symmetric kernel, wrapped for the circular transform
		}
		new DoubleFFT_1D(n).realForward(h);
		double[] r = new double[n / 2 + 1];
		// h is real and even, so its transform is real: take the real parts.
		r[0] = h[0];
		r[n / 2] = h[1] * filter.window(0.5);
		for (int k = 1; k < n / 2; k++)
			r[k] = h[2 * k] * filter.window((double) k / n);
		return r;
	}

	/**
	 * The angular interval (radians) each projection stands for: half the distance to its neighbours
	 * in sorted order; the first and last take the full distance to their one neighbour (as if the
	 * spacing continued). Evenly spaced angles over 180° thus sum to π, and gaps in a non-uniform
	 * series get more weight. A single angle gets π. Angles need not be sorted; the weights follow the
	 * input order. Angles are taken as given: a series covering 360° weighs each ray twice.
	 * <p>
	 * Repeated tilts ({@link RepeatedTilts}) share their tilt's interval: k exposures at one tilt get
	 * 1/k of it each, so the weights measure angular density and a series with every projection
	 * recorded twice reconstructs to the same volume as the series without repeats.
	 */
	public static double[] angleWeightsRad(double[] anglesDeg) {
		RepeatedTilts tilts = RepeatedTilts.of(anglesDeg);
		double[] a = tilts.anglesDeg();
		int n = a.length;
		double[] w = new double[anglesDeg.length];
		for (int t = 0; t < n; t++) {
			double share;
			if (n == 1)
				share = Math.PI;
			else {
				double before = t > 0 ? a[t] - a[t - 1] : a[t + 1] - a[t];
				double after = t < n - 1 ? a[t + 1] - a[t] : a[t] - a[t - 1];
				share = Math.toRadians((before + after) / 2);
			}
			for (int i : tilts.exposures(t))
				w[i] = share / tilts.exposureCount(t);
		}
		return w;
	}
}
