import java.nio.file.Path;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.ModelAlignment;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.TiffSeries;

/**
 * The Poisson floor of the held-out NRMSE in the RAW frame (docs/fused-study.md, "The alignment inside the forward model"):
 * reconstruct --alignment scores the prediction A_aligned x against the raw held-out maps, which are counts binned by BIN
 * (averaged) and never resampled, so a perfect prediction still scores sqrt(Σ var b / Σ b²) with var b = b / BIN² (no
 * interpolation weights, unlike scripts/AlignedPoissonFloor.java), over the tilts i % N != 0 that --hold-out-chem N scores and
 * the pixels the aligned frame covers (those reconstruct scores). RAW_DIR holds the maps as align --alignment identity.json
 * writes them (unmoved, counts kept). Run from the repository root after building:
 * java -cp "target/classes:target/lib/*" scripts/RawFramePoissonFloor.java RAW_DIR ALIGNMENT.json 4 3 Fe,Si,O,S,Pt
 */
public class RawFramePoissonFloor {

	public static void main(String[] a) {
		Path raw = Path.of(a[0]);
		Alignment alignment = AlignmentJson.load(Path.of(a[1]));
		int bin = Integer.parseInt(a[2]), every = Integer.parseInt(a[3]);
		String[] elements = a[4].split(",");
		double mean = 0;
		for (String el : elements) {
			TiltSeries b = ModelAlignment.markUncovered(alignment, TiffSeries.readTiltSeries(raw.resolve(el + ".tif")));
			double variance = 0, b2 = 0;
			int n = b.width() * b.height();
			for (int t = 0; t < b.angleCount(); t++) {
				if (t % every == 0)
					continue;
				int off = b.projectionOffset(t);
				for (int i = 0; i < n; i++) {
					double v = b.data()[off + i];
					if (Double.isNaN(v))
						continue;
					variance += Math.max(v, 0) / (bin * bin);
					b2 += v * v;
				}
			}
			double floor = Math.sqrt(variance / b2);
			mean += floor / elements.length;
			System.out.printf("%-4s floor of the raw held-out maps (covered pixels) %.4f%n", el, floor);
		}
		System.out.printf("mean floor %.4f%n", mean);
	}
}
