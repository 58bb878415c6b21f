package org.fusedtomo.command;

import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.tune.BayesianOptimizer;
import org.fusedtomo.tune.Evaluation;
import org.fusedtomo.tune.FusedKnob;
import org.fusedtomo.tune.FusedObjective;
import org.fusedtomo.tune.HeldOutProjections;
import org.fusedtomo.tune.SearchSpace;
import org.fusedtomo.tune.TuningOptions;
import org.fusedtomo.tune.TuningResult;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Tunes λ_C and λ_TV of the fused reconstruction with its defaults ({@link FusedParameters#DEFAULT}) by
 * Bayesian optimisation ({@link BayesianOptimizer}) on real data: the objective is how well the reconstruction predicts held-out HAADF projections. The
 * status line shows the best value so far after every evaluation.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Tune Fused Weights...")
public final class TuneFusedCommand extends MultiModalCommand {

	@Parameter(persist = false, label = "Evaluations", min = "3", description = "Fused reconstructions to spend (20 reach within a few % of a dense grid).")
	private int evaluations = 20;

	@Parameter(persist = false, label = "lambda chemistry from", min = "0", description = "Lower end of the log range of lambda_C.")
	private double lambdaChemLow = FusedKnob.LAMBDA_CHEM.defaultRange(FusedParameters.DEFAULT.solver())[0];

	@Parameter(persist = false, label = "lambda chemistry to", min = "0", description = "Upper end of the log range of lambda_C.")
	private double lambdaChemHigh = FusedKnob.LAMBDA_CHEM.defaultRange(FusedParameters.DEFAULT.solver())[1];

	@Parameter(persist = false, label = "lambda TV from", min = "0", description = "Lower end of the log range of lambda_TV.")
	private double lambdaTvLow = FusedKnob.LAMBDA_TV.defaultRange(FusedParameters.DEFAULT.solver())[0];

	@Parameter(persist = false, label = "lambda TV to", min = "0", description = "Upper end of the log range of lambda_TV.")
	private double lambdaTvHigh = FusedKnob.LAMBDA_TV.defaultRange(FusedParameters.DEFAULT.solver())[1];

	@Parameter(persist = false, label = "Fused iterations", min = "1", description = "Iterations of each fused reconstruction.")
	private int iterations = FusedParameters.DEFAULT.iterations();

	@Parameter(persist = false, label = "Hold out every", min = "2", description = "Every k-th HAADF projection is held out and predicted.")
	private int holdOutEvery = 5;

	@Parameter(persist = false, label = "Seed", description = "Seed of the optimiser; the same seed gives the same search.")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Best lambda chemistry")
	private Double bestLambdaChem;

	@Parameter(type = ItemIO.OUTPUT, label = "Best lambda TV")
	private Double bestLambdaTv;

	@Parameter(type = ItemIO.OUTPUT, label = "Best held-out NRMSE")
	private Double bestValue;

	@Parameter(type = ItemIO.OUTPUT, label = "GP mean surface (log lambda_C across, log lambda_TV down)")
	private Img<FloatType> surface;

	@Override
	protected void execute(Monitor monitor) {
		MultiModalSeries series = series();
		FusedParameters base = FusedParameters.DEFAULT.toBuilder().iterations(iterations).threads(parallelism().threads()).build();
		List<FusedKnob> knobs = List.of(FusedKnob.LAMBDA_CHEM, FusedKnob.LAMBDA_TV);
		SearchSpace space = SearchSpace.of(FusedKnob.LAMBDA_CHEM.range(lambdaChemLow, lambdaChemHigh), FusedKnob.LAMBDA_TV.range(lambdaTvLow, lambdaTvHigh));
		// NB: a specimen wider than the view gets a margin, as reconstruction's default.
		VolumeGeometry volume = VolumeGeometry.of(series.haadf().geometry(), series.width());
		FusedObjective objective = FusedObjective.heldOut(new HeldOutProjections(series, holdOutEvery), volume.widened(FieldOfView.automaticMargin(series, volume.depth())), base, knobs);
		TuningOptions options = TuningOptions.of(evaluations, seed).withInitialPoints(Math.min(5, evaluations - 1)).withBatchSize(1);
		double[] best = { Double.MAX_VALUE };
		int[] done = { 0 };
		TuningResult r = new BayesianOptimizer(options).minimise(space, objective, monitor.cancelOnly(), (Evaluation e) -> {
			best[0] = Math.min(best[0], e.value());
			monitor.progress(String.format("Tune fused weights: best held-out NRMSE %.4f", best[0]), ++done[0], evaluations);
		});
		double[][] mean = r.meanSurface(64);
		Img<FloatType> s = ArrayImgs.floats(mean[0].length, mean.length);
		var cursor = s.localizingCursor();
		while (cursor.hasNext()) {
			cursor.fwd();
			cursor.get().setReal(mean[cursor.getIntPosition(1)][cursor.getIntPosition(0)]);
		}
		info(String.format("Tuned fused weights: lambda_C %.4g, lambda_TV %.4g, held-out NRMSE %.4f after %d evaluations",
			r.best().parameters()[0], r.best().parameters()[1], r.best().value(), r.evaluations().size()));
		List<String> edges = space.atEdges(r.best().parameters());
		if (!edges.isEmpty())
			info("The best lies at the edge of the range searched: " + String.join("; ", edges) + "; a better point may lie beyond: widen the lambda ranges");
		bestLambdaChem = r.best().parameters()[0];
		bestLambdaTv = r.best().parameters()[1];
		bestValue = r.best().value();
		surface = s;
	}
}
