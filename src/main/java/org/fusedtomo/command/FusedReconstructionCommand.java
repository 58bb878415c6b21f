package org.fusedtomo.command;

import java.util.ArrayList;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.recon.fused.WeightMethod;
import org.fusedtomo.report.TuningPlots;
import org.fusedtomo.tune.AutoLambdaSettings;
import org.fusedtomo.tune.AutoLambdas;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fused multi-modal reconstruction ({@link FusedReconstruction}, DESIGN §4): one volume per element from
 * the aligned HAADF series and the aligned chemical maps (x, y, angle, element), with the reference
 * defaults, or with λ_C and λ_TV chosen by cross-validation ({@link AutoLambdas}).
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Fused Reconstruction...")
public final class FusedReconstructionCommand extends MultiModalCommand {

	@Parameter(persist = false, label = "Thickness (voxels)", min = "0", description = "Volume depth z in voxels; 0 uses the projection width.")
	private int depth = 0;

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Fused iterations.")
	private int iterations = FusedParameters.DEFAULT.iterations();

	@Parameter(persist = false, label = "EM iterations", min = "0", description = "Chemistry-only Poisson EM iterations of the start.")
	private int emIterations = FusedParameters.DEFAULT.emIterations();

	@Parameter(persist = false, label = "Gamma", min = "1", max = "4", description = "HAADF exponent of the model sum_e w_e x_e^gamma.")
	private double gamma = FusedParameters.DEFAULT.gamma();

	@Parameter(persist = false, label = "lambda HAADF", min = "0", description = "Step factor of the reference solver's HAADF step (> 0).")
	private double lambdaHaadf = FusedParameters.DEFAULT.lambdaHaadf();

	@Parameter(persist = false, label = "lambda chemistry", min = "0", description = "Weight of the Poisson chemical term (> 0).")
	private double lambdaChem = FusedParameters.DEFAULT.lambdaChem();

	@Parameter(persist = false, label = "lambda TV", min = "0", description = "Weight of the TV term on data normalised to 1.")
	private double lambdaTv = FusedParameters.DEFAULT.lambdaTv();

	@Parameter(persist = false, label = "HAADF-guided TV", min = "0", max = "0.99", stepSize = "0.05",
		description = "0: isotropic TV (reference). Near 1: elements may jump where the HAADF reconstruction has edges; use with the proximal solver and a larger lambda TV (0.95, 0.1).")
	private double tvGuide = FusedParameters.DEFAULT.tvGuide();

	@Parameter(persist = false, label = "Z weights", choices = { "3", "0", "1", "2", "4" }, description = "0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z (reference), 4: Z^g/sum Z^g.")
	private String weights = "3";

	@Parameter(persist = false, label = "Solver", choices = { "reference", "proximal" }, description = "reference: the tomo_TV scheme; proximal: monotone FISTA on the same cost.")
	private String solver = "reference";

	@Parameter(persist = false, label = "Choose lambdas automatically (cross-validation)",
		description = "lambda chemistry and lambda TV above become the centre of a 3 x 3 grid of factors 0.25, 1, 4; each point is scored by 3-fold cross-validation on held-out chemical tilts (data binned 2x, half the iterations) and the best is used (about 3x the time of one reconstruction; needs 3 or more chemical tilts).")
	private boolean auto = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Element volumes", attrs = @Attr(name = "channels", value = "elements"))
	private Img<FloatType> volumes;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "HAADF guide", description = "With HAADF-guided TV: the HAADF reconstruction whose edges guided it; none otherwise.")
	private Img<FloatType> haadfGuide;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Validation score", description = "With automatic lambdas: the held-out NRMSE over the grid, the chosen point in cyan.")
	private ImagePlus validation;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Chosen lambda chemistry")
	private Double chosenLambdaChem;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Chosen lambda TV")
	private Double chosenLambdaTv;

	@Override
	protected void execute(Monitor monitor) {
		MultiModalSeries series = series();
		FusedParameters d = FusedParameters.DEFAULT;
		FusedParameters p = new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv, tvGuide, iterations, emIterations, d.sirtIterations(), d.tvIterations(),
			d.epsilon(), WeightMethod.ofCode(Integer.parseInt(weights.trim())), FusedSolver.parse(solver), parallelism().threads());
		int z = depth > 0 ? depth : series.width();
		if (auto) {
			AutoLambdas.Result choice = AutoLambdas.choose(series, z, p, AutoLambdaSettings.DEFAULT, monitor);
			p = choice.chosen();
			double[] chosen = choice.lambdas(choice.best());
			chosenLambdaChem = chosen[0];
			chosenLambdaTv = chosen[1];
			validation = TuningPlots.surface("held-out chemical NRMSE", choice.lambdaSpace(), choice.scoreGrid(), choice.lambdaEvaluations());
			info(String.format(java.util.Locale.ROOT, "Automatic lambdas: lambda_C %.4g, lambda_TV %.4g (held-out NRMSE %.4f; cross-validation %.1f s)", chosen[0], chosen[1],
				choice.best().value(), choice.seconds()));
		}
		FusedResult r = FusedReconstruction.run(series, z, p, monitor);
		volumes = TiltSeriesImgs.stackVolumes(new ArrayList<>(r.volumes().values()));
		haadfGuide = r.haadfGuide() == null ? null : TiltSeriesImgs.stackVolumes(java.util.List.of(r.haadfGuide()));
	}
}
