package org.fusedtomo.spectra;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.progress.Monitor;

/**
 * Element maps from one spectrum image in one pass over its pixels ({@link SpectrumImage#scan}): each pixel's
 * spectrum is reduced at once to its sums over the lines' channel windows ({@link LineWindows}), so memory holds
 * a few numbers per pixel and window, never the cube. After the pass, optionally n x n pixels are summed
 * ({@link MapSettings#bin}), and
 * <ul>
 * <li>EDS: map = counts in the integration window, minus, with background subtraction, the background line
 * through the mean counts per channel of the side windows (at their centres) integrated over the window; with
 * symmetric side windows this equals HyperSpy's {@code get_lines_intensity(background_windows=...)};</li>
 * <li>EELS: the background A·E^-r is fitted in the pre-edge window by Egerton's two-area method (Egerton,
 * <i>Electron Energy-Loss Spectroscopy in the Electron Microscope</i>, 3rd ed., §4.4.2, as DigitalMicrograph
 * offers it): r from the ratio of the counts in the two halves, solved exactly (bisection) rather than by
 * Egerton's approximation 2 ln(I1/I2)/ln(E2/E1), on fitBin x fitBin blocks of pixels; A from each pixel's own
 * pre-edge total, so that the extrapolated background is linear in the pixel's counts and unbiased at low
 * counts once r is right. map = counts in the edge window minus the power law integrated over it; the
 * exponent r is a map of its own. Energies are the channels' outer edges.</li>
 * </ul>
 * Cost: one read of the file; per pixel, the channels of the windows plus one pass to sum the spectrum.
 */
public final class SpectrumMaps {

	/** Search range of the power-law exponent r; real EELS backgrounds lie within 1-7. */
	public static final double MIN_EXPONENT = 0, MAX_EXPONENT = 10;

	private SpectrumMaps() {}

	/**
	 * The maps of one spectrum image.
	 *
	 * @param maps one map per line, by line name, {@code width·height} in row order
	 * @param exponents EELS: the fitted exponent r per pixel, by edge name (NaN where the pre-edge holds no counts)
	 * @param sumSpectrum counts per channel summed over every pixel
	 * @param windowCounts per line, {counts in its window, background predicted there} of {@code sumSpectrum}
	 *        ({@link #windowAndBackground}); absent for an EDS line with no side window left
	 */
	public record Result(String source, SpectrumImage.SpectrumKind kind, int width, int height, Calibration calibration, EnergyAxis axis, List<LineWindows> windows,
		Map<String, float[]> maps, Map<String, float[]> exponents, double[] sumSpectrum, Map<String, double[]> windowCounts) {
	}

	/**
	 * Extracts the maps of {@code lines} (all of the spectrum image's kind) from {@code si}.
	 *
	 * @throws IllegalArgumentException naming the source when a line is of the other kind or outside the energy axis,
	 *         or the binning exceeds the image
	 * @throws IOException when the file cannot be read
	 * @throws java.util.concurrent.CancellationException when {@code monitor} is cancelled (checked per row)
	 */
	public static Result extract(SpectrumImage si, List<SpectralLines.Line> lines, MapSettings s, Monitor monitor) throws IOException {
		String source = si.source();
		for (SpectralLines.Line l : lines)
			if (l.kind() != si.kind())
				throw new IllegalArgumentException(source + ": " + l.name() + " is an " + l.kind() + " line but this is an " + si.kind() + " spectrum image");
		int w = si.width(), h = si.height(), n = s.bin();
		if (n > Math.min(w, h))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: binning %d exceeds the %d x %d spectrum image", source, n, w, h));
		EnergyAxis axis = si.energyAxis();
		List<LineWindows> windows = LineWindows.of(lines, axis, s, source);
		List<EnergyWindow> distinct = new ArrayList<>();
		for (LineWindows lw : windows) {
			if (!distinct.contains(lw.signal()))
				distinct.add(lw.signal());
			for (EnergyWindow b : lw.background())
				if (!distinct.contains(b))
					distinct.add(b);
		}
		int[] start = distinct.stream().mapToInt(EnergyWindow::start).toArray(), stop = distinct.stream().mapToInt(EnergyWindow::stop).toArray();
		double[][] sums = new double[distinct.size()][w * h];
		double[] sum = new double[axis.channels()];
		int channels = axis.channels();
		si.scan((x, y, spectrum) -> {
			if (x == 0) {
				monitor.checkCancelled();
				monitor.progress("spectra of " + source, y, h);
			}
			if (spectrum.length < channels)
				throw new IllegalStateException(source + ": pixel (" + x + ", " + y + ") has " + spectrum.length + " channels, the energy axis " + channels);
			for (int c = 0; c < channels; c++)
				sum[c] += spectrum[c];
			int p = y * w + x;
			for (int k = 0; k < start.length; k++) {
				double t = 0;
				for (int c = start[k]; c < stop[k]; c++)
					t += spectrum[c];
				sums[k][p] = t;
			}
		});
		monitor.progress("spectra of " + source, h, h);
		int bw = w / n, bh = h / n;
		for (int k = 0; k < sums.length; k++)
			sums[k] = binSum(sums[k], w, h, n);
		Map<String, float[]> maps = new LinkedHashMap<>(), exponents = new LinkedHashMap<>();
		for (LineWindows lw : windows) {
			double[] signal = sums[distinct.indexOf(lw.signal())];
			if (si.kind() == SpectrumImage.SpectrumKind.EDS)
				maps.put(lw.line().name(), eds(lw, signal, lw.background().stream().map(b -> sums[distinct.indexOf(b)]).toList()));
			else {
				float[] r = new float[bw * bh];
				maps.put(lw.line().name(), eels(lw, signal, sums[distinct.indexOf(lw.background().get(0))], sums[distinct.indexOf(lw.background().get(1))], bw, bh, s.fitBin(), r));
				exponents.put(lw.line().name(), r);
			}
		}
		Map<String, double[]> windowCounts = new LinkedHashMap<>();
		for (LineWindows lw : windows) {
			// NB: without EDS background subtraction the side windows it would use still give the expected background.
			LineWindows modelled = lw.background().isEmpty() && lw.line().kind() == SpectrumImage.SpectrumKind.EDS ? LineWindows.withSideWindows(lw, windows, axis, s) : lw;
			if (modelled != null)
				windowCounts.put(lw.line().name(), windowAndBackground(modelled, sum));
		}
		Calibration c = si.calibration();
		Calibration binned = n == 1 ? c : new Calibration(c.pixelSize() * n, c.unit());
		return new Result(source, si.kind(), bw, bh, binned, axis, windows, maps, exponents, sum, windowCounts);
	}

	/**
	 * {counts of {@code spectrum} in the signal window of {@code lw}, the background the maps' model predicts there}:
	 * EDS the line through its side windows, EELS the two-area power law of its pre-edge halves.
	 */
	public static double[] windowAndBackground(LineWindows lw, double[] spectrum) {
		double window = counts(spectrum, lw.signal());
		List<EnergyWindow> b = lw.background();
		double bg;
		if (lw.line().kind() == SpectrumImage.SpectrumKind.EDS)
			bg = edsBackground(lw, b.isEmpty() ? 0 : counts(spectrum, b.get(0)), b.size() < 2 ? 0 : counts(spectrum, b.get(1)));
		else {
			double i1 = counts(spectrum, b.get(0)), i2 = counts(spectrum, b.get(1));
			bg = eelsRatio(lw, exponent(i1, i2, b.get(0).lowKeV(), b.get(1).lowKeV(), b.get(1).highKeV())) * (i1 + i2);
		}
		return new double[] { window, bg };
	}

	private static double counts(double[] spectrum, EnergyWindow w) {
		double t = 0;
		for (int c = w.start(); c < w.stop(); c++)
			t += spectrum[c];
		return t;
	}

	private static float[] eds(LineWindows lw, double[] signal, List<double[]> sides) {
		float[] map = new float[signal.length];
		for (int p = 0; p < map.length; p++)
			map[p] = (float) (signal[p] - edsBackground(lw, sides.isEmpty() ? 0 : sides.get(0)[p], sides.size() < 2 ? 0 : sides.get(1)[p]));
		return map;
	}

	/** The EDS background in the signal window of {@code lw} from the counts of its (up to two) side windows. */
	private static double edsBackground(LineWindows lw, double first, double second) {
		List<EnergyWindow> b = lw.background();
		double n = lw.signal().channels(), centre = lw.signal().centreChannel();
		if (b.size() == 1)
			return n * first / b.get(0).channels();
		if (b.size() == 2) {
			double lo = first / b.get(0).channels(), hi = second / b.get(1).channels();
			double c0 = b.get(0).centreChannel(), c1 = b.get(1).centreChannel();
			return n * (lo + (hi - lo) * (centre - c0) / (c1 - c0));
		}
		return 0;
	}

	/** The power law with exponent r integrated over the edge window, per count in the pre-edge window; 0 for r NaN. */
	private static double eelsRatio(LineWindows lw, double r) {
		EnergyWindow lo = lw.background().get(0), up = lw.background().get(1), sig = lw.signal();
		return Double.isNaN(r) ? 0 : integral(sig.lowKeV(), sig.highKeV(), r) / integral(lo.lowKeV(), up.highKeV(), r);
	}

	private static float[] eels(LineWindows lw, double[] signal, double[] lower, double[] upper, int w, int h, int fitBin, float[] exponent) {
		EnergyWindow lo = lw.background().get(0), up = lw.background().get(1);
		double e1 = lo.lowKeV(), em = up.lowKeV(), e2 = up.highKeV();
		float[] map = new float[signal.length];
		for (int by = 0; by < h; by += fitBin)
			for (int bx = 0; bx < w; bx += fitBin) {
				int yEnd = Math.min(h, by + fitBin), xEnd = Math.min(w, bx + fitBin);
				double i1 = 0, i2 = 0;
				for (int y = by; y < yEnd; y++)
					for (int x = bx; x < xEnd; x++) {
						i1 += lower[y * w + x];
						i2 += upper[y * w + x];
					}
				double r = exponent(i1, i2, e1, em, e2);
				double ratio = eelsRatio(lw, r);
				for (int y = by; y < yEnd; y++)
					for (int x = bx; x < xEnd; x++) {
						int p = y * w + x;
						map[p] = (float) (signal[p] - ratio * (lower[p] + upper[p]));
						exponent[p] = (float) r;
					}
			}
		return map;
	}

	/**
	 * The exponent r of the power law A·E^-r whose integrals over {@code [e1, em]} and {@code [em, e2]} are in the
	 * ratio {@code i1 : i2}; clamped to [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}]; NaN when both are 0.
	 */
	public static double exponent(double i1, double i2, double e1, double em, double e2) {
		if (!(i1 > 0) && !(i2 > 0))
			return Double.NaN;
		if (!(i2 > 0))
			return MAX_EXPONENT;
		if (!(i1 > 0))
			return MIN_EXPONENT;
		double q = i1 / i2, a = MIN_EXPONENT, b = MAX_EXPONENT;
		if (q <= integral(e1, em, a) / integral(em, e2, a))
			return a;
		if (q >= integral(e1, em, b) / integral(em, e2, b))
			return b;
		// NB: the ratio of the two integrals grows monotonically with r.
		for (int it = 0; it < 60; it++) {
			double mid = 0.5 * (a + b);
			if (integral(e1, em, mid) / integral(em, e2, mid) < q)
				a = mid;
			else
				b = mid;
		}
		return 0.5 * (a + b);
	}

	/** ∫ E^-r dE over [a, b], a > 0. */
	public static double integral(double a, double b, double r) {
		double k = 1 - r;
		if (Math.abs(k) < 1e-9)
			return Math.log(b / a);
		return (Math.pow(b, k) - Math.pow(a, k)) / k;
	}

	/**
	 * Sums {@code n x n} blocks of a {@code w x h} image into {@code floor(w/n) x floor(h/n)}, the blocks centred
	 * and the remainder dropped as {@link org.fusedtomo.data.Binning} does.
	 */
	public static double[] binSum(double[] in, int w, int h, int n) {
		if (n == 1)
			return in;
		int bw = w / n, bh = h / n, x0 = (w - bw * n) / 2, y0 = (h - bh * n) / 2;
		double[] out = new double[bw * bh];
		for (int y = 0; y < bh; y++)
			for (int x = 0; x < bw; x++) {
				double t = 0;
				for (int j = 0; j < n; j++)
					for (int i = 0; i < n; i++)
						t += in[(y0 + y * n + j) * w + x0 + x * n + i];
				out[y * bw + x] = t;
			}
		return out;
	}
}
