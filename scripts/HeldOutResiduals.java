import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.tune.HeldOutChemistry;
import org.fusedtomo.tune.TiltEfficiency;

/**
 * The held-out residual picture of docs/real-data.md: for each element, one row of the held-out maps (tilts
 * i % N != 0 of ALIGNED_DIR) and, for each RECONSTRUCTION_DIR of `reconstruct --hold-out-chem N`, one row of its
 * residual α·prediction − map (α the least-squares scale of the held-out score; the prediction scaled by the per-tilt
 * efficiency estimated from the kept tilts, as scored: tune.TiltEfficiency), both blurred by 1 px over the
 * measured pixels. Grey: 0 .. the map's largest blurred value; residuals blue (negative) to red (positive), ± half
 * of it; pixels not measured (NaN) dark green. Run from the repository root after building:
 * java -cp "target/classes:target/lib/*" scripts/HeldOutResiduals.java ALIGNED_DIR N Fe,Si,O,S,Pt OUT.png RECONSTRUCTION_DIR...
 */
public class HeldOutResiduals {

	public static void main(String[] a) throws IOException {
		Path aligned = Path.of(a[0]);
		int every = Integer.parseInt(a[1]);
		String[] elements = a[2].split(",");
		int runs = a.length - 4;
		BufferedImage image = null;
		for (int e = 0; e < elements.length; e++) {
			TiltSeries all = TiffSeries.readTiltSeries(aligned.resolve(elements[e] + ".tif"));
			int[] held = IntStream.range(0, all.angleCount()).filter(i -> i % every != 0).toArray();
			TiltSeries m = all.subset(held);
			int w = m.width(), h = m.height(), n = held.length;
			if (image == null)
				image = new BufferedImage(n * w, elements.length * (runs + 1) * h, BufferedImage.TYPE_INT_RGB);
			float[] md = blurMeasured(m.data(), w, h, n);
			double top = 0;
			for (float v : md)
				if (v > top)
					top = v;
			paint(image, md, m.data(), w, h, n, e * (runs + 1) * h, top, false);
			for (int r = 0; r < runs; r++) {
				Volume v = TiffSeries.readVolume(Path.of(a[4 + r]).resolve(elements[e] + ".tif"));
				TiltEfficiency eta = HeldOutChemistry.keepingEvery(Map.of(elements[e], all), every).efficiencies(Map.of(elements[e], v), Map.of(), new Parallelism(2))
					.get(elements[e]);
				float[] p = eta.applied(Projectors.create(v.geometry(), m.geometry(), new Parallelism(2)).forward(v)).data();
				double xg = 0, xx = 0;
				for (int i = 0; i < p.length; i++)
					if (!Float.isNaN(m.data()[i])) {
						xg += (double) p[i] * m.data()[i];
						xx += (double) p[i] * p[i];
					}
				float[] res = new float[p.length];
				for (int i = 0; i < p.length; i++)
					res[i] = (float) (xg / xx * p[i]) - m.data()[i];
				paint(image, blurMeasured(res, w, h, n), m.data(), w, h, n, (e * (runs + 1) + r + 1) * h, top / 2, true);
			}
		}
		ImageIO.write(image, "png", Path.of(a[3]).toFile());
	}

	/** Gaussian blur of σ = 1 px of each projection over its measured pixels (a normalised convolution); NaN stays NaN. */
	static float[] blurMeasured(float[] d, int w, int h, int n) {
		float[] out = new float[d.length];
		for (int t = 0; t < n; t++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int at = t * w * h + y * w + x;
					if (Float.isNaN(d[at])) {
						out[at] = Float.NaN;
						continue;
					}
					double s = 0, k = 0;
					for (int j = -3; j <= 3; j++)
						for (int i = -3; i <= 3; i++) {
							int xx = x + i, yy = y + j;
							if (xx < 0 || yy < 0 || xx >= w || yy >= h || Float.isNaN(d[t * w * h + yy * w + xx]))
								continue;
							double g = Math.exp(-(i * i + j * j) / 2.0);
							s += g * d[t * w * h + yy * w + xx];
							k += g;
						}
					out[at] = (float) (s / k);
				}
		return out;
	}

	static void paint(BufferedImage image, float[] v, float[] measured, int w, int h, int n, int row, double scale, boolean diverging) {
		for (int t = 0; t < n; t++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int at = t * w * h + y * w + x;
					int rgb;
					if (Float.isNaN(measured[at]))
						rgb = 0x1f4f1f;
					else if (!diverging) {
						int g = (int) Math.round(255 * Math.max(0, Math.min(1, v[at] / scale)));
						rgb = g << 16 | g << 8 | g;
					}
					else {
						double f = Math.max(-1, Math.min(1, v[at] / scale));
						int r = f > 0 ? 255 : (int) Math.round(255 * (1 + f)), b = f < 0 ? 255 : (int) Math.round(255 * (1 - f)), g = (int) Math.round(255 * (1 - Math.abs(f)));
						rgb = r << 16 | g << 8 | b;
					}
					image.setRGB(t * w + x, row + y, rgb);
				}
	}
}
