import java.nio.file.Path;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.Binning;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.readers.SeriesReaders;

/**
 * The Poisson floor of the held-out NRMSE on maps as `align` wrote them (docs/real-data.md): a perfect
 * prediction λ of a held-out map b still scores sqrt(Σ var b / Σ b²). The maps are raw counts binned by
 * BIN (averaged), then moved by the alignment's bilinear resampling, whose weights w give var b = Σ w²
 * (mean count / BIN²); a background subtraction leaves the variance and lowers Σ b². Prints per element
 * the floor of the raw binned counts (as scripts/idp-poisson-floor.jsh) and of the aligned maps in ALIGNED_DIR,
 * over the tilts i % N != 0 that --hold-out-chem N scores, on the pixels that hold data (not NaN). Run from the repository root after building:
 * java -cp "target/classes:target/lib/*" scripts/AlignedPoissonFloor.java recipes/idp-haadf-edx.json 4 ALIGNED_DIR 3 Fe,Si,O,S,Pt
 */
public class AlignedPoissonFloor {

	public static void main(String[] a) {
		var raw = SeriesReaders.read(Path.of(a[0]));
		int bin = Integer.parseInt(a[1]), every = Integer.parseInt(a[3]);
		Path aligned = Path.of(a[2]);
		Alignment alignment = AlignmentJson.load(aligned.resolve("alignment.json"));
		double phi = Math.toRadians(alignment.axisRotationDeg()), cos = Math.cos(phi), sin = Math.sin(phi);
		double meanRaw = 0, meanAligned = 0;
		String[] elements = a[4].split(",");
		for (String el : elements) {
			TiltSeries counts = Binning.bin(raw.chemical().get(el), bin), scored = TiffSeries.readTiltSeries(aligned.resolve(el + ".tif"));
			int w = counts.width(), h = counts.height();
			double c1 = 0, c2 = 0, variance = 0, b2 = 0;
			for (int t = 0; t < counts.angleCount(); t++) {
				if (t % every == 0)
					continue;
				int off = counts.projectionOffset(t);
				float[] m = counts.data();
				double tx = alignment.axisOffsetPx() + alignment.dx(t), ty = alignment.dy(t), cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double c = bin * bin * m[off + y * w + x];
						c1 += c;
						c2 += c * c;
						double b = scored.get(x, y, t);
						// NB: a pixel align had no data for (NaN, not measured) is not scored.
						if (Double.isNaN(b))
							continue;
						// NB: the source point of geometry.ShiftInterpolation.transform, dst(q) = src(c + t + R(q - c)).
						double sx = cx + tx + (x - cx) * cos - (y - cy) * sin, sy = cy + ty + (x - cx) * sin + (y - cy) * cos;
						int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
						double fx = sx - x0, fy = sy - y0;
						for (int j = 0; j < 2; j++)
							for (int i = 0; i < 2; i++) {
								int xx = x0 + i, yy = y0 + j;
								if (xx < 0 || yy < 0 || xx >= w || yy >= h)
									continue;
								double wt = (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy);
								variance += wt * wt * m[off + yy * w + xx] / (bin * bin);
							}
						b2 += b * b;
					}
			}
			double floorRaw = Math.sqrt(c1 / c2), floorAligned = Math.sqrt(variance / b2);
			meanRaw += floorRaw / elements.length;
			meanAligned += floorAligned / elements.length;
			System.out.printf("%-4s floor of the raw binned counts %.3f, of the aligned maps %.3f%n", el, floorRaw, floorAligned);
		}
		System.out.printf("mean floor of the raw binned counts %.3f, of the aligned maps %.3f%n", meanRaw, meanAligned);
	}
}
