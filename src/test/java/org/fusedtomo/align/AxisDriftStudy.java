package org.fusedtomo.align;

import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.SimulationParameters;

/**
 * The study of docs/real-data.md "session 19, helper axis11" (a harness, not a test): for a phantom, seed, axis rotation,
 * HAADF counts and a number of Poisson draws of the same noiseless 64 px series (noise seeds 1000, 1001, ...), the error of
 * the rotation search ({@link TiltAxisFinder#searchRotation}, as {@link AxisStudy} {@code ... rot}) and of the axis profiles
 * started at the truth, windowed and with whole lines; then their mean and RMS over the draws. The drift is that of
 * {@link MisalignedAcquisition} with RMS {@code -Dshift=} px (default 4); with {@code -Donly=x} or {@code -Donly=y} (and
 * {@code -Dshift=0}) instead an exact integer drift of RMS 4 px across or along the axis only ({@code -Donly=xy}: both, independent),
 * with {@code -Donly=fourier} the simulator's drift applied exactly by Fourier shifts; {@code -Dgauss=poisson|flat} Gaussian noise
 * in place of the Poisson draws ({@link #addGaussianNoise}). {@code -Dquiet=true} prints
 * the summary alone. E.g. {@code java -cp ... org.fusedtomo.align.AxisDriftStudy shell-cap-rod 2 -7 100 16}.
 */
public class AxisDriftStudy {
	public static void main(String[] args) {
		String name = args[0];
		long seed = Long.parseLong(args[1]);
		double rot = Double.parseDouble(args[2]), dose = Double.parseDouble(args[3]);
		int draws = Integer.parseInt(args[4]);
		Parallelism par = new Parallelism(2);
		MisalignedAcquisition s = new MisalignedAcquisition(name, SimulationParameters.defaults().haadfAnglesDeg(), dose, Double.parseDouble(System.getProperty("shift", "4")), rot, 0,
			seed, MisalignedAcquisition.N);
		String only = System.getProperty("only", "");
		TiltSeries noiseless = only.equals("fourier") ? fourierDrift(s.noiseless.haadf(), new MisalignedAcquisition(name, SimulationParameters.defaults().haadfAnglesDeg(), dose, 4, rot, 0,
			seed, MisalignedAcquisition.N).noiseless.haadfDrift()) : driftAlongOneAxis(s.noiseless.haadf(), only, seed);
		double[] sum = new double[3], sum2 = new double[3];
		for (int k = 0; k < draws; k++) {
			String gauss = System.getProperty("gauss", "");
			TiltSeries raw = MisalignedAcquisition.noisyHaadf(noiseless, rot, 0, gauss.isEmpty() ? dose : 1e9, 1000 + k);
			if (!gauss.isEmpty())
				addGaussianNoise(raw, dose, gauss, 1000 + k);
			TiltSeries cl = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(raw, Monitor.NONE).series();
			TiltAxisFinder.RotationSearch f = new TiltAxisFinder(TiltAxisOptions.DEFAULT, par).searchRotation(cl, 0, Monitor.NONE);
			AxisRefinement.Fit windowed = new AxisProfiles(cl, rot, Math.abs(rot) + 1).rotation(rot, 0.5, Monitor.NONE);
			AxisRefinement.Fit whole = new AxisProfiles(cl, rot, Math.abs(rot) + 1, false).rotation(rot, 0.5, Monitor.NONE);
			double[] e = { f.rotationDeg() - rot, windowed.value() - rot, whole.value() - rot };
			for (int i = 0; i < 3; i++) {
				sum[i] += e[i];
				sum2[i] += e[i] * e[i];
			}
			if (!Boolean.getBoolean("quiet"))
				System.out.printf("draw %d: search %+.3f (+- %.3f) | profiles at the truth, windowed %+.3f (+- %.3f), whole lines %+.3f (+- %.3f)%n", 1000 + k, e[0], f.sigmaDeg(), e[1],
					windowed.sigma(), e[2], whole.sigma());
		}
		System.out.printf("%s s%d rot %.1f dose %.0f shift %s%s, %d draws: mean search %+.3f windowed %+.3f whole %+.3f | RMS search %.3f windowed %.3f whole %.3f%n", name, seed, rot, dose,
			System.getProperty("shift", "4"), System.getProperty("only", "").isEmpty() ? "" : " only " + System.getProperty("only"), draws, sum[0] / draws, sum[1] / draws, sum[2] / draws,
			Math.sqrt(sum2[0] / draws), Math.sqrt(sum2[1] / draws), Math.sqrt(sum2[2] / draws));
		System.exit(0);
	}

	/**
	 * {@code series} (drift-free) moved by the drift of {@code drift} exactly (a Fourier shift of each projection zero-padded to
	 * twice its size), not bilinearly as the simulator does ({@code -Dshift=0 -Donly=fourier}; session 21, helper axis14).
	 */
	static TiltSeries fourierDrift(TiltSeries series, Alignment drift) {
		TiltSeries out = series.copy();
		int w = out.width(), h = out.height(), pw = 2 * w, ph = 2 * h;
		org.jtransforms.fft.DoubleFFT_2D fft = new org.jtransforms.fft.DoubleFFT_2D(ph, pw);
		float[] d = out.data();
		for (int a = 0; a < out.angleCount(); a++) {
			int off = out.projectionOffset(a);
			double[] c = new double[2 * pw * ph];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					c[2 * (y * pw + x)] = d[off + y * w + x];
			fft.complexForward(c);
			double sx = drift.dx(a), sy = drift.dy(a);
			for (int y = 0; y < ph; y++)
				for (int x = 0; x < pw; x++) {
					double arg = -2 * Math.PI * (FourierShift.frequency(x, pw) * sx + FourierShift.frequency(y, ph) * sy);
					int i = 2 * (y * pw + x);
					double re = c[i], im = c[i + 1], cr = Math.cos(arg), ci = Math.sin(arg);
					c[i] = re * cr - im * ci;
					c[i + 1] = re * ci + im * cr;
				}
			fft.complexInverse(c, true);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					d[off + y * w + x] = (float) c[2 * (y * pw + x)];
		}
		return out;
	}

	/**
	 * Gaussian noise in place of Poisson noise at {@code dose} on the noiseless {@code raw} (background included): of the Poisson
	 * variance of each pixel ({@code -Dgauss=poisson}), or of their mean everywhere ({@code -Dgauss=flat}) (session 21, helper axis14).
	 */
	static void addGaussianNoise(TiltSeries raw, double dose, String mode, long seed) {
		if (!mode.equals("poisson") && !mode.equals("flat"))
			throw new IllegalArgumentException("-Dgauss must be poisson or flat, got " + mode);
		float[] d = raw.data();
		double mean = 0;
		for (float v : d)
			mean += Math.max(v, 0) / d.length;
		Random g = new Random(seed);
		for (int i = 0; i < d.length; i++)
			d[i] += (float) (Math.sqrt((mode.equals("flat") ? mean : Math.max(d[i], 0)) / dose) * g.nextGaussian());
	}

	/** {@code series} moved by whole pixels (exact, zeros brought in) along x ({@code only = "x"}), y or both ("xy"), RMS 4 px; as it is for "". */
	static TiltSeries driftAlongOneAxis(TiltSeries series, String only, long seed) {
		if (only.isEmpty())
			return series;
		if (!only.equals("x") && !only.equals("y") && !only.equals("xy"))
			throw new IllegalArgumentException("-Donly must be x or y, got " + only);
		TiltSeries out = series.copy();
		Random r = new Random(seed + 77);
		float[] d = out.data(), src = series.data();
		int w = out.width(), h = out.height();
		for (int a = 0; a < out.angleCount(); a++) {
			int shift = (int) Math.round(4 * r.nextGaussian()), off = out.projectionOffset(a);
			int sx = only.equals("y") ? 0 : shift, sy = only.equals("x") ? 0 : only.equals("y") ? shift : (int) Math.round(4 * r.nextGaussian());
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int xs = x - sx, ys = y - sy;
					d[off + y * w + x] = xs >= 0 && xs < w && ys >= 0 && ys < h ? src[off + ys * w + xs] : 0;
				}
		}
		return out;
	}
}
