package org.fusedtomo.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;
import org.fusedtomo.recon.TvMethod;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.Simulator;

/**
 * The paper's claim made testable (DESIGN §6): over a grid of chemical tilt counts × counts per pixel,
 * NRMSE per element of fused reconstruction against the chemistry-only methods. The conventional
 * methods get every advantage: EM and SIRT stop at their best iteration and TV takes its best λ, all
 * judged against the truth (an oracle no real experiment has). The fused settings stay fixed.
 * <p>
 * Cost: per grid cell one simulation, three fused reconstructions and about {@code 2 + |tvLambdas|}
 * chemistry-only reconstructions per element.
 */
public final class SimulationStudy {

	/** FISTA iterations of each TV candidate; TV converges in far fewer iterations than EM or SIRT. */
	public static final int TV_ITERATIONS = 40;

	private SimulationStudy() {}

	/** Every method at every grid cell, in grid order; {@code sink} sees each cell's rows as they finish. */
	public static List<StudyRow> run(StudyParameters p, Parallelism par, Monitor monitor, java.util.function.Consumer<List<StudyRow>> sink) {
		Phantom phantom = Phantoms.create(p.phantom(), VolumeGeometry.cube(p.size()), p.seed());
		Simulator simulator = new Simulator(par);
		List<StudyRow> rows = new ArrayList<>();
		int cells = p.chemTiltCounts().length * p.countsLevels().length, cell = 0;
		for (int n : p.chemTiltCounts())
			for (double counts : p.countsLevels()) {
				monitor.checkCancelled();
				monitor.progress("study: " + n + " chemical tilts at " + counts + " counts", cell++, cells);
				SimulatedData data = simulator.simulate(phantom, p.simulation(n, counts));
				List<StudyRow> cellRows = new ArrayList<>();
				cellRows.add(fused(StudyMethod.FUSED_REFERENCE, p.reference(), data, n, counts, par, monitor));
				cellRows.add(fused(StudyMethod.FUSED_PROXIMAL, p.proximal(), data, n, counts, par, monitor));
				cellRows.add(fused(StudyMethod.FUSED_GUIDED, p.guided(), data, n, counts, par, monitor));
				cellRows.add(conventional(StudyMethod.EM, data, n, counts, p, par, monitor));
				cellRows.add(conventional(StudyMethod.SIRT, data, n, counts, p, par, monitor));
				cellRows.add(conventional(StudyMethod.TV, data, n, counts, p, par, monitor));
				rows.addAll(cellRows);
				sink.accept(cellRows);
			}
		monitor.progress("study", cells, cells);
		return rows;
	}

	/** The fused and best conventional volumes of one grid cell, for pictures. */
	public record CellVolumes(Phantom truth, Map<String, Volume> fused, Map<String, Volume> em) {}

	/** Reconstructs one grid cell with guided-TV fusion and best-iteration EM. */
	public static CellVolumes volumes(StudyParameters p, int n, double counts, Parallelism par, Monitor monitor) {
		Phantom phantom = Phantoms.create(p.phantom(), VolumeGeometry.cube(p.size()), p.seed());
		SimulatedData data = new Simulator(par).simulate(phantom, p.simulation(n, counts));
		MultiModalSeries s = series(data);
		Map<String, Volume> fused = new FusedMethod(p.guided()).reconstruct(s, VolumeGeometry.of(s.haadf().geometry(), p.size()), par, monitor).volumes();
		Map<String, Volume> em = new LinkedHashMap<>();
		for (String el : phantom.elements())
			em.put(el, bestEm(data.chemical().get(el), phantom.density(el), p.conventionalIterations(), par, monitor).volume);
		return new CellVolumes(phantom, fused, em);
	}

	private static StudyRow fused(StudyMethod m, FusedParameters fp, SimulatedData data, int n, double counts, Parallelism par, Monitor monitor) {
		long t0 = System.nanoTime();
		Map<String, Volume> v = new FusedMethod(fp).reconstruct(series(data), data.truth().geometry(), par, monitor.cancelOnly()).volumes();
		Map<String, Double> nrmse = new LinkedHashMap<>();
		for (String el : data.truth().elements())
			nrmse.put(el, Nrmse.of(v.get(el), data.truth().density(el)));
		return new StudyRow(n, counts, m, nrmse, (System.nanoTime() - t0) * 1e-9);
	}

	private static StudyRow conventional(StudyMethod m, SimulatedData data, int n, double counts, StudyParameters p, Parallelism par, Monitor monitor) {
		long t0 = System.nanoTime();
		Map<String, Double> nrmse = new LinkedHashMap<>();
		for (String el : data.truth().elements()) {
			TiltSeries b = data.chemical().get(el);
			Volume truth = data.truth().density(el);
			Best best = switch (m) {
				case EM -> bestEm(b, truth, p.conventionalIterations(), par, monitor);
				case SIRT -> bestSirt(b, truth, p.conventionalIterations(), par, monitor);
				case TV -> bestTv(b, truth, TV_ITERATIONS, p.tvLambdas(), par, monitor);
				default -> throw new IllegalArgumentException("Not a conventional method: " + m);
			};
			nrmse.put(el, best.nrmse);
		}
		return new StudyRow(n, counts, m, nrmse, (System.nanoTime() - t0) * 1e-9);
	}

	private record Best(Volume volume, double nrmse) {}

	/** The NRMSE of Poisson EM of {@code b} against {@code truth} at its best iteration of the first {@code iterations} (an oracle stop). */
	public static double bestStopEmNrmse(TiltSeries b, Volume truth, int iterations, Parallelism par) {
		return bestEm(b, truth, iterations, par, Monitor.NONE).nrmse;
	}

	private static Best bestEm(TiltSeries b, Volume truth, int iterations, Parallelism par, Monitor monitor) {
		Mlem em = new Mlem(projector(truth, b, par), MlemOptions.DEFAULT, par);
		Volume x = null;
		Best best = new Best(null, Double.MAX_VALUE);
		for (int k = 0; k < iterations; k++) {
			x = em.run(b, x, 1, monitor.cancelOnly()).volume();
			double e = Nrmse.of(x, truth);
			if (e < best.nrmse)
				best = new Best(x.copy(), e);
		}
		return best;
	}

	private static Best bestSirt(TiltSeries b, Volume truth, int iterations, Parallelism par, Monitor monitor) {
		Sirt sirt = new Sirt(projector(truth, b, par), SirtOptions.DEFAULT);
		Volume x = null;
		Best best = new Best(null, Double.MAX_VALUE);
		for (int k = 0; k < iterations; k++) {
			x = sirt.run(b, x, 1, monitor.cancelOnly()).volume();
			double e = Nrmse.of(x, truth);
			if (e < best.nrmse)
				best = new Best(x.copy(), e);
		}
		return best;
	}

	/** TV on the series scaled to a maximum of 1, so that the λ grid means the same at every dose. */
	private static Best bestTv(TiltSeries b, Volume truth, int iterations, double[] lambdas, Parallelism par, Monitor monitor) {
		TiltSeries scaled = b.copy();
		float max = FloatArrays.max(scaled.data());
		if (max > 0)
			for (int i = 0; i < scaled.data().length; i++)
				scaled.data()[i] /= max;
		Best best = new Best(null, Double.MAX_VALUE);
		for (double lambda : lambdas) {
			Volume x = TvMethod.of(lambda, iterations).reconstruct(scaled, truth.geometry(), par, monitor.cancelOnly()).volume();
			double e = Nrmse.of(x, truth);
			if (e < best.nrmse)
				best = new Best(x, e);
		}
		return best;
	}

	private static Projector projector(Volume truth, TiltSeries b, Parallelism par) {
		return Projectors.create(truth.geometry(), b.geometry(), par);
	}

	private static MultiModalSeries series(SimulatedData data) {
		return new MultiModalSeries(data.haadf(), data.chemical());
	}
}
