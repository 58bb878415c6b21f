package org.fusedtomo.spectra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.simulate.Poisson;

/**
 * An in-memory spectrum image for tests: every pixel's expected spectrum is given by a function, each pixel's
 * counts are drawn once (Poisson, seeded) or kept exact, and {@link #scan} streams them in row order.
 */
public final class SyntheticSpectrumImage implements SpectrumImage {

	/** The expected counts of pixel (x, y) in every channel. */
	@FunctionalInterface
	public interface Expected {
		void fill(int x, int y, EnergyAxis axis, double[] counts);
	}

	private final String source;
	private final int w, h;
	private final EnergyAxis axis;
	private final SpectrumKind kind;
	private final float[][] spectra;
	private final Map<String, SurveyImage> images = new LinkedHashMap<>();
	private Calibration calibration = Calibration.PIXEL;
	private OptionalDouble tilt = OptionalDouble.empty();
	private int scans;

	/** Pixels drawn from {@code expected} with Poisson noise of {@code seed}, or exact when {@code seed} is null. */
	public SyntheticSpectrumImage(String source, int w, int h, EnergyAxis axis, SpectrumKind kind, Expected expected, Long seed) {
		this.source = source;
		this.w = w;
		this.h = h;
		this.axis = axis;
		this.kind = kind;
		this.spectra = new float[w * h][axis.channels()];
		Poisson poisson = seed == null ? null : new Poisson(seed);
		double[] mean = new double[axis.channels()];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				java.util.Arrays.fill(mean, 0);
				expected.fill(x, y, axis, mean);
				float[] s = spectra[y * w + x];
				for (int c = 0; c < mean.length; c++)
					s[c] = poisson == null ? (float) mean[c] : poisson.sample(mean[c]);
			}
	}

	public SyntheticSpectrumImage withTilt(double deg) {
		tilt = OptionalDouble.of(deg);
		return this;
	}

	public SyntheticSpectrumImage withCalibration(Calibration c) {
		calibration = c;
		return this;
	}

	public SyntheticSpectrumImage withImage(String name, int iw, int ih, float[] pixels) {
		images.put(name, new SurveyImage(name, iw, ih, pixels, calibration));
		return this;
	}

	/** How many times {@link #scan} ran. */
	public int scans() {
		return scans;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public int width() {
		return w;
	}

	@Override
	public int height() {
		return h;
	}

	@Override
	public EnergyAxis energyAxis() {
		return axis;
	}

	@Override
	public SpectrumKind kind() {
		return kind;
	}

	@Override
	public Calibration calibration() {
		return calibration;
	}

	@Override
	public OptionalDouble tiltDeg() {
		return tilt;
	}

	@Override
	public Map<String, SurveyImage> images() {
		return images;
	}

	@Override
	public void scan(PixelVisitor visitor) {
		scans++;
		float[] buffer = new float[axis.channels()];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				System.arraycopy(spectra[y * w + x], 0, buffer, 0, buffer.length);
				visitor.pixel(x, y, buffer);
			}
	}

	/** Expected counts of a Gaussian of {@code area} counts centred on {@code centreKeV} in each channel (exact bin integrals). */
	public static void addGaussian(EnergyAxis axis, double[] counts, double area, double centreKeV, double fwhmKeV) {
		double sigma = fwhmKeV / (2 * Math.sqrt(2 * Math.log(2)));
		for (int c = 0; c < counts.length; c++) {
			double lo = (axis.energyKeV(c - 0.5) - centreKeV) / sigma, hi = (axis.energyKeV(c + 0.5) - centreKeV) / sigma;
			if (hi < -8 || lo > 8)
				continue;
			counts[c] += area * (phi(hi) - phi(lo));
		}
	}

	/** Standard normal CDF (Abramowitz and Stegun 7.1.26 erf, error below 1.5e-7). */
	static double phi(double z) {
		double x = Math.abs(z) / Math.sqrt(2), t = 1 / (1 + 0.3275911 * x);
		double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
		return 0.5 * (1 + Math.signum(z) * erf);
	}
}
