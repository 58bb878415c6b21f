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
 * PHANTOM SEED COUNTS[,COUNTS...]; 64³ (-Dsize=N), 9 chemical tilts as FusedAblation.
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
		}
	}
}
