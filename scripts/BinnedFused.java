// Fused defaults on series binned as reconstruct --bin B does (docs/fused-study.md, "Count levels of binned series"):
// simulates PHANTOM at SEED (64³, 47 HAADF tilts at 10⁴ electrons, 9 chemical tilts) at each of COUNTS, bins every
// series B x B and the truth B x B x B (means), and runs FusedParameters.DEFAULT on the series averaged and told their
// binning (MultiModalSeries.binned, what reconstruct --bin does since session 20), averaged untold (before), and summed
// (counts of the binned pixels) untold and told; prints each element's count level (FusedProblem.elementScales) and
// NRMSE against the binned truth (-Dquick=true: averaged only, the untold run only where its levels differ). Run from
// the repository root after building:
//   java --add-modules jdk.incubator.vector -cp "target/classes:$CP" scripts/BinnedFused.java core-shell 1 80 2,4
import java.util.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.*;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

public class BinnedFused {
	static Volume binned(Volume v, int b) {
		int n = v.geometry().width() / b;
		Volume out = Volume.zeros(VolumeGeometry.cube(n));
		for (int z = 0; z < n * b; z++)
			for (int y = 0; y < n * b; y++)
				for (int x = 0; x < n * b; x++)
					out.data()[out.index(x / b, y / b, z / b)] += v.data()[v.index(x, y, z)] / (float) (b * b * b);
		return out;
	}

	static TiltSeries summed(TiltSeries s, int b) {
		TiltSeries m = Binning.bin(s, b);
		for (int i = 0; i < m.data().length; i++)
			m.data()[i] = Math.round(m.data()[i] * b * b);
		return m;
	}

	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		long seed = Long.parseLong(a[1]);
		Phantom ph = Phantoms.create(a[0], VolumeGeometry.cube(64), seed);
		for (String c : a[2].split(",")) {
			SimulatedData data = new Simulator(par).simulate(ph, SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9))
				.withCountsPerPixel(Double.parseDouble(c)).withSeed(seed));
			for (String bs : a[3].split(",")) {
				int b = Integer.parseInt(bs);
				Map<String, TiltSeries> mean = new LinkedHashMap<>(), sum = new LinkedHashMap<>();
				data.chemical().forEach((el, s) -> {
					mean.put(el, Binning.bin(s, b));
					sum.put(el, summed(s, b));
				});
				TiltSeries haadf = Binning.bin(data.haadf(), b);
				Map<String, MultiModalSeries> cases = new LinkedHashMap<>();
				cases.put("averaged, told (after)", new MultiModalSeries(haadf, mean).binned(b));
				cases.put("averaged, untold (before)", new MultiModalSeries(haadf, mean));
				if (!Boolean.getBoolean("quick")) {
					cases.put("summed, untold", new MultiModalSeries(haadf, sum));
					cases.put("summed, told", new MultiModalSeries(haadf, sum).binned(b));
				}
				FusedParameters p = FusedParameters.DEFAULT.withThreads(2);
				double[] told = FusedProblem.elementScales(cases.get("averaged, told (after)"), p)[0];
				cases.forEach((name, s) -> {
					double[] levels = FusedProblem.elementScales(s, p)[0];
					// -Dquick=true: the untold series is run only where its levels differ (else its result is the told one's)
					if (Boolean.getBoolean("quick") && !name.startsWith("averaged, told") && Arrays.equals(levels, told)) {
						System.out.printf("%s seed %d counts %s bin %d %-26s same levels%n", a[0], seed, c, b, name);
						return;
					}
					FusedResult r = new FusedMethod(p).reconstruct(s, VolumeGeometry.cube(64 / b), par, Monitor.NONE);
					StringBuilder sb = new StringBuilder(String.format("%s seed %d counts %s bin %d %-26s", a[0], seed, c, b, name));
					double total = 0;
					List<String> els = data.truth().elements();
					for (int e = 0; e < els.size(); e++) {
						double err = Nrmse.of(r.volumes().get(els.get(e)), binned(data.truth().density(els.get(e)), b));
						total += err / els.size();
						sb.append(String.format(" %s N %.4g NRMSE %.4f", els.get(e), levels[e], err));
					}
					System.out.println(sb.append(String.format("; mean %.4f", total)));
				});
			}
		}
	}
}
