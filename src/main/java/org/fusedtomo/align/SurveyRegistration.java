package org.fusedtomo.align;

import org.fusedtomo.data.Binning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.LengthUnits;

/**
 * Registers the survey (ADF/HAADF) images recorded with a chemical series to the HAADF tilt series, as
 * the paper's protocol does (Schwartz et al. 2024): a survey image comes from the same scan as its
 * spectrum image, so it has the chemical map's pixel grid, and where it lies on the HAADF projection is
 * where the map lies.
 * <p>
 * <b>Model.</b> Survey pixel {@code (u, v)} covers the {@code f x f} HAADF pixels from
 * {@code (x0 + f u, y0 + f v)}, with an integer scale {@code f} (survey pixel size ÷ HAADF pixel size) and
 * a real origin {@code (x0, y0)} per tilt. Each survey image is compared with the HAADF projection at
 * the nearest tilt, binned {@code f x f} (so both have the survey's pixels): {@link CrossCorrelation}
 * gives the translation, refined by measuring again after undoing the estimate, and the place is then
 * polished by maximising the peak quality (below) over sub-pixel positions: the windowed correlation is
 * pulled by content at the edges of either field that the other lacks (0.25 px worst on real IDP HAADF
 * images, 0.5 px with a 2x binned survey), the quality, computed on the survey's own pixels, is not. The scale comes from the two
 * calibrations; when one is missing, from the image sizes when they differ by one integer factor in both
 * axes, and otherwise it is estimated: every integer factor whose survey field fits inside the HAADF is
 * tried at the tilt nearest 0° and the best correlating one is kept.
 * <p>
 * <b>Result.</b> Per tilt {@link Tilt}: the origin, the displacement {@code (dx, dy)} of the survey's field
 * centre from the HAADF's (HAADF pixels; for equal grids {@code survey(p) ≈ haadf(p − d)}), and the peak
 * quality (Pearson correlation of the survey with the registered HAADF over their overlap). For the
 * chemical maps this becomes a {@link ChemicalSampling} (integer factor and one integer origin for the
 * series) plus a residual shift of each map on its own grid ({@link #shiftX}, {@link #moved}), so that
 * every map lands on that integer window; on equal grids the sampling is {@link ChemicalSampling#FULL} and
 * the residual is the whole registration.
 */
public final class SurveyRegistration {

	/** How the scale factor was found. */
	public enum ScaleSource {
		/** The ratio of the calibrated pixel sizes. */
		CALIBRATION,
		/** The ratio of the image sizes (same field of view), no calibration. */
		IMAGE_SIZES,
		/** Uncalibrated and of no integer size ratio: the best correlating factor. */
		ESTIMATED;

		public String key() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
	}

	/**
	 * The registration of one survey image.
	 *
	 * @param angleDeg the survey's (and chemical map's) tilt
	 * @param haadfIndex the HAADF projection it was registered to (the nearest tilt)
	 * @param haadfAngleDeg that projection's tilt
	 * @param originX HAADF x of the left edge of survey column 0 (pixel edges at integers)
	 * @param originY HAADF y of the top edge of survey row 0
	 * @param dx displacement of the survey field's centre from the HAADF's centre, HAADF pixels
	 * @param dy the same in y
	 * @param quality Pearson correlation of the survey with the HAADF binned at the registered place, in [−1, 1]
	 */
	public record Tilt(double angleDeg, int haadfIndex, double haadfAngleDeg, double originX, double originY, double dx, double dy, double quality) {}

	/** Survey and chemical tilts must agree within this, degrees. */
	public static final double ANGLE_TOLERANCE_DEG = 0.05;

	/** Passes that measure the remaining shift after undoing the estimate. */
	static final int REFINEMENTS = 2;

	/** Largest scale factor tried when it must be estimated. */
	static final int MAX_ESTIMATED_FACTOR = 8;

	/** Relative tolerance of a calibrated pixel-size ratio around an integer (file calibrations are rounded). */
	static final double FACTOR_TOLERANCE = 0.02;

	private final int factor;
	private final ScaleSource scaleSource;
	private final int surveyWidth;
	private final int surveyHeight;
	private final int haadfWidth;
	private final int haadfHeight;
	private final List<Tilt> tilts;
	private final ChemicalSampling sampling;
	private final double[] shiftX;
	private final double[] shiftY;

	private SurveyRegistration(int factor, ScaleSource scaleSource, int surveyWidth, int surveyHeight, int haadfWidth, int haadfHeight, List<Tilt> tilts) {
		this.factor = factor;
		this.scaleSource = scaleSource;
		this.surveyWidth = surveyWidth;
		this.surveyHeight = surveyHeight;
		this.haadfWidth = haadfWidth;
		this.haadfHeight = haadfHeight;
		this.tilts = List.copyOf(tilts);
		// One integer origin for the series, nearest the median registration, inside the HAADF.
		int ox = integerOrigin(tilts.stream().mapToDouble(Tilt::originX).toArray(), haadfWidth - factor * surveyWidth);
		int oy = integerOrigin(tilts.stream().mapToDouble(Tilt::originY).toArray(), haadfHeight - factor * surveyHeight);
		this.sampling = new ChemicalSampling(factor, ox, oy);
		this.shiftX = new double[tilts.size()];
		this.shiftY = new double[tilts.size()];
		for (int i = 0; i < tilts.size(); i++) {
			// moved(u) = map(u + s) covers HAADF from ox + f u when map(u') covers it from x0 + f u'.
			shiftX[i] = (ox - tilts.get(i).originX()) / factor;
			shiftY[i] = (oy - tilts.get(i).originY()) / factor;
		}
	}

	private static int integerOrigin(double[] origins, int max) {
		double[] sorted = origins.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
		return (int) Math.max(0, Math.min(max, Math.round(median)));
	}

	/**
	 * The integer scale factor of a survey of calibration {@code survey} on a HAADF of calibration
	 * {@code haadf}, or 0 when either is uncalibrated (unit "pixel", or units that cannot be compared).
	 *
	 * @throws IllegalArgumentException naming both pixel sizes when their ratio is not an integer ≥ 1
	 */
	public static int calibratedFactor(Calibration survey, Calibration haadf) {
		double ratio = pixelSizeRatio(survey, haadf);
		if (Double.isNaN(ratio))
			return 0;
		long f = Math.round(ratio);
		if (f < 1 || Math.abs(ratio - f) > FACTOR_TOLERANCE * ratio)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"survey pixel size %.4g %s is %.3g x the HAADF's %.4g %s; only an integer factor (1, 2, 3, ...) can be registered", survey.pixelSize(), survey.unit(), ratio,
				haadf.pixelSize(), haadf.unit()));
		return (int) f;
	}

	/** Survey pixel size ÷ HAADF pixel size, or NaN when either is uncalibrated. */
	static double pixelSizeRatio(Calibration survey, Calibration haadf) {
		if (uncalibrated(survey) || uncalibrated(haadf))
			return Double.NaN;
		double s = LengthUnits.nanometresPer(survey.unit()), h = LengthUnits.nanometresPer(haadf.unit());
		if (!Double.isNaN(s) && !Double.isNaN(h))
			return survey.pixelSize() * s / (haadf.pixelSize() * h);
		return survey.unit().strip().equals(haadf.unit().strip()) ? survey.pixelSize() / haadf.pixelSize() : Double.NaN;
	}

	private static boolean uncalibrated(Calibration c) {
		return c.equals(Calibration.PIXEL) || c.unit().strip().equalsIgnoreCase("pixel") || c.unit().strip().equalsIgnoreCase("px");
	}

	/**
	 * Registers every survey image to the HAADF projection at the nearest tilt, with the factor from the
	 * calibrations, the sizes, or an estimate (class comment).
	 *
	 * @param haadf the HAADF series (raw, as the survey: both in their detector frames)
	 * @param survey one survey image per chemical tilt
	 * @throws IllegalArgumentException when the pixel-size ratio is not an integer, or the survey field at
	 *         that scale does not fit inside the HAADF projection
	 */
	public static SurveyRegistration register(TiltSeries haadf, TiltSeries survey) {
		int f = calibratedFactor(survey.calibration(), haadf.calibration());
		if (f > 0)
			return register(haadf, survey, f, ScaleSource.CALIBRATION);
		int w = survey.width(), h = survey.height(), hw = haadf.width(), hh = haadf.height();
		if (hw % w == 0 && hh % h == 0 && hw / w == hh / h)
			return register(haadf, survey, hw / w, ScaleSource.IMAGE_SIZES);
		int best = 0;
		double bestQuality = Double.NEGATIVE_INFINITY;
		int middle = nearest(survey.geometry(), 0);
		TiltSeries one = survey.subset(new int[] { middle });
		for (int k = 1; k <= MAX_ESTIMATED_FACTOR && k * w <= hw && k * h <= hh; k++) {
			double q = register(haadf, one, k, ScaleSource.ESTIMATED).tilts.get(0).quality();
			if (q > bestQuality) {
				bestQuality = q;
				best = k;
			}
		}
		if (best == 0)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "survey images of %d x %d pixels are larger than the HAADF projections (%d x %d)", w, h, hw, hh));
		return register(haadf, survey, best, ScaleSource.ESTIMATED);
	}

	/**
	 * Registers every survey image at the given integer scale {@code factor}.
	 *
	 * @throws IllegalArgumentException when the survey field, {@code factor} times its size, does not fit
	 *         inside the HAADF projection
	 */
	public static SurveyRegistration register(TiltSeries haadf, TiltSeries survey, int factor, ScaleSource source) {
		int w = survey.width(), h = survey.height();
		if (factor < 1)
			throw new IllegalArgumentException("Survey scale factor must be at least 1, got " + factor);
		if (factor * w > haadf.width() || factor * h > haadf.height())
			throw new IllegalArgumentException(String.format(Locale.ROOT, "the survey field (%d x %d pixels of %d HAADF pixels each) is larger than the HAADF projections (%d x %d)",
				w, h, factor, haadf.width(), haadf.height()));
		if (w < 4 || h < 4)
			throw new IllegalArgumentException("Survey images need at least 4 x 4 pixels, got " + w + " x " + h);
		TiltSeries binned = factor == 1 ? haadf : Binning.bin(haadf, factor);
		// Binning centres its blocks: binned pixel U covers HAADF pixels from edge + f U.
		int edgeX = (haadf.width() - binned.width() * factor) / 2, edgeY = (haadf.height() - binned.height() * factor) / 2;
		int bw = binned.width(), bh = binned.height();
		// The survey sits centred in a canvas of the binned size, padded with its mean.
		int padX = (bw - w) / 2, padY = (bh - h) / 2;
		CrossCorrelation cc = new CrossCorrelation(bw, bh, CrossCorrelationOptions.DEFAULT);
		ShiftInterpolation edge = new ShiftInterpolation(ShiftInterpolation.Fill.EDGE);
		List<Tilt> out = new ArrayList<>();
		float[] canvas = new float[bw * bh], moved = new float[bw * bh];
		for (int a = 0; a < survey.angleCount(); a++) {
			int k = nearest(haadf.geometry(), survey.angleDeg(a));
			embed(survey.data(), survey.projectionOffset(a), w, h, canvas, bw, bh, padX, padY);
			float[] ref = binned.data();
			int refOff = binned.projectionOffset(k);
			double[] d = cc.shift(ref, refOff, canvas, 0);
			double sx = d[0], sy = d[1];
			// Refinement: the rest after moving the canvas back by the estimate, where the peak is near 0 and the
			// window and peak fit are unbiased (the bilinear blur of the move is symmetric about the new place).
			for (int pass = 0; pass < REFINEMENTS; pass++) {
				edge.shift(canvas, 0, moved, 0, bw, bh, sx, sy);
				double[] rest = cc.shift(ref, refOff, moved, 0);
				if (Math.abs(rest[0]) > 1 || Math.abs(rest[1]) > 1)
					break;
				sx += rest[0];
				sy += rest[1];
			}
			// canvas(p) ≈ binned(p − s): survey pixel u covers binned pixel u + pad − s.
			double bx = padX - sx, by = padY - sy;
			float[] fine = haadf.data();
			int fineOff = haadf.projectionOffset(k);
			double[] o = maximiseQuality(survey.data(), survey.projectionOffset(a), w, h, fine, fineOff, haadf.width(), haadf.height(), factor, edgeX + factor * bx,
				edgeY + factor * by);
			double x0 = o[0], y0 = o[1];
			double dx = (haadf.width() - 1) / 2.0 - (x0 + factor * w / 2.0 - 0.5);
			double dy = (haadf.height() - 1) / 2.0 - (y0 + factor * h / 2.0 - 0.5);
			double q = quality(survey.data(), survey.projectionOffset(a), w, h, fine, fineOff, haadf.width(), haadf.height(), factor, x0, y0);
			out.add(new Tilt(survey.angleDeg(a), k, haadf.angleDeg(k), x0, y0, dx, dy, q));
		}
		return new SurveyRegistration(factor, source, w, h, haadf.width(), haadf.height(), out);
	}

	/** Index of the tilt of {@code g} nearest {@code angleDeg} (the first of equals). */
	static int nearest(TiltGeometry g, double angleDeg) {
		int best = 0;
		for (int i = 1; i < g.angleCount(); i++)
			if (Math.abs(g.angleDeg(i) - angleDeg) < Math.abs(g.angleDeg(best) - angleDeg))
				best = i;
		return best;
	}

	private static void embed(float[] src, int off, int w, int h, float[] canvas, int cw, int ch, int px, int py) {
		double mean = 0;
		for (int i = 0; i < w * h; i++)
			mean += src[off + i];
		Arrays.fill(canvas, (float) (mean / (w * h)));
		for (int y = 0; y < h; y++)
			System.arraycopy(src, off + y * w, canvas, (y + py) * cw + px, w);
	}

	/**
	 * The origin near {@code (x0, y0)} (HAADF pixels) where {@link #quality} is largest: Newton steps on a 3 x 3
	 * stencil, or the stencil's best point where the surface is not concave there, the stencil shrinking to
	 * 0.01 px. Unlike the windowed cross-correlation it compares only the survey's own pixels, so content
	 * at the edges of either field (outside the other) pulls no bias.
	 */
	private static double[] maximiseQuality(float[] survey, int off, int w, int h, float[] ref, int refOff, int rw, int rh, int factor, double x0, double y0) {
		double bx = x0, by = y0, step = 0.5 * factor;
		for (int it = 0; it < 40 && step > 0.01; it++) {
			double[][] q = new double[3][3];
			int bestI = 1, bestJ = 1;
			for (int j = 0; j < 3; j++)
				for (int i = 0; i < 3; i++) {
					q[j][i] = quality(survey, off, w, h, ref, refOff, rw, rh, factor, bx + (i - 1) * step, by + (j - 1) * step);
					if (q[j][i] > q[bestJ][bestI]) {
						bestI = i;
						bestJ = j;
					}
				}
			double gx = (q[1][2] - q[1][0]) / (2 * step), gy = (q[2][1] - q[0][1]) / (2 * step);
			double hxx = (q[1][2] - 2 * q[1][1] + q[1][0]) / (step * step), hyy = (q[2][1] - 2 * q[1][1] + q[0][1]) / (step * step);
			double hxy = (q[2][2] - q[2][0] - q[0][2] + q[0][0]) / (4 * step * step);
			double det = hxx * hyy - hxy * hxy;
			if (hxx < 0 && det > 0) {
				double ux = -(hyy * gx - hxy * gy) / det, uy = -(hxx * gy - hxy * gx) / det;
				if (Math.abs(ux) <= step && Math.abs(uy) <= step) {
					bx += ux;
					by += uy;
					step /= 2;
					continue;
				}
			}
			if (bestI == 1 && bestJ == 1)
				step /= 2;
			else {
				bx += (bestI - 1) * step;
				by += (bestJ - 1) * step;
			}
		}
		return new double[] { bx, by };
	}

	/**
	 * Pearson correlation of survey pixel u with the mean of the HAADF over the {@code f x f} pixels it
	 * covers, from {@code (x0 + f u, y0 + f v)} (bilinear samples: the detector's box integration), over the
	 * survey pixels that lie inside the HAADF.
	 */
	private static double quality(float[] survey, int off, int w, int h, float[] ref, int refOff, int rw, int rh, int factor, double x0, double y0) {
		ShiftInterpolation bilinear = ShiftInterpolation.DEFAULT;
		double n = 0, ss = 0, sr = 0, sss = 0, srr = 0, ssr = 0;
		double norm = 1.0 / (factor * factor);
		for (int y = 0; y < h; y++) {
			double py = y0 + factor * y;
			if (py < 0 || py + factor - 1 > rh - 1)
				continue;
			for (int x = 0; x < w; x++) {
				double px = x0 + factor * x;
				if (px < 0 || px + factor - 1 > rw - 1)
					continue;
				double r = 0;
				for (int j = 0; j < factor; j++)
					for (int i = 0; i < factor; i++)
						r += bilinear.sample(ref, refOff, rw, rh, px + i, py + j);
				r *= norm;
				double s = survey[off + y * w + x];
				n++;
				ss += s;
				sr += r;
				sss += s * s;
				srr += r * r;
				ssr += s * r;
			}
		}
		if (n < 2)
			return 0;
		double cov = ssr - ss * sr / n, vs = sss - ss * ss / n, vr = srr - sr * sr / n;
		return vs > 0 && vr > 0 ? cov / Math.sqrt(vs * vr) : 0;
	}

	/** Survey pixel size ÷ HAADF pixel size. */
	public int factor() {
		return factor;
	}

	public ScaleSource scaleSource() {
		return scaleSource;
	}

	public int surveyWidth() {
		return surveyWidth;
	}

	public int surveyHeight() {
		return surveyHeight;
	}

	public int haadfWidth() {
		return haadfWidth;
	}

	public int haadfHeight() {
		return haadfHeight;
	}

	/** One registration per survey image, in the survey's order. */
	public List<Tilt> tilts() {
		return tilts;
	}

	/** Where the moved chemical maps lie on the HAADF grid: the factor and one integer origin for every tilt. */
	public ChemicalSampling sampling() {
		return sampling;
	}

	/** True when the maps, once moved, are on the HAADF grid itself (factor 1, same size). */
	public boolean isFullGrid() {
		return sampling.isFull() && surveyWidth == haadfWidth && surveyHeight == haadfHeight;
	}

	/** Residual x shift of the map of tilt {@code i} on its own grid, chemical pixels: {@code moved(u) = map(u + s)}. */
	public double shiftX(int i) {
		return shiftX[i];
	}

	/** Residual y shift of the map of tilt {@code i}, chemical pixels. */
	public double shiftY(int i) {
		return shiftY[i];
	}

	/**
	 * The chemical series moved onto the integer window of {@link #sampling()} by the residual shifts, with
	 * {@code interpolation} (its fill: zeros, or NaN where no data came in, {@link ShiftInterpolation#MISSING}).
	 * Calibration and angles are kept.
	 *
	 * @throws IllegalArgumentException when {@code chemical} is not on this survey's grid and tilts
	 */
	public TiltSeries moved(TiltSeries chemical, ShiftInterpolation interpolation) {
		checkGrid(chemical);
		TiltSeries out = chemical.zerosLike();
		for (int a = 0; a < chemical.angleCount(); a++)
			interpolation.shift(chemical.data(), chemical.projectionOffset(a), out.data(), out.projectionOffset(a), surveyWidth, surveyHeight, shiftX[a],
				shiftY[a]);
		return out;
	}

	/**
	 * The alignment of a chemical series on the HAADF grid ({@link #isFullGrid()}): the HAADF alignment's
	 * shift of the projection each map was registered to, plus the map's residual shift, so the map is
	 * resampled once ({@link Alignment#apply}, by index) for both moves: with {@code moved(p) = map(p + s)},
	 * {@code aligned(q) = moved(c + t + R(q − c)) = map(c + t + s + R(q − c))}.
	 *
	 * @param haadfAlignment the HAADF series' alignment; its shift of projection k is taken by index when it
	 *        was made for {@code haadfGeometry}, at that projection's angle otherwise
	 * @throws IllegalArgumentException when the maps are not on the HAADF grid, or {@code chemical} is not
	 *         on this survey's grid and tilts
	 */
	public Alignment alignmentOf(TiltSeries chemical, Alignment haadfAlignment, TiltGeometry haadfGeometry) {
		checkGrid(chemical);
		if (!isFullGrid())
			throw new IllegalArgumentException("The survey's maps are not on the HAADF grid (" + describeSampling() + "); move them with moved() and sample them as such");
		boolean byIndex = haadfAlignment.matches(haadfGeometry);
		int n = chemical.angleCount();
		double[] dx = new double[n], dy = new double[n];
		for (int a = 0; a < n; a++) {
			Tilt t = tilts.get(a);
			double[] s = byIndex ? new double[] { haadfAlignment.dx(t.haadfIndex()), haadfAlignment.dy(t.haadfIndex()) } : haadfAlignment.shiftAt(t.haadfAngleDeg());
			dx[a] = s[0] + shiftX[a];
			dy[a] = s[1] + shiftY[a];
		}
		List<String> methods = new ArrayList<>(haadfAlignment.methods());
		methods.add("survey-registration");
		return new Alignment(chemical.anglesDeg(), dx, dy, haadfAlignment.axisRotationDeg(), haadfAlignment.axisOffsetPx(), methods);
	}

	/**
	 * {@code chemical} moved by this registration and aligned as the HAADF ({@code haadfAlignment}, made for
	 * {@code haadfGeometry}): on the HAADF grid in one resampling ({@link #alignmentOf}); on a coarser grid or
	 * a sub-window, the residual shift ({@link #moved}) then the alignment in the map's own pixels
	 * ({@link Alignment#inSampling} of {@link #sampling()}), never resampled onto the HAADF grid. Both moves
	 * use {@code interpolation}.
	 */
	public TiltSeries aligned(TiltSeries chemical, Alignment haadfAlignment, TiltGeometry haadfGeometry, ShiftInterpolation interpolation) {
		if (isFullGrid())
			return alignmentOf(chemical, haadfAlignment, haadfGeometry).apply(chemical, interpolation);
		return haadfAlignment.inSampling(sampling(), haadfGeometry.width(), haadfGeometry.height(), chemical.width(), chemical.height())
			.apply(moved(chemical, interpolation), interpolation);
	}

	/**
	 * Refuses a survey that cannot come from the scan of {@code maps}: another image size or other tilts
	 * (same count, equal within {@value #ANGLE_TOLERANCE_DEG}° by index).
	 *
	 * @param mapsName names the maps in the message, e.g. "the Co maps (Co.tif)"
	 * @throws IllegalArgumentException naming the first difference
	 */
	public static void checkSameScan(TiltSeries survey, TiltSeries maps, String mapsName) {
		if (survey.width() != maps.width() || survey.height() != maps.height())
			throw new IllegalArgumentException(String.format(Locale.ROOT, "survey images are %d x %d pixels but %s %d x %d; the survey must come from the maps' scan",
				survey.width(), survey.height(), mapsName, maps.width(), maps.height()));
		if (survey.angleCount() != maps.angleCount())
			throw new IllegalArgumentException(String.format(Locale.ROOT, "the survey has %d tilts but %s %d; give one survey image per map", survey.angleCount(), mapsName,
				maps.angleCount()));
		for (int i = 0; i < survey.angleCount(); i++)
			if (Math.abs(survey.angleDeg(i) - maps.angleDeg(i)) > ANGLE_TOLERANCE_DEG)
				throw new IllegalArgumentException(String.format(Locale.ROOT, "survey tilt %d is %.2f deg but that of %s %.2f deg; survey and maps must have the same tilts", i + 1,
					survey.angleDeg(i), mapsName, maps.angleDeg(i)));
	}

	/** E.g. "factor 2, origin (3, 5)". */
	public String describeSampling() {
		return "factor " + sampling.factor() + ", origin (" + sampling.originX() + ", " + sampling.originY() + "), " + surveyWidth + " x " + surveyHeight + " survey pixels on "
			+ haadfWidth + " x " + haadfHeight + " HAADF pixels";
	}

	private void checkGrid(TiltSeries chemical) {
		if (chemical.width() != surveyWidth || chemical.height() != surveyHeight)
			throw new IllegalArgumentException("The chemical maps are " + chemical.width() + " x " + chemical.height() + " pixels but their survey images " + surveyWidth + " x "
				+ surveyHeight + "; the survey must come from the maps' scan");
		if (chemical.angleCount() != tilts.size())
			throw new IllegalArgumentException("The chemical series has " + chemical.angleCount() + " tilts but its survey " + tilts.size());
	}

	/** The worst (lowest) peak quality over the tilts. */
	public double worstQuality() {
		return tilts.stream().mapToDouble(Tilt::quality).min().orElse(Double.NaN);
	}

	@Override
	public String toString() {
		return "SurveyRegistration[" + tilts.size() + " tilts, " + describeSampling() + ", scale from " + scaleSource.key() + "]";
	}
}
