// Count levels of shifted series (docs/fused-study.md, "Count levels of shifted series"): simulates PHANTOM at SEED
// (64³, 47 HAADF tilts at 10⁴ electrons, 9 chemical tilts) at each of COUNTS, once without drift (reference) and once
// with a random drift of RMS px per projection (the simulator shifts before the noise), undoes the drift with the true
// alignment as align --alignment does (bilinear, ShiftInterpolation.MISSING), and runs FusedParameters.DEFAULT on
// (i) the undrifted series, (ii) the shifted series, levels read from them (before: what align's files give), (iii) the
// shifted series told the gain read on the drifted series before the shift (MultiModalSeries.withGains). Prints each
// element's count level and NRMSE against the truth. Needs scripts/patches/gain4-given-gain.patch (git apply, rebuild): the
// given gain (iii) is not in the product (docs/fused-study.md, "Count levels of shifted series"); the product's own
// implementation, not adopted, is commit ded83d4 (branch h-gain4-carry). -Dwhole=true adds (iv): the drift undone to the nearest whole pixel
// (no interpolation, up to half a pixel left); -Ddiag=true runs (ii), (v) (iii) with the HAADF's gain read before the shift
// too, and (vi) noise drawn after the shift. Run from the repository root after building:
//   java --add-modules jdk.incubator.vector -cp "target/classes:$CP" scripts/ShiftedGain.java core-shell 1 10,80 2
import java.util.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.metrics.*;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.*;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

public class ShiftedGain {
	/** The alignment with its shifts rounded to whole pixels: moves pixels without interpolating them. */
	static org.fusedtomo.align.Alignment rounded(org.fusedtomo.align.Alignment a) {
		double[] dx = a.dx(), dy = a.dy();
		for (int i = 0; i < dx.length; i++) {
			dx[i] = Math.rint(dx[i]);
			dy[i] = Math.rint(dy[i]);
		}
		return a.withShifts(dx, dy, "rounded");
	}

	/** Poisson draws of {@code s} × {@code dose}, divided by {@code dose}; NaN (not measured) kept. */
	static TiltSeries noisy(TiltSeries s, Poisson poisson, double dose) {
		float[] d = s.data();
		for (int i = 0; i < d.length; i++)
			if (!Float.isNaN(d[i]))
				d[i] = (float) (poisson.sample(Math.max(0, d[i]) * dose) / dose);
		return s;
	}

	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		double rms = a.length > 3 ? Double.parseDouble(a[3]) : 2;
		for (String ph : a[0].split(","))
			for (String sd : a[1].split(",")) {
				long seed = Long.parseLong(sd);
				Phantom phantom = Phantoms.create(ph, VolumeGeometry.cube(64), seed);
				for (String c : a[2].split(",")) {
					SimulationParameters p0 = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(Double.parseDouble(c))
						.withSeed(seed);
					SimulatedData still = new Simulator(par).simulate(phantom, p0);
					SimulatedData drifted = new Simulator(par).simulate(phantom, new SimulationParameters(p0.haadfAnglesDeg(), p0.chemAnglesDeg(), p0.countsPerPixel(),
						p0.haadfDose(), p0.gamma(), rms, seed, true));
					Map<String, TiltSeries> shifted = new LinkedHashMap<>();
					Map<String, Double> before = new LinkedHashMap<>();
					drifted.chemical().forEach((el, s) -> {
						shifted.put(el, drifted.chemicalDrift().get(el).apply(s, ShiftInterpolation.MISSING));
						before.put(el, PoissonGain.of(s, el));
					});
					TiltSeries haadf = drifted.haadfDrift().apply(drifted.haadf(), ShiftInterpolation.MISSING);
					Map<String, MultiModalSeries> cases = new LinkedHashMap<>();
					cases.put("(i) unshifted", new MultiModalSeries(still.haadf(), still.chemical()));
					cases.put("(ii) shifted, read", new MultiModalSeries(haadf, shifted));
					cases.put("(iii) shifted, before", new MultiModalSeries(haadf, shifted).withGains(before));
					if (Boolean.getBoolean("whole")) {
						Map<String, TiltSeries> whole = new LinkedHashMap<>();
						drifted.chemical().forEach((el, s) -> whole.put(el, rounded(drifted.chemicalDrift().get(el)).apply(s, ShiftInterpolation.MISSING)));
						cases.put("(iv) whole pixels", new MultiModalSeries(rounded(drifted.haadfDrift()).apply(drifted.haadf(), ShiftInterpolation.MISSING), whole));
					}
					if (Boolean.getBoolean("diag")) {
						// NB: the gap to (i): (v) as (iii), the HAADF's gain also read before the shift (gain4.haadfGain, a hook of the
						// patch only); (vi) noise drawn after the shift (the signal interpolated twice, the noise not).
						cases.put("(v) +HAADF before", cases.get("(iii) shifted, before"));
						SimulatedData clean = new Simulator(par).simulate(phantom, new SimulationParameters(p0.haadfAnglesDeg(), p0.chemAnglesDeg(), p0.countsPerPixel(),
							p0.haadfDose(), p0.gamma(), rms, seed, false));
						Poisson poisson = new Poisson(seed * 31 + 7);
						Map<String, TiltSeries> late = new LinkedHashMap<>();
						clean.chemical().forEach((el, s) -> late.put(el, noisy(clean.chemicalDrift().get(el).apply(s, ShiftInterpolation.MISSING), poisson, 1)));
						cases.put("(vi) noise after shift", new MultiModalSeries(noisy(clean.haadfDrift().apply(clean.haadf(), ShiftInterpolation.MISSING), poisson, p0.haadfDose()), late));
						cases.keySet().removeIf(k -> k.startsWith("(i)") || k.startsWith("(iii)") || k.startsWith("(iv)"));
					}
					double haadfBefore = PoissonGain.of(drifted.haadf(), "HAADF");
					FusedParameters p = FusedParameters.DEFAULT.withThreads(2);
					cases.forEach((name, s) -> {
						if (name.startsWith("(v)"))
							System.setProperty("gain4.haadfGain", Double.toString(haadfBefore));
						else
							System.clearProperty("gain4.haadfGain");
						double[] levels = FusedProblem.elementScales(s, p)[0];
						FusedResult r = new FusedMethod(p).reconstruct(s, VolumeGeometry.cube(64), par, Monitor.NONE);
						StringBuilder sb = new StringBuilder(String.format("%s seed %d counts %s rms %.1f %-22s", ph, seed, c, rms, name));
						double total = 0;
						List<String> els = still.truth().elements();
						for (int e = 0; e < els.size(); e++) {
							double err = Nrmse.of(r.volumes().get(els.get(e)), still.truth().density(els.get(e)));
							total += err / els.size();
							sb.append(String.format(" %s N %.4g NRMSE %.4f", els.get(e), levels[e], err));
						}
						System.out.println(sb.append(String.format("; mean %.4f", total)));
					});
				}
			}
	}
}
