package org.fusedtomo.metrics;

import java.util.EnumMap;
import java.util.Map;

import org.fusedtomo.data.Volume;
import org.jtransforms.fft.FloatFFT_3D;

/**
 * Fourier shell correlation (DESIGN §5) of two volumes of one size:
 * {@code FSC(k) = Re Σ F₁F₂* / √(Σ|F₁|² Σ|F₂|²)} over the Fourier voxels of the shell at radius k,
 * over all directions and, to expose the missing wedge, over the voxels within a cone of half-angle α
 * around each axis. Shells are 1/N cycles per pixel wide, N the largest volume edge, up to Nyquist
 * (0.5); frequencies along each axis are in cycles per pixel of that axis, so non-cubic volumes work.
 * <p>
 * Before the transform each volume is multiplied by a separable Tukey window whose cosine edges span
 * {@code taperFraction} of each edge length: a hard volume border would put correlated power along
 * the k axes, exactly inside the directional cones.
 * <p>
 * Cost: two complex 3D FFTs (JTransforms, which may use its own threads) and one pass over the
 * spectra; memory: two complex copies (8 bytes per voxel each). Instances are immutable.
 */
public final class FourierShellCorrelation {

	/**
	 * Default cone half-angle, degrees. A cone measures the missing wedge only when it is narrower than
	 * the wedge's half-angle {@code 90° − max tilt}: 20° fits a ±60° series and touches a ±70° one.
	 */
	public static final double DEFAULT_CONE_HALF_ANGLE_DEG = 20;

	/**
	 * Default fraction of each edge over which the window falls to zero, per side: 0.5, a Hann window.
	 * NB: narrower tapers let the leakage of strong low frequencies fill the empty wedge, so the z cone
	 * reads nearly as well resolved as x (checked on a 32³ phantom with ±60° tilts).
	 */
	public static final double DEFAULT_TAPER_FRACTION = 0.5;

	private final double coneHalfAngleDeg;
	private final double taperFraction;

	/** The defaults: ±20° cones and a Hann window. */
	public FourierShellCorrelation() {
		this(DEFAULT_CONE_HALF_ANGLE_DEG, DEFAULT_TAPER_FRACTION);
	}

	/**
	 * @param coneHalfAngleDeg half-opening of the directional cones, in (0, 90] degrees
	 * @param taperFraction width of each cosine edge of the window as a fraction of the edge length, in
	 *        [0, 0.5]; 0 for no window
	 */
	public FourierShellCorrelation(double coneHalfAngleDeg, double taperFraction) {
		if (!(coneHalfAngleDeg > 0 && coneHalfAngleDeg <= 90))
			throw new IllegalArgumentException("coneHalfAngleDeg must lie in (0, 90] degrees, got " + coneHalfAngleDeg);
		if (!(taperFraction >= 0 && taperFraction <= 0.5))
			throw new IllegalArgumentException("taperFraction must lie in [0, 0.5], got " + taperFraction);
		this.coneHalfAngleDeg = coneHalfAngleDeg;
		this.taperFraction = taperFraction;
	}

	public double coneHalfAngleDeg() {
		return coneHalfAngleDeg;
	}

	/**
	 * The FSC of {@code a} and {@code b}, with the calibration of {@code a}.
	 *
	 * @throws IllegalArgumentException when the sizes differ or an edge is shorter than 4 voxels
	 */
	public FscResult compare(Volume a, Volume b) {
		if (!a.geometry().equals(b.geometry()))
			throw new IllegalArgumentException("FSC needs two volumes of one size, got " + a.geometry() + " and " + b.geometry());
		int nx = a.width(), ny = a.height(), nz = a.depth();
		if (Math.min(nx, Math.min(ny, nz)) < 4)
			throw new IllegalArgumentException("FSC needs volumes of at least 4 voxels per edge, got " + a.geometry());
		float[] fa = spectrum(a), fb = spectrum(b);
		int n = Math.max(nx, Math.max(ny, nz));
		int shells = n / 2 + 1;
		int directions = FscDirection.values().length;
		double[][] cross = new double[directions][shells], powerA = new double[directions][shells], powerB = new double[directions][shells];
		long[][] count = new long[directions][shells];
		double cosCone = Math.cos(Math.toRadians(coneHalfAngleDeg));
		for (int z = 0; z < nz; z++) {
			double fz = signedFrequency(z, nz);
			for (int y = 0; y < ny; y++) {
				double fy = signedFrequency(y, ny);
				int row = 2 * nx * (y + ny * z);
				for (int x = 0; x < nx; x++) {
					double fx = signedFrequency(x, nx);
					double r = Math.sqrt(fx * fx + fy * fy + fz * fz);
					int shell = (int) Math.round(r * n);
					if (shell >= shells)
						continue;
					int i = row + 2 * x;
					double ar = fa[i], ai = fa[i + 1], br = fb[i], bi = fb[i + 1];
					double c = ar * br + ai * bi, pa = ar * ar + ai * ai, pb = br * br + bi * bi;
					// NB: the DC voxel has no direction; it belongs to every cone.
					boolean dc = r == 0;
					accumulate(FscDirection.ALL, shell, c, pa, pb, cross, powerA, powerB, count);
					if (dc || Math.abs(fx) >= cosCone * r)
						accumulate(FscDirection.X, shell, c, pa, pb, cross, powerA, powerB, count);
					if (dc || Math.abs(fy) >= cosCone * r)
						accumulate(FscDirection.Y, shell, c, pa, pb, cross, powerA, powerB, count);
					if (dc || Math.abs(fz) >= cosCone * r)
						accumulate(FscDirection.Z, shell, c, pa, pb, cross, powerA, powerB, count);
				}
			}
		}
		double[] frequencies = new double[shells];
		for (int s = 0; s < shells; s++)
			frequencies[s] = (double) s / n;
		Map<FscDirection, FscCurve> curves = new EnumMap<>(FscDirection.class);
		for (FscDirection d : FscDirection.values()) {
			int k = d.ordinal();
			double[] fsc = new double[shells];
			for (int s = 0; s < shells; s++) {
				double denominator = Math.sqrt(powerA[k][s] * powerB[k][s]);
				fsc[s] = count[k][s] == 0 || denominator == 0 ? Double.NaN : cross[k][s] / denominator;
			}
			curves.put(d, new FscCurve(frequencies, fsc, count[k]));
		}
		return new FscResult(curves, coneHalfAngleDeg, a.calibration());
	}

	private static void accumulate(FscDirection d, int shell, double c, double pa, double pb, double[][] cross, double[][] powerA, double[][] powerB, long[][] count) {
		int k = d.ordinal();
		cross[k][shell] += c;
		powerA[k][shell] += pa;
		powerB[k][shell] += pb;
		count[k][shell]++;
	}

	/** Frequency of FFT bin {@code i} of {@code n}, in cycles per pixel, in [−0.5, 0.5). */
	private static double signedFrequency(int i, int n) {
		return (i <= n / 2 ? i : i - n) / (double) n;
	}

	/** The windowed volume's complex spectrum, interleaved (re, im), x fastest. */
	private float[] spectrum(Volume v) {
		int nx = v.width(), ny = v.height(), nz = v.depth();
		double[] wx = window(nx), wy = window(ny), wz = window(nz);
		float[] src = v.data();
		float[] c = new float[2 * src.length];
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++) {
				double wyz = wy[y] * wz[z];
				for (int x = 0; x < nx; x++) {
					int i = v.index(x, y, z);
					c[2 * i] = (float) (src[i] * wx[x] * wyz);
				}
			}
		new FloatFFT_3D(nz, ny, nx).complexForward(c);
		return c;
	}

	/** Tukey window of {@code n} samples with cosine edges of {@code taperFraction · n} samples. */
	private double[] window(int n) {
		double[] w = new double[n];
		int edge = (int) Math.round(taperFraction * n);
		for (int i = 0; i < n; i++) {
			int d = Math.min(i, n - 1 - i);
			w[i] = d >= edge ? 1 : 0.5 * (1 - Math.cos(Math.PI * (d + 0.5) / edge));
		}
		return w;
	}
}
