package org.fusedtomo.recon.fused;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * The study of docs/fused-study.md "Chemical maps at their own sampling" (a harness, not a test): for a phantom,
 * seeds and binning factors (comma-separated) it simulates 64³ with the protocol's counts, bins the chemical maps
 * by summing (the same total counts) and prints the default fused NRMSE per element and its mean. Run with the test
 * classpath, e.g. {@code java -cp ... org.fusedtomo.recon.fused.FusedSamplingStudy layered-particles 2 1,2,4}; {@code -Dit=N} sets the
 * iterations instead of the default for the sampling, {@code -Dcounts=N} the chemical counts per pixel instead of the protocol's,
 * {@code -Dlambda-chem=X} and {@code -Dlambda-tv=X} λ_C and λ_TV instead of the defaults; {@code -Dem=N} prints, instead of
 * fusing, N EM iterations of the maps alone and the truth averaged over f x f x f blocks ({@link #printEmAndBlockBound});
 * {@code -Dstart=truth} runs the solver on one prepared cost from the EM start and from the truth ({@link #compareStarts}; {@code -Dblocks=N}
 * its block-averaged NRMSE in N³ blocks instead of f³; {@code -Dblock-start=true} also from the truth averaged over f³ blocks, on its blocks and trilinear);
 * {@code -Dnoise=false} simulates without noise; {@code -Dcoarse=N} starts from a coarse-to-fine schedule ({@link #coarseToFine}), with
 * {@code -Dstart=truth} as a third start; {@code -Doracle=true} gives that comparison the oracle HAADF weights ({@link #oracleWeights});
 * {@code -Dsubblock=true} prints, instead of fusing, how much detail inside f³ blocks the HAADF could supply ({@link #printSubBlockDetail});
 * {@code -Dbinned-chem-power=k} and {@code -Dbinned-tv-power=k} multiply λ_C and λ_TV by f^k for binned maps (f &gt; 1; f^k is 1 at full sampling);
 * {@code -Dmisfit=true} and {@code -Dmisfit-power=a} print and apply a balance from the HAADF misfit relative to its noise ({@link #misfitRule});
 * {@code -Doracle-bound=true} prints, instead of fusing, the NRMSE of block oracles ({@link #printOracleBound}); {@code -Dhaadf-scale=truth}
 * reruns with the HAADF data scaled to the truth's model ({@link #truthHaadfScale}); {@code -Dtrace=N} prints, instead, F, the mean NRMSE and the
 * iterate's change at each of N iterations of the default solver ({@link #trace}). Without {@code -Dit} the iterations are the product's
 * default for the data (binned maps: raised with their count level, {@link FusedParameters#forSeries}).
 */
public class FusedSamplingStudy {
	public static void main(String[] args) {
		int size = 64, threads = 2;
		VolumeGeometry grid = VolumeGeometry.cube(size);
		for (String seedS : args[1].split(",")) {
			long seed = Long.parseLong(seedS);
			SimulationParameters simulation = System.getProperty("counts") == null ? SimulationParameters.defaults()
				: SimulationParameters.defaults().withCountsPerPixel(Double.parseDouble(System.getProperty("counts")));
			SimulatedData data = new Simulator(new Parallelism(threads)).simulate(Phantoms.create(args[0], grid, seed),
				simulation.withNoise(!"false".equals(System.getProperty("noise"))));
			for (String fS : args[2].split(",")) {
				int f = Integer.parseInt(fS);
				ChemicalSampling s = new ChemicalSampling(f, 0, 0);
				Map<String, TiltSeries> chemical = new LinkedHashMap<>();
				Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
				data.chemical().forEach((el, fine) -> {
					chemical.put(el, f == 1 ? fine : SampledProjector.bin(fine, s, size / f, size / f, fine.calibration()));
					samplings.put(el, s);
				});
				if (Boolean.getBoolean("subblock")) {
					printSubBlockDetail(args[0], seed, f, data);
					continue;
				}
				if (Integer.getInteger("em") != null) {
					printEmAndBlockBound(args[0], seed, f, data, chemical, s, grid, Integer.getInteger("em"), threads);
					continue;
				}
				MultiModalSeries series = new MultiModalSeries(data.haadf(), chemical, samplings);
				FusedParameters p = (System.getProperty("it") == null ? FusedParameters.builder(null).coarsestChemicalSampling(f)
					: FusedParameters.builder(null).iterations(Integer.getInteger("it"))).lambdaChem(doubleProperty("lambda-chem")).lambdaTv(doubleProperty("lambda-tv"))
						.threads(threads).build();
				// NB: every element shares f here, so λ × f^k is the per-series rule bin9 scanned; f = 1 keeps λ (k ignored).
				p = p.withLambdaChem(p.lambdaChem() * Math.pow(f, Double.parseDouble(System.getProperty("binned-chem-power", "0"))))
					.withLambdaTv(p.lambdaTv() * Math.pow(f, Double.parseDouble(System.getProperty("binned-tv-power", "0"))));
				if (Integer.getInteger("trace") != null) {
					trace(args[0], seed, f, data, series, grid, p, Integer.getInteger("trace"));
					continue;
				}
				if ("truth".equals(System.getProperty("start"))) {
					compareStarts(args[0], seed, f, data, series, grid, p);
					continue;
				}
				if (Boolean.getBoolean("misfit") || System.getProperty("misfit-power") != null) {
					misfitRule(args[0], seed, f, data, series, grid, p);
					continue;
				}
				if ("truth".equals(System.getProperty("haadf-scale"))) {
					truthHaadfScale(args[0], seed, f, data, series, grid, p);
					continue;
				}
				if (Boolean.getBoolean("oracle-bound")) {
					printOracleBound(args[0], seed, f, data);
					continue;
				}
				long t = System.nanoTime();
				Map<String, Volume> v = Integer.getInteger("coarse", 0) > 0 ? coarseToFine(series, grid, p).volumes() : FusedReconstruction.run(series, grid, p, Monitor.NONE).volumes();
				StringBuilder line = new StringBuilder();
				double mean = 0;
				for (Map.Entry<String, Volume> e : v.entrySet()) {
					double n = Nrmse.of(e.getValue(), data.truth().density(e.getKey()));
					mean += n / v.size();
					line.append(String.format(" %s %.3f", e.getKey(), n));
				}
				System.out.printf("%s seed %d bin %d:%s mean %.4f (%.0f s)%n", args[0], seed, f, line, mean, (System.nanoTime() - t) * 1e-9);
			}
		}
		System.exit(0);
	}

	/**
	 * What the chemical maps alone give at sampling {@code s}: the NRMSE per element of Poisson EM ({@code iterations})
	 * of the sampled maps on the HAADF grid, and of the truth averaged over f x f x f voxel blocks (what a
	 * reconstruction that resolves nothing finer than the map's pixels could reach at best, roughly).
	 */
	private static void printEmAndBlockBound(String phantom, long seed, int f, SimulatedData data, Map<String, TiltSeries> chemical, ChemicalSampling s,
		VolumeGeometry grid, int iterations, int threads) {
		StringBuilder em = new StringBuilder(), block = new StringBuilder();
		double emMean = 0, blockMean = 0;
		for (Map.Entry<String, TiltSeries> e : chemical.entrySet()) {
			Volume truth = data.truth().density(e.getKey());
			Volume x = new Mlem(SampledProjector.create(grid, e.getValue().geometry(), s, new Parallelism(threads)), MlemOptions.DEFAULT, new Parallelism(threads))
				.run(e.getValue(), null, iterations, Monitor.NONE).volume();
			double nEm = Nrmse.of(x, truth), nBlock = Nrmse.of(blockAveraged(truth, f), truth);
			emMean += nEm / chemical.size();
			blockMean += nBlock / chemical.size();
			em.append(String.format(" %s %.3f", e.getKey(), nEm));
			block.append(String.format(" %s %.3f", e.getKey(), nBlock));
		}
		System.out.printf("%s seed %d bin %d: EM %d it.:%s mean %.4f; truth in %d^3 blocks:%s mean %.4f%n", phantom, seed, f, iterations, em, emMean, f, block, blockMean);
	}

	/**
	 * The default solver's path, iteration by iteration ({@code -Dtrace=N}: N iterations of
	 * {@link ProximalGradientSolver#run}'s loop, the same steps): per iteration F, the mean NRMSE of the elements and
	 * the relative change of the iterate ‖x_k − x_{k−1}‖ / ‖x_k‖, so that any stopping rule can be read off one run.
	 */
	private static void trace(String phantom, long seed, int f, SimulatedData data, MultiModalSeries series, VolumeGeometry grid, FusedParameters p, int iterations) {
		FusedParameters q = p.withIterations(iterations);
		FusedProblem problem = FusedProblem.prepare(series, grid, q, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(q), Monitor.NONE,
			FusedReconstruction.totalSteps(series, q));
		FusedCost cost = problem.cost;
		List<Volume> x = problem.start;
		for (Volume v : x)
			FloatArrays.clampNonNegative(v.data());
		double[] curvature = ProximalGradientSolver.curvatureEstimates(cost, x, problem.operatorNorms);
		ProximalGradientSolver.Steps steps = new ProximalGradientSolver.Steps(cost, x, q.tvIterations(), curvature, problem.parallelism, 0, grid.height());
		double[] start = steps.terms();
		ProximalGradientSolver.Schedule schedule = new ProximalGradientSolver.Schedule(cost.lambdaChem(), cost.lambdaTv(), start[0], start[1], start[2]);
		System.out.printf("TRACE %s seed %d bin %d counts %s count scales %s F0 %.8g%n", phantom, seed, f, System.getProperty("counts", "10"),
			java.util.Arrays.toString(IntStream.range(0, problem.elements.size()).mapToDouble(cost::chemScale).toArray()), schedule.currentTerms().total());
		List<Volume> last = ElementVolumes.copies(steps.current());
		long t0 = System.nanoTime();
		for (int k = 0; k < iterations; k++) {
			double fy = steps.gradient();
			double s = schedule.begin();
			ProximalGradientSolver.Trial trial;
			do {
				trial = steps.trial(s);
				s = schedule.next(fy, trial);
			}
			while (!schedule.stepFound());
			ProximalGradientSolver.Choice choice = schedule.finish(trial.haadf(), trial.chemical(), steps.tv());
			steps.advance(choice);
			List<Volume> now = steps.current();
			double mean = 0, diff = 0, norm = 0;
			for (int e = 0; e < now.size(); e++) {
				mean += Nrmse.of(now.get(e), data.truth().density(problem.elements.get(e))) / now.size();
				float[] a = now.get(e).data(), b = last.get(e).data();
				for (int i = 0; i < a.length; i++) {
					double d = (double) a[i] - b[i];
					diff += d * d;
					norm += (double) a[i] * a[i];
				}
			}
			ElementVolumes.copy(now, last);
			System.out.printf("%d %.10g %.5f %.4e %d%n", k + 1, schedule.currentTerms().total(), mean, Math.sqrt(diff / norm), choice.accept() ? 1 : 0);
		}
		System.out.printf("END %.0f s%n", (System.nanoTime() - t0) * 1e-9);
	}

	/**
	 * The truth of each of {@code problem}'s elements scaled to fit that element's chemical data best (least squares
	 * through its projector, the cost's units); the factors go into {@code scales}.
	 */
	private static List<Volume> scaledTruth(SimulatedData data, FusedProblem problem, double[] scales) {
		FusedCost cost = problem.cost;
		List<Volume> truth = new ArrayList<>();
		for (int e = 0; e < problem.elements.size(); e++) {
			Volume t = data.truth().density(problem.elements.get(e)).copy();
			float[] model = cost.chemProjector(e).forward(t).data(), b = cost.chemData(e).data();
			scales[e] = FloatArrays.dot(model, b) / FloatArrays.sumOfSquares(model);
			FusedProblem.scale(t.data(), scales[e]);
			truth.add(t);
		}
		return truth;
	}

	/**
	 * Whether a result is the cost's minimiser or where the path ends: on the cost that the default preparation
	 * makes (EM start, HAADF rescaled to it), the solver runs from the EM start and from the truth, each element
	 * scaled as its data are (the least-squares c_e of A_e c_e ρ_e against the prepared b_e). Prints for the EM
	 * start, both end points and the scaled truth the cost F and its weighted terms, the NRMSE per element, and per
	 * element its mass in units of the truth (Σ x_e / c_e ÷ Σ ρ_e) and the fractions of that mass inside each
	 * element's true support (ρ_k > 0) and outside all of them.
	 */
	private static void compareStarts(String phantom, long seed, int f, SimulatedData data, MultiModalSeries series, VolumeGeometry grid, FusedParameters p) {
		if (p.solver() != FusedSolver.PROXIMAL_GRADIENT)
			throw new IllegalArgumentException("-Dstart=truth runs the proximal-gradient solver only");
		FusedProblem problem = FusedProblem.prepare(series, grid, p, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), Monitor.NONE,
			FusedReconstruction.totalSteps(series, p));
		FusedCost prepared = problem.cost;
		List<String> elements = problem.elements;
		double[] scales = new double[elements.size()];
		List<Volume> truth = scaledTruth(data, problem, scales);
		FusedCost cost = Boolean.getBoolean("oracle") ? oracleWeights(prepared, elements, scales, problem) : prepared;
		List<Volume> fromEm = ElementVolumes.copies(problem.start), fromTruth = ElementVolumes.copies(truth);
		int factor = CoarseStart.factor(series, grid), coarseIterations = Integer.getInteger("coarse", 0);
		List<Volume> coarse = coarseIterations > 0 && factor > 1 ? CoarseStart.start(series, grid, factor, p.withIterations(coarseIterations), ProjectorFactory.TOMOGRAPHY,
			FusedProblem.startScale(p), problem, !"grid".equals(System.getProperty("coarse-model")), !"linear".equals(System.getProperty("coarse-upsample"))) : null;
		List<Volume> fromCoarse = coarse == null ? null : ElementVolumes.copies(coarse);
		// NB: the best a coarse solve can give: the scaled truth averaged over f³ blocks, on its blocks or trilinear.
		List<Volume> truthBlocks = null, truthSmooth = null;
		if (Boolean.getBoolean("block-start") && factor > 1) {
			truthBlocks = new ArrayList<>();
			truthSmooth = new ArrayList<>();
			for (Volume t : truth) {
				Volume b = blockAveraged(t, factor), small = Volume.zeros(new VolumeGeometry(t.width() / factor, t.height() / factor, t.depth() / factor)), smooth = t.zerosLike();
				for (int z = 0; z < small.depth(); z++)
					for (int y = 0; y < small.height(); y++)
						for (int x = 0; x < small.width(); x++)
							small.set(x, y, z, b.get(x * factor, y * factor, z * factor));
				CoarseStart.upsample(small, factor, smooth);
				truthBlocks.add(b);
				truthSmooth.add(smooth);
			}
		}
		List<Volume> fromBlocks = truthBlocks == null ? null : ElementVolumes.copies(truthBlocks), fromSmooth = truthSmooth == null ? null : ElementVolumes.copies(truthSmooth);
		long t0 = System.nanoTime();
		ProximalGradientSolver.run(cost, fromEm, p, problem.parallelism, Monitor.NONE, 0, p.iterations());
		ProximalGradientSolver.run(cost, fromTruth, p, problem.parallelism, Monitor.NONE, 0, p.iterations());
		if (fromCoarse != null)
			ProximalGradientSolver.run(cost, fromCoarse, p, problem.parallelism, Monitor.NONE, 0, p.iterations());
		if (fromBlocks != null) {
			ProximalGradientSolver.run(cost, fromBlocks, p, problem.parallelism, Monitor.NONE, 0, p.iterations());
			ProximalGradientSolver.run(cost, fromSmooth, p, problem.parallelism, Monitor.NONE, 0, p.iterations());
		}
		System.out.printf("%s seed %d bin %d, %d iterations, λ_C %.4g λ_TV %.4g, truth scales c_e %s, count scales s_e %s (%.0f s)%n", phantom, seed, f, p.iterations(), p.lambdaChem(),
			p.lambdaTv(), java.util.Arrays.toString(scales), java.util.Arrays.toString(IntStream.range(0, elements.size()).mapToDouble(cost::chemScale).toArray()), (System.nanoTime() - t0) * 1e-9);
		Map<String, List<Volume>> points = new LinkedHashMap<>();
		points.put("EM start", problem.start);
		points.put("from EM start", fromEm);
		points.put("truth (scaled)", truth);
		points.put("from truth", fromTruth);
		if (coarse != null) {
			points.put("coarse start", coarse);
			points.put("from coarse", fromCoarse);
		}
		if (truthBlocks != null) {
			points.put("truth in blocks", truthBlocks);
			points.put("from it", fromBlocks);
			points.put("its trilinear", truthSmooth);
			points.put("from that", fromSmooth);
		}
		for (Map.Entry<String, List<Volume>> point : points.entrySet()) {
			List<Volume> x = point.getValue();
			FusedCost.Terms terms = cost.terms(x);
			StringBuilder line = new StringBuilder(String.format("  %-15s F %.6g = HAADF %.6g + chem %.6g + TV %.6g;", point.getKey(), terms.total(), terms.haadf(),
				cost.lambdaChem() * terms.chemical(), cost.lambdaTv() * terms.tv()));
			double mean = 0;
			for (int e = 0; e < elements.size(); e++) {
				double n = Nrmse.of(x.get(e), data.truth().density(elements.get(e)));
				mean += n / elements.size();
				line.append(String.format(" %s %.3f", elements.get(e), n));
			}
			int blocks = Integer.getInteger("blocks", f);
			line.append(String.format(" mean %.4f; in %d^3 blocks", mean, blocks));
			double blockMean = 0;
			for (int e = 0; e < elements.size(); e++) {
				double n = Nrmse.of(blockAveraged(x.get(e), blocks), blockAveraged(data.truth().density(elements.get(e)), blocks));
				blockMean += n / elements.size();
				line.append(String.format(" %s %.3f", elements.get(e), n));
			}
			line.append(String.format(" mean %.4f; mass", blockMean));
			for (int e = 0; e < elements.size(); e++)
				line.append(' ').append(massLine(elements, e, x.get(e), scales[e], data));
			System.out.println(line);
			StringBuilder perElement = new StringBuilder("                  per element λ_C s_e Poisson / λ_TV t_e TV / Σ A_e x_e ÷ Σ b_e:");
			for (int e = 0; e < elements.size(); e++) {
				float[] model = cost.chemProjector(e).forward(x.get(e)).data(), b = cost.chemData(e).data();
				double poisson = cost.lambdaChem() * cost.chemScale(e) * cost.poissonValue(model, b, problem.parallelism);
				double tv = cost.lambdaTv() * cost.tvScale(e) * TotalVariation.of(x.get(e), cost.tvGuide(), problem.parallelism);
				perElement.append(String.format(" %s %.6g / %.5g / %.4f", elements.get(e), poisson, tv, total(model) / total(b)));
			}
			System.out.println(perElement);
		}
	}

	/**
	 * The default run with {@link CoarseStart}'s start ({@code -Dcoarse=N} coarse iterations; {@code -Dcoarse-model=grid}
	 * the coarse grid's own projector, else the fine one on blocks; {@code -Dcoarse-upsample=linear} trilinear, else each
	 * voxel on its block) where it applies, else the EM start: what {@link FusedReconstruction#run} does but the start; {@code -Dcoarse-em=true}
	 * makes it the EM start's first image instead (the cost's HAADF then rescaled to that EM start).
	 */
	private static FusedResult coarseToFine(MultiModalSeries series, VolumeGeometry grid, FusedParameters p) {
		FusedProblem problem = FusedProblem.prepare(series, grid, p, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), Monitor.NONE,
			FusedReconstruction.totalSteps(series, p));
		int f = CoarseStart.factor(series, grid);
		if (f > 1) {
			List<Volume> start = CoarseStart.start(series, grid, f, p.withIterations(Integer.getInteger("coarse")), ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), problem,
				!"grid".equals(System.getProperty("coarse-model")), !"linear".equals(System.getProperty("coarse-upsample")));
			if (Boolean.getBoolean("coarse-em"))
				problem = FusedProblem.prepare(series, grid, p, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), null, FusedProblem.elementScales(series, p), start, Monitor.NONE,
					FusedReconstruction.totalSteps(series, p));
			else
				ElementVolumes.copy(start, problem.start);
		}
		return FusedReconstruction.solve(problem, p, Monitor.NONE);
	}

	/** The HAADF object of the truth, Σ Z^γ ρ over {@code elements} (the simulator's γ). */
	private static Volume haadfObject(SimulatedData data, List<String> elements) {
		double gamma = SimulationParameters.defaults().gamma();
		Volume h = data.truth().density(elements.get(0)).zerosLike();
		for (String el : elements) {
			float w = (float) Math.pow(org.fusedtomo.data.Elements.atomicNumber(el), gamma);
			float[] r = data.truth().density(el).data(), hd = h.data();
			for (int i = 0; i < hd.length; i++)
				hd[i] += w * r[i];
		}
		return h;
	}

	/**
	 * How much of each element's detail below the f x f x f blocks the HAADF could supply: per element, the part of the
	 * truth's energy inside the blocks (‖ρ − block mean‖² ÷ ‖ρ‖²), and of that detail the fraction left unexplained by the
	 * HAADF object's (Σ Z^γ ρ, the simulator's γ) own detail in the same block times one factor per block, that factor
	 * ≥ 0 (more of the element, more HAADF) or of either sign. Blocks of the volume, a proxy: the maps bin projections, not the volume.
	 */
	private static void printSubBlockDetail(String phantom, long seed, int f, SimulatedData data) {
		List<String> elements = new ArrayList<>(data.chemical().keySet());
		Volume h = haadfObject(data, elements);
		StringBuilder line = new StringBuilder(String.format("%s seed %d, %d^3 blocks: detail energy / unexplained by the HAADF's (factor >= 0 / any):", phantom, seed, f));
		Volume hb = blockAveraged(h, f);
		for (String el : elements) {
			Volume r = data.truth().density(el), rb = blockAveraged(r, f);
			double total = FloatArrays.sumOfSquares(r.data()), detail = 0, positive = 0, any = 0;
			for (int z0 = 0; z0 < r.depth(); z0 += f)
				for (int y0 = 0; y0 < r.height(); y0 += f)
					for (int x0 = 0; x0 < r.width(); x0 += f) {
						double rr = 0, hh = 0, rh = 0;
						for (int z = z0; z < Math.min(z0 + f, r.depth()); z++)
							for (int y = y0; y < Math.min(y0 + f, r.height()); y++)
								for (int x = x0; x < Math.min(x0 + f, r.width()); x++) {
									double dr = r.get(x, y, z) - rb.get(x, y, z), dh = h.get(x, y, z) - hb.get(x, y, z);
									rr += dr * dr;
									hh += dh * dh;
									rh += dr * dh;
								}
						detail += rr;
						double a = hh > 0 ? rh / hh : 0;
						any += rr - (hh > 0 ? rh * a : 0);
						positive += rr - (hh > 0 && a > 0 ? rh * a : 0);
					}
			line.append(String.format(" %s %.3f / %.3f / %.3f", el, detail / total, positive / detail, any / detail));
		}
		System.out.println(line);
	}

	/**
	 * {@code cost} with the HAADF weights that make its model the simulator's object at the scaled truth (an oracle):
	 * w_e = Z_e^γs / c_e^γ (γs the simulator's exponent, c_e the truth's scale in the prepared data), the HAADF data
	 * rescaled to the EM start's model again, everything else as prepared.
	 */
	private static FusedCost oracleWeights(FusedCost cost, List<String> elements, double[] scales, FusedProblem problem) {
		double[] w = new double[elements.size()];
		double sum = 0;
		for (int e = 0; e < w.length; e++)
			sum += w[e] = Math.pow(org.fusedtomo.data.Elements.atomicNumber(elements.get(e)), SimulationParameters.defaults().gamma()) / Math.pow(scales[e], cost.gamma());
		for (int e = 0; e < w.length; e++)
			w[e] /= sum;
		TiltSeries haadf = cost.haadfData().copy();
		List<org.fusedtomo.projector.Projector> chemProjectors = new ArrayList<>();
		List<TiltSeries> chem = new ArrayList<>();
		for (int e = 0; e < w.length; e++) {
			chemProjectors.add(cost.chemProjector(e));
			chem.add(cost.chemData(e));
		}
		double[] chemScales = IntStream.range(0, w.length).mapToDouble(cost::chemScale).toArray();
		FusedCost oracle = new FusedCost(cost.haadfProjector(), haadf, chemProjectors, chem, w, cost.gamma(), cost.lambdaChem(), cost.lambdaTv(), cost.epsilon(), cost.tvGuide())
			.withElementScales(chemScales, cost.tvScales()).withJointTv(cost.jointTv());
		FusedProblem.rescaleToModel(haadf, FusedProblem.projectionMaxima(cost.haadfProjector().forward(oracle.haadfModel(problem.start))));
		System.out.printf("oracle HAADF weights %s (default %s)%n", java.util.Arrays.toString(w), java.util.Arrays.toString(cost.weights()));
		return oracle;
	}

	/**
	 * The HAADF term's expected value from noise alone, in the prepared cost's units: ½ Σ_p r_p² g Σ b_p over the
	 * normalised HAADF b (g its Poisson gain, {@link org.fusedtomo.metrics.PoissonGain}, so var b = g b), r_p the factor by which
	 * the preparation rescaled projection p to the model (the ratio of its sums).
	 */
	static double haadfNoiseTerm(TiltSeries measuredHaadf, FusedCost cost) {
		TiltSeries b = FusedProblem.normalised(measuredHaadf, "HAADF");
		double g = org.fusedtomo.metrics.PoissonGain.of(b, "HAADF"), sum = 0;
		TiltSeries prepared = cost.haadfData();
		int n = b.width() * b.height();
		float[] bd = b.data(), pd = prepared.data();
		for (int a = 0; a < b.angleCount(); a++) {
			double sb = 0, sp = 0;
			for (int i = b.projectionOffset(a); i < b.projectionOffset(a) + n; i++) {
				sb += bd[i];
				sp += pd[i];
			}
			if (sb > 0)
				sum += (sp / sb) * (sp / sb) * g * sb;
		}
		return 0.5 * sum;
	}

	/**
	 * bin10's lead from bin9: the HAADF misfit relative to its noise, ρ = HAADF term ÷ {@link #haadfNoiseTerm}. With {@code -Dmisfit=true}
	 * prints ρ at the EM start, at the scaled truth and at the default end; with {@code -Dmisfit-power=a -Dmisfit-ref=ρ0} runs with λ_C and
	 * λ_TV × m, m = (ρ/ρ0)^a clamped to [1/{@code misfit-cap}, {@code misfit-cap}] (default 4; {@code -Dmisfit-max=M} lowers the upper bound to M), ρ at the EM start ({@code -Dmisfit-at=start}) or
	 * at the end of a first default run ({@code end}, the second run again from the EM start); binned maps only unless {@code -Dmisfit-full=true}.
	 */
	private static void misfitRule(String phantom, long seed, int f, SimulatedData data, MultiModalSeries series, VolumeGeometry grid, FusedParameters p) {
		long t0 = System.nanoTime();
		FusedProblem problem = FusedProblem.prepare(series, grid, p, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), Monitor.NONE,
			FusedReconstruction.totalSteps(series, p));
		FusedCost cost = problem.cost;
		double noise = haadfNoiseTerm(series.haadf(), cost);
		List<Volume> start = ElementVolumes.copies(problem.start);
		double rhoStart = cost.haadf(start) / noise;
		List<Volume> truth = scaledTruth(data, problem, new double[problem.elements.size()]);
		double rhoTruth = cost.haadf(truth) / noise;
		String power = System.getProperty("misfit-power");
		boolean atEnd = "end".equals(System.getProperty("misfit-at")), apply = power != null && (f > 1 || Boolean.getBoolean("misfit-full"));
		double rhoEnd = Double.NaN, m = 1;
		String first = "";
		if (power == null || atEnd && apply) {
			List<Volume> x = ElementVolumes.copies(start);
			ProximalGradientSolver.run(cost, x, p, problem.operatorNorms, problem.parallelism, Monitor.NONE, 0, p.iterations());
			rhoEnd = cost.haadf(x) / noise;
			first = " default " + nrmseLine(problem.elements, x, data);
		}
		if (apply) {
			double cap = Double.parseDouble(System.getProperty("misfit-cap", "4"));
			m = Math.max(1 / cap, Math.min(Double.parseDouble(System.getProperty("misfit-max", String.valueOf(cap))), Math.pow((atEnd ? rhoEnd : rhoStart) / Double.parseDouble(System.getProperty("misfit-ref", "1")), Double.parseDouble(power))));
			double[] chem = new double[problem.elements.size()];
			for (int e = 0; e < chem.length; e++)
				chem[e] = cost.chemScale(e) * m;
			double[] tv = cost.tvScales().clone();
			for (int e = 0; e < tv.length; e++)
				tv[e] *= m;
			List<Volume> x = ElementVolumes.copies(start);
			ProximalGradientSolver.run(cost.withElementScales(chem, tv), x, p, problem.operatorNorms, problem.parallelism, Monitor.NONE, 0, p.iterations());
			first += String.format(" rule m %.3f %s", m, nrmseLine(problem.elements, x, data));
		} else if (power != null)
			first = " rule m 1 (not applied) " + nrmseLine(problem.elements, ElementVolumes.copies(problemEnd(problem, p, start)), data);
		System.out.printf("%s seed %d bin %d: HAADF noise term %.4g, rho start %.3f truth %.3f end %.3f;%s (%.0f s)%n", phantom, seed, f, noise, rhoStart, rhoTruth, rhoEnd,
			first, (System.nanoTime() - t0) * 1e-9);
	}

	private static List<Volume> problemEnd(FusedProblem problem, FusedParameters p, List<Volume> start) {
		List<Volume> x = ElementVolumes.copies(start);
		ProximalGradientSolver.run(problem.cost, x, p, problem.operatorNorms, problem.parallelism, Monitor.NONE, 0, p.iterations());
		return x;
	}

	private static String nrmseLine(List<String> elements, List<Volume> x, SimulatedData data) {
		StringBuilder line = new StringBuilder();
		double mean = 0;
		for (int e = 0; e < elements.size(); e++) {
			double n = Nrmse.of(x.get(e), data.truth().density(elements.get(e)));
			mean += n / elements.size();
			line.append(String.format("%s %.3f ", elements.get(e), n));
		}
		return line.append(String.format("mean %.4f", mean)).toString();
	}

	/**
	 * (b) of bin10: what an oracle that knows each element only in blocks reaches, NRMSE against the truth per element: the truth's
	 * means over runs of f voxels along the tilt axis (y; what binning the maps along it removes exactly), over f x f x 1 (x, y) and over f³ blocks; each alone and
	 * plus the HAADF object's (Σ Z^γ ρ) detail in the block times the best factor ≥ 0 per block and element (an oracle's use of the HAADF).
	 */
	private static void printOracleBound(String phantom, long seed, int f, SimulatedData data) {
		List<String> elements = new ArrayList<>(data.chemical().keySet());
		Volume h = haadfObject(data, elements);
		StringBuilder line = new StringBuilder(String.format("%s seed %d, oracle in blocks of f = %d (alone / + HAADF detail):", phantom, seed, f));
		for (int[] b : new int[][] { { 1, f, 1 }, { f, f, 1 }, { f, f, f } }) {
			line.append(String.format(" [%dx%dx%d]", b[0], b[1], b[2]));
			double meanAlone = 0, meanH = 0;
			for (String el : elements) {
				Volume r = data.truth().density(el), alone = blockAveraged(r, b[0], b[1], b[2]), withH = withHaadfDetail(r, h, b[0], b[1], b[2]);
				double a = Nrmse.of(alone, r), w = Nrmse.of(withH, r);
				meanAlone += a / elements.size();
				meanH += w / elements.size();
				line.append(String.format(" %s %.3f/%.3f", el, a, w));
			}
			line.append(String.format(" mean %.4f/%.4f", meanAlone, meanH));
		}
		System.out.println(line);
	}

	/** Per fx x fy x fz block: the block mean of r plus the detail of h in the block times the least-squares factor ≥ 0. */
	private static Volume withHaadfDetail(Volume r, Volume h, int fx, int fy, int fz) {
		Volume rb = blockAveraged(r, fx, fy, fz), hb = blockAveraged(h, fx, fy, fz), out = r.zerosLike();
		for (int z0 = 0; z0 < r.depth(); z0 += fz)
			for (int y0 = 0; y0 < r.height(); y0 += fy)
				for (int x0 = 0; x0 < r.width(); x0 += fx) {
					int z1 = Math.min(z0 + fz, r.depth()), y1 = Math.min(y0 + fy, r.height()), x1 = Math.min(x0 + fx, r.width());
					double rh = 0, hh = 0;
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++) {
								double dh = h.get(x, y, z) - hb.get(x, y, z);
								rh += (r.get(x, y, z) - rb.get(x, y, z)) * dh;
								hh += dh * dh;
							}
					double a = hh > 0 ? Math.max(0, rh / hh) : 0;
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++)
								out.set(x, y, z, (float) (rb.get(x, y, z) + a * (h.get(x, y, z) - hb.get(x, y, z))));
				}
		return out;
	}

	/**
	 * An oracle for the HAADF data's scale: the preparation rescales each HAADF projection so that its maximum is the EM
	 * start's model's; here each is instead scaled to fit the model of the scaled truth best (least squares per projection),
	 * then the default solver runs from the EM start. Prints the factors' range (1: the preparation's scale was the truth's)
	 * and the NRMSE of the default run and of this one.
	 */
	private static void truthHaadfScale(String phantom, long seed, int f, SimulatedData data, MultiModalSeries series, VolumeGeometry grid, FusedParameters p) {
		FusedProblem problem = FusedProblem.prepare(series, grid, p, ProjectorFactory.TOMOGRAPHY, FusedProblem.startScale(p), Monitor.NONE,
			FusedReconstruction.totalSteps(series, p));
		FusedCost cost = problem.cost;
		List<Volume> truth = scaledTruth(data, problem, new double[problem.elements.size()]);
		List<Volume> x = problemEnd(problem, p, problem.start);
		String before = nrmseLine(problem.elements, x, data);
		TiltSeries b = cost.haadfData(), model = cost.haadfProjector().forward(cost.haadfModel(truth));
		int n = b.width() * b.height();
		float[] factors = new float[b.angleCount()];
		double lo = Double.MAX_VALUE, hi = 0, mean = 0;
		for (int a = 0; a < factors.length; a++) {
			double mb = 0, bb = 0;
			for (int i = b.projectionOffset(a); i < b.projectionOffset(a) + n; i++) {
				mb += (double) model.data()[i] * b.data()[i];
				bb += (double) b.data()[i] * b.data()[i];
			}
			factors[a] = bb > 0 ? (float) (mb / bb) : 1;
			lo = Math.min(lo, factors[a]);
			hi = Math.max(hi, factors[a]);
			mean += factors[a] / factors.length;
		}
		FusedProblem.scaleProjections(b, factors);
		x = problemEnd(problem, p, problem.start);
		System.out.printf("%s seed %d bin %d: HAADF scale to the truth's model x %.3f (%.3f-%.3f); default %s; truth's HAADF scale %s%n", phantom, seed, f, mean, lo, hi, before,
			nrmseLine(problem.elements, x, data));
	}

	/** Element e's mass in units of the truth's, then the fractions of it in each element's true support and outside all, e.g. {@code Co 0.95 [Co 0.80 Mn 0.15 out 0.05]}. */
	private static String massLine(List<String> elements, int e, Volume x, double scale, SimulatedData data) {
		float[] v = x.data();
		double total = 0, outside = 0;
		double[] inside = new double[elements.size()];
		float[][] supports = elements.stream().map(el -> data.truth().density(el).data()).toArray(float[][]::new);
		for (int i = 0; i < v.length; i++) {
			total += v[i];
			boolean any = false;
			for (int k = 0; k < supports.length; k++)
				if (supports[k][i] > 0) {
					inside[k] += v[i];
					any = true;
				}
			if (!any)
				outside += v[i];
		}
		StringBuilder s = new StringBuilder(String.format("%s %.2f [", elements.get(e), total / scale / total(supports[e])));
		for (int k = 0; k < supports.length; k++)
			s.append(String.format("%s %.2f ", elements.get(k), inside[k] / total));
		return s.append(String.format("out %.2f]", outside / total)).toString();
	}

	private static double total(float[] a) {
		double s = 0;
		for (float v : a)
			s += v;
		return s;
	}

	/** {@code v} with each voxel replaced by the mean of its f x f x f block (blocks from the origin; partial ones at the far edges). */
	private static Volume blockAveraged(Volume v, int f) {
		return blockAveraged(v, f, f, f);
	}

	/** {@link #blockAveraged(Volume, int)} in fx x fy x fz blocks. */
	private static Volume blockAveraged(Volume v, int fx, int fy, int fz) {
		Volume out = v.zerosLike();
		for (int z0 = 0; z0 < v.depth(); z0 += fz)
			for (int y0 = 0; y0 < v.height(); y0 += fy)
				for (int x0 = 0; x0 < v.width(); x0 += fx) {
					int z1 = Math.min(z0 + fz, v.depth()), y1 = Math.min(y0 + fy, v.height()), x1 = Math.min(x0 + fx, v.width());
					double sum = 0;
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++)
								sum += v.get(x, y, z);
					float mean = (float) (sum / ((z1 - z0) * (y1 - y0) * (x1 - x0)));
					for (int z = z0; z < z1; z++)
						for (int y = y0; y < y1; y++)
							for (int x = x0; x < x1; x++)
								out.set(x, y, z, mean);
				}
		return out;
	}

	/** The system property {@code name} as a number, or null (the default) when it is not set. */
	private static Double doubleProperty(String name) {
		String value = System.getProperty(name);
		return value == null ? null : Double.valueOf(value);
	}
}
