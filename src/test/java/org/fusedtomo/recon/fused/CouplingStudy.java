package org.fusedtomo.recon.fused;

import java.util.Arrays;
import java.util.List;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.InterfaceCoupling;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

/**
 * The interface-coupling rule's scores ({@link InterfaceCoupling#oppositions}) on the EM start of the default fused
 * problem, and the groups it picks, per phantom, seed and count level (docs/fused-study.md, fifth round). Args:
 * PHANTOM SEED COUNTS[,COUNTS...]; 64³ (-Dsize=N), 9 chemical tilts as FusedAblation. With -Dguided=true also the guided
 * statistics of {@link org.fusedtomo.recon.GuidedPairStats} on the denoised starts (a lead, docs/fused-study.md).
 */
public class CouplingStudy {
	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		long seed = Long.parseLong(a[1]);
		Phantom ph = Phantoms.create(a[0], VolumeGeometry.cube(Integer.parseInt(System.getProperty("size", "64"))), seed);
		List<String> els = ph.elements();
		for (String c : a[2].split(",")) {
			SimulationParameters sp = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(Double.parseDouble(c)).withSeed(seed);
			SimulatedData data = new Simulator(par).simulate(ph, sp);
			MultiModalSeries s = new MultiModalSeries(data.haadf(), data.chemical());
			FusedParameters p = FusedParameters.DEFAULT.withThreads(2);
			FusedProblem pr = FusedProblem.prepare(s, ph.geometry(), p, ProjectorFactory.TOMOGRAPHY, 1, Monitor.NONE, FusedReconstruction.totalSteps(s, p));
			double[][] o = InterfaceCoupling.oppositions(pr.start, pr.cost.tvGuide(), par);
			StringBuilder sb = new StringBuilder(String.format("%s seed %d counts %s:", a[0], seed, c));
			for (int i = 0; i < els.size(); i++)
				for (int j = i + 1; j < els.size(); j++)
					sb.append(String.format("  %s-%s %.3f", els.get(i), els.get(j), o[i][j]));
			sb.append("  groups ").append(Arrays.deepToString(InterfaceCoupling.groups(o, InterfaceCoupling.THRESHOLD)));
			System.out.println(sb);
			if (Boolean.getBoolean("guided")) {
				java.util.List<org.fusedtomo.data.Volume> sm = new java.util.ArrayList<>();
				for (org.fusedtomo.data.Volume v : pr.start)
					sm.add(new org.fusedtomo.recon.TvProx(0.1 * org.fusedtomo.data.FloatArrays.max(v.data()), 20, par, pr.cost.tvGuide()).apply(v));
				StringBuilder g = new StringBuilder("    guided o / cos / pearson:");
				for (int i = 0; i < els.size(); i++)
					for (int j = i + 1; j < els.size(); j++) {
						double[] st = org.fusedtomo.recon.GuidedPairStats.of(sm.get(i), sm.get(j), pr.cost.tvGuide());
						double[] pl = org.fusedtomo.recon.GuidedPairStats.of(sm.get(i), sm.get(j), null);
						g.append(String.format("  %s-%s %.3f/%.3f/%.3f (plain cos %.3f, P %.3f)", els.get(i), els.get(j), st[0], st[1], st[2], pl[1], pl[2]));
					}
				System.out.println(g);
			}
		}
	}
}
