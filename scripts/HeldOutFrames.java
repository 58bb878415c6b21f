// IDP held-out chemical NRMSE scored against targets that do not depend on the resampling kernel under test (helper
// shift5, docs/fused-study.md, "The cost of applying an alignment"). reconstruct --hold-out-chem 3 scores a volume against
// the held-out maps as align moved them, so a kernel that smooths the data also smooths (denoises) its own targets. Here
// each volume REC/El.tif is projected at the held-out tilts (every tilt i with i mod 3 != 0) and scored (plain, no tilt
// efficiency) against the held-out maps of each aligned directory ALIGNED..., and in the raw frame: the prediction moved
// back by ALIGNMENT (Alignment.applyInverse, bilinear on the noiseless prediction) against RAW (align --alignment with
// an identity alignment: the preprocessed maps unmoved), pixels whose source leaves the frame not scored.
//   java -cp "target/classes:$CP" scripts/HeldOutFrames.java RAW ALIGNMENT Fe,Si,O,S,Pt REC1,REC2 ALIGNED1,ALIGNED2
import java.nio.file.*;
import java.util.*;
import org.fusedtomo.align.*;
import org.fusedtomo.data.*;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.tune.HeldOutChemistry;

public class HeldOutFrames {
	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		Path raw = Path.of(a[0]);
		Alignment al = AlignmentJson.load(Path.of(a[1]));
		List<String> els = List.of(a[2].split(","));
		List<String> targets = new ArrayList<>(List.of(a[4].split(",")));
		targets.add("raw");
		for (String rec : a[3].split(",")) {
			for (String t : targets) {
				StringBuilder sb = new StringBuilder(String.format("volumes %-28s targets %-28s", rec, t));
				double mean = 0;
				for (String el : els) {
					Map<String, TiltSeries> m = new LinkedHashMap<>();
					Path dir = t.equals("raw") ? raw : Path.of(t);
					m.put(el, TiffSeries.readTiltSeries(dir.resolve(el + ".tif"), dir.resolve(el + ".rawtlt")));
					TiltSeries held = HeldOutChemistry.keepingEvery(m, 3).heldOut().get(el);
					Volume v = TiffSeries.readVolume(Path.of(rec, el + ".tif"));
					TiltSeries pred = Projectors.create(v.geometry(), held.geometry(), par).forward(v);
					float[] measured = held.data().clone();
					if (t.equals("raw")) {
						TiltSeries ones = pred.zerosLike();
						Arrays.fill(ones.data(), 1f);
						float[] inside = al.applyInverse(ones).data();
						pred = al.applyInverse(pred);
						for (int i = 0; i < measured.length; i++)
							if (inside[i] < 0.999f)
								measured[i] = Float.NaN;
					}
					double e = Nrmse.ofMeasured(pred.data(), measured);
					mean += e / els.size();
					sb.append(String.format(" %s %.4f", el, e));
				}
				System.out.println(sb.append(String.format("; mean %.4f", mean)));
			}
		}
	}
}
