// Accuracy of the resampling kernels of scripts/patches/shift5-shift-kernels.patch (apply it and rebuild first): a Gaussian
// (sigma 2.5 px, band-limited to float precision) shifted by (0.3, -1.7) px against the Gaussian drawn there (relative RMS over
// the measured pixels), and a shift by (3, -2) whole pixels against the pixels moved (max error). helper shift5.
//   java -cp "target/classes:$CP" scripts/ShiftKernelCheck.java
import org.fusedtomo.geometry.ShiftInterpolation;
public class ShiftKernelCheck {
	public static void main(String[] a) {
		int w = 48, h = 40;
		float[] src = new float[w * h], ref = new float[w * h], dst = new float[w * h];
		double tx = 0.3, ty = -1.7, s = 2.5;
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			src[y * w + x] = (float) g(x - 20, y - 18, s);
			ref[y * w + x] = (float) g(x + tx - 20, y + ty - 18, s);
		}
		for (String k : new String[] { "bilinear", "keys", "bspline", "fourier" }) {
			System.setProperty("fusedtomo.shiftKernel", k);
			ShiftInterpolation.MISSING.transform(src, 0, dst, 0, w, h, 0, tx, ty);
			double e = 0, n = 0; int nan = 0;
			for (int i = 0; i < dst.length; i++) { if (Float.isNaN(dst[i])) { nan++; continue; } e += (dst[i] - ref[i]) * (dst[i] - ref[i]); n += ref[i] * ref[i]; }
			ShiftInterpolation.MISSING.transform(src, 0, dst, 0, w, h, 0, 3, -2);
			double ei = 0;
			for (int y = 2; y < h; y++) for (int x = 0; x < w - 3; x++) ei = Math.max(ei, Math.abs(dst[y * w + x] - src[(y - 2) * w + x + 3]));
			// A sharp box (ringing would go negative) shifted by half a pixel: the smallest value must stay >= 0.
			float[] box = new float[w * h];
			for (int y = 15; y < 25; y++) for (int x = 15; x < 25; x++) box[y * w + x] = 1;
			ShiftInterpolation.MISSING.transform(box, 0, dst, 0, w, h, 0, 0.5, 0.5);
			float min = Float.MAX_VALUE;
			for (float v : dst) if (!Float.isNaN(v)) min = Math.min(min, v);
			System.out.printf("%s rel err %.2e NaN %d integer maxerr %.1e box min %.3g%n", k, Math.sqrt(e / n), nan, ei, min);
		}
	}
	static double g(double x, double y, double s) { return Math.exp(-(x * x + y * y) / (2 * s * s)); }
}
