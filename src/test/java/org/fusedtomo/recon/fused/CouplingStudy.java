package org.fusedtomo.recon.fused;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.EdgeStats;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

/** Throw-away (q84): pair statistics of the EM start, smoothed starts and truth. Args: phantom seed counts,... */
public class CouplingStudy {
	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		long seed = Long.parseLong(a[1]);
		Phantom ph = Phantoms.create(a[0], VolumeGeometry.cube(64), seed);
		List<String> els = ph.elements();
		for (String c : a[2].split(",")) {
			double counts = Double.parseDouble(c);
			SimulationParameters sp = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(counts).withSeed(seed);
			SimulatedData data = new Simulator(par).simulate(ph, sp);
			MultiModalSeries s = new MultiModalSeries(data.haadf(), data.chemical());
			FusedParameters p = FusedParameters.DEFAULT.withThreads(2);
			FusedProblem pr = FusedProblem.prepare(s, ph.geometry(), p, ProjectorFactory.TOMOGRAPHY, 1, Monitor.NONE, FusedReconstruction.totalSteps(s, p));
			TvGuide guide = pr.cost.tvGuide();
			List<Volume> truth = new ArrayList<>();
			for (String el : els) truth.add(ph.density(el));
			print(a[0] + " " + seed + " truth", els, truth, null);
			print(a[0] + " " + seed + " c" + c + " start", els, pr.start, null);
			for (double l : new double[] { 0.1, 0.2, 0.4 }) {
				List<Volume> sm = EdgeStats.smooth(pr.start, l, guide, par);
				print(a[0] + " " + seed + " c" + c + " tv" + l + " plain", els, sm, null);
			}
		}
	}

	static void print(String what, List<String> els, List<Volume> x, TvGuide g) {
		StringBuilder sb = new StringBuilder(String.format("%-44s", what));
		for (int i = 0; i < els.size(); i++)
			for (int j = i + 1; j < els.size(); j++) {
				double[] st = EdgeStats.pair(x.get(i), x.get(j), g);
				sb.append(String.format("  %s-%s e%.2f m%.2f a%.2f c%.2f", els.get(i), els.get(j), st[0], st[1], st[2], st[3]));
			}
		System.out.println(sb);
	}
}
