// The HAADF guide of the fused default (FusedProblem.guideOptions, Poisson-weighted preconditioned TV FISTA from
// zero) on ordered subsets against the plain run, for docs/benchmarks.md ("The 256³ target, session 16"): simulates
// PHANTOM at SEED on SIZE³ (47 HAADF tilts at 1e4 electrons, as the fused bench), runs each CONFIG subsets:sweeps
// and prints the relative L2 distance of its guide to the first CONFIG's and its process CPU time (all threads).
//   java --add-modules jdk.incubator.vector -cp "target/classes:$(ls target/lib/*.jar | tr '\n' :)" scripts/GuideSubsets.java core-shell 1 128 1:100 4:25
import java.lang.management.ManagementFactory;
import java.util.function.Function;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.TvReconstruction;
import org.fusedtomo.simulate.*;
import org.fusedtomo.recon.fused.*;
import org.fusedtomo.study.StudyParameters;

public class GuideSubsets {
	static double cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() * 1e-9;
	}

	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		int size = Integer.parseInt(a[2]);
		long seed = Long.parseLong(a[1]);
		Phantom ph = Phantoms.create(a[0], VolumeGeometry.cube(size), seed);
		SimulationParameters sp = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(20).withSeed(seed);
		SimulatedData data = new Simulator(par).simulate(ph, sp);
		TiltSeries haadf = FusedProblem.normalised(data.haadf(), "HAADF");
		VolumeGeometry vg = data.truth().geometry();
		Projector p = ProjectorFactory.TOMOGRAPHY.create(vg, haadf.geometry(), par);
		Function<int[], Projector> sub = idx -> ProjectorFactory.TOMOGRAPHY.create(vg, haadf.geometry().subset(idx), par);
		double norm = OperatorNorm.squared(p, ProximalGradientSolver.POWER_ITERATIONS, TvReconstruction.powerSeed());
		var options = FusedProblem.guideOptions(data.haadf());
		Volume ref = null;
		for (int i = 3; i < a.length; i++) {
			String[] c = a[i].split(":");
			int subsets = Integer.parseInt(c[0]), sweeps = Integer.parseInt(c[1]);
			double t0 = cpu();
			Volume v = new TvReconstruction(p, options, par).withOrderedSubsets(subsets, sub).volume(haadf, null, sweeps, norm, Monitor.NONE);
			double t = cpu() - t0;
			if (ref == null)
				ref = v;
			double num = 0, den = 0;
			float[] r = ref.data(), d = v.data();
			for (int j = 0; j < r.length; j++) {
				num += (d[j] - r[j]) * (double) (d[j] - r[j]);
				den += r[j] * (double) r[j];
			}
			System.out.printf("%s seed %d %d^3 subsets %d sweeps %d: rel L2 vs first %.5f, cpu %.2f s%n", a[0], seed, size, subsets, sweeps, Math.sqrt(num / den), t);
		}
	}
}
