package org.fusedtomo.simulate;

import org.fusedtomo.align.FourierShift;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A detector turned against the tilt axis, sampled the way a microscope samples it: the band-limited
 * (trigonometric) interpolant of each projection is turned and offset exactly, by three Fourier shears
 * (x by −tan(ψ/2), y by sin ψ, x again; Unser et al. 1995), each a per-row or per-column
 * {@link FourierShift}, on a zero-filled canvas large enough that nothing wraps around.
 * <p>
 * Convention, as the simulated series have always used (pixels, x right, y down, centre
 * {@code c = ((w-1)/2, (h-1)/2)}): {@code raw(q) = s(c + R(−φ)(q − c − (o, 0)))}, i.e. the axis turned by φ
 * about the centre, then offset by o across it; R as in {@link ShiftInterpolation}. NB: a bilinear turn of a
 * small image smooths it and leaves part of its content on the pixel grid, which biased the axis found on
 * 64 px series by up to 0.3 deg (docs/real-data.md); {@code -DbilinearTurn=true} restores that turn, for
 * comparison only. Values may ring slightly negative next to sharp edges (the turn is linear, not clipped).
 * <p>
 * Cost per image: about 3 (W + H) FFTs of length W or H, W and H about twice the image's edge for small
 * angles (4-6x at 90 deg). Not thread-safe (one instance, one caller).
 */
public final class DetectorTurn {

	/** {@code -DbilinearTurn=true}: the old bilinear turn ({@link ShiftInterpolation#DEFAULT}), to compare with. */
	static final boolean BILINEAR = Boolean.getBoolean("bilinearTurn");

	private final int w, h, cw, ch, ox, oy;
	private final double a, b, t1x, ty;
	private final double[] canvas, line;
	private final DoubleFFT_1D rowFft, columnFft;

	/** A turn of {@code width} x {@code height} images by {@code rotationDeg} (φ) and {@code offsetPx} (o, across the turned axis). */
	public DetectorTurn(int width, int height, double rotationDeg, double offsetPx) {
		if (width < 1 || height < 1 || !Double.isFinite(rotationDeg) || !Double.isFinite(offsetPx))
			throw new IllegalArgumentException("DetectorTurn needs a positive size and finite angle and offset, got " + width + " x " + height + ", "
				+ rotationDeg + " deg, " + offsetPx + " px");
		w = width;
		h = height;
		double phi = Math.toRadians(rotationDeg), psi = -phi;
		// dst(q) = src(c + t + R(ψ)(q − c)) with ψ = −φ and t = −R(−φ)(o, 0).
		double tx = -offsetPx * Math.cos(phi);
		ty = offsetPx * Math.sin(phi);
		a = -Math.tan(psi / 2);
		b = Math.sin(psi);
		// Shear 1 carries the x translation, shear 2 the y one: R q + t = Sx(Sy(Sx q) + (0, ty)) + (t1x, 0).
		t1x = tx - a * ty;
		// Half-extents (from the centre) that each pass must hold: shear 3 reads columns to x2, shear 2 reads rows
		// to y1; a circular shift must not read content through the canvas' far edge (content spans ±w/2, ±h/2).
		double hw = w / 2.0 + 1, hh = h / 2.0 + 1;
		double x2 = hw + Math.abs(a) * hh, y1 = hh + Math.abs(b) * x2 + Math.abs(ty);
		double reachX = hw + x2 + Math.abs(a) * y1 + Math.abs(t1x), reachY = hh + y1;
		// NB: a margin of one more image beyond the reach keeps the sinc tails of content off the wrap too.
		cw = even(Math.max(2 * x2, reachX) + w);
		ch = even(Math.max(2 * y1, reachY) + h);
		ox = (cw - w) / 2;
		oy = (ch - h) / 2;
		canvas = new double[cw * ch];
		line = new double[2 * Math.max(cw, ch)];
		rowFft = new DoubleFFT_1D(cw);
		columnFft = cw == ch ? rowFft : new DoubleFFT_1D(ch);
	}

	private static int even(double size) {
		int n = (int) Math.ceil(size);
		return n + (n & 1);
	}

	/** Writes the turned image of {@code src} (w x h, row by row from {@code srcOff}) into {@code dst} from {@code dstOff}. */
	public void turn(float[] src, int srcOff, float[] dst, int dstOff) {
		java.util.Arrays.fill(canvas, 0);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				canvas[(y + oy) * cw + x + ox] = src[srcOff + y * w + x];
		double ccx = ox + (w - 1) / 2.0, ccy = oy + (h - 1) / 2.0;
		// Shear 1: f1(u) = f(ux + a uy + t1x, uy); only the image's rows hold content.
		for (int y = oy; y < oy + h; y++)
			shiftRow(y, a * (y - ccy) + t1x);
		// Shear 2: f2(v) = f1(vx, vy + b vx + ty).
		if (b != 0 || ty != 0)
			for (int x = 0; x < cw; x++)
				shiftColumn(x, b * (x - ccx) + ty);
		// Shear 3: f3(q) = f2(qx + a qy, qy); only the crop's rows are needed.
		if (a != 0)
			for (int y = oy; y < oy + h; y++)
				shiftRow(y, a * (y - ccy));
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				dst[dstOff + y * w + x] = (float) canvas[(y + oy) * cw + x + ox];
	}

	/** Row y of the canvas becomes {@code row(x + s)}. */
	private void shiftRow(int y, double s) {
		if (s == 0)
			return;
		int off = y * cw;
		for (int x = 0; x < cw; x++) {
			line[2 * x] = canvas[off + x];
			line[2 * x + 1] = 0;
		}
		rowFft.complexForward(line);
		FourierShift.shift(line, cw, s, line);
		rowFft.complexInverse(line, true);
		for (int x = 0; x < cw; x++)
			canvas[off + x] = line[2 * x];
	}

	/** Column x of the canvas becomes {@code column(y + s)}. */
	private void shiftColumn(int x, double s) {
		if (s == 0)
			return;
		boolean empty = true;
		for (int y = 0; y < ch; y++) {
			double v = canvas[y * cw + x];
			empty &= v == 0;
			line[2 * y] = v;
			line[2 * y + 1] = 0;
		}
		if (empty)
			return;
		columnFft.complexForward(line);
		FourierShift.shift(line, ch, s, line);
		columnFft.complexInverse(line, true);
		for (int y = 0; y < ch; y++)
			canvas[y * cw + x] = line[2 * y];
	}

	/**
	 * Every projection of {@code s} turned by {@code rotationDeg} and offset by {@code offsetPx}, as a new series (a copy
	 * when both are 0). With {@code -DbilinearTurn=true}, bilinearly as before (comparison only).
	 */
	public static TiltSeries onTiltAxis(TiltSeries s, double rotationDeg, double offsetPx) {
		TiltSeries raw = s.zerosLike();
		if (rotationDeg == 0 && offsetPx == 0) {
			System.arraycopy(s.data(), 0, raw.data(), 0, s.data().length);
			return raw;
		}
		if (BILINEAR) {
			double phi = Math.toRadians(rotationDeg);
			for (int i = 0; i < s.angleCount(); i++)
				ShiftInterpolation.DEFAULT.transform(s.data(), s.projectionOffset(i), raw.data(), raw.projectionOffset(i), s.width(), s.height(), -rotationDeg,
					-offsetPx * Math.cos(phi), offsetPx * Math.sin(phi));
			return raw;
		}
		DetectorTurn turn = new DetectorTurn(s.width(), s.height(), rotationDeg, offsetPx);
		for (int i = 0; i < s.angleCount(); i++)
			turn.turn(s.data(), s.projectionOffset(i), raw.data(), raw.projectionOffset(i));
		return raw;
	}
}
