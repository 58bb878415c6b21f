package org.fusedtomo.command;

import java.io.File;
import java.util.ArrayList;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.ModelAlignment;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.fused.FusedModel;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.report.TuningPlots;
import org.fusedtomo.tune.AutoLambdaSettings;
import org.fusedtomo.tune.AutoLambdas;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Fused multi-modal reconstruction ({@link FusedReconstruction}, DESIGN §4): one volume per element from
 * the aligned HAADF series and the aligned chemical maps (x, y, angle, element). The fields start at the
 * core's defaults ({@link FusedParameters#DEFAULT}: HAADF-guided TV, proximal solver). With solver
 * "reference" (the tomo_TV scheme, for comparison with the paper's code) a field left at its shown default
 * takes the reference's own default instead ({@link FusedParameters#REFERENCE}), so a macro that names only
 * {@code solver=reference} runs the reference scheme; λ_H and the SIRT iterations belong to the reference
 * solver, and changing them with the proximal solver is an error. With "Choose lambdas automatically" λ_C and
 * λ_TV come from cross-validation on held-out chemical tilts ({@link AutoLambdas}).
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Fused Reconstruction...")
public final class FusedReconstructionCommand extends MultiModalCommand {

	private static final FusedParameters DEFAULT = FusedParameters.DEFAULT;

	@Parameter(persist = false, label = "Thickness (voxels)", min = "0", description = "Volume depth z in voxels; 0 uses the projection width.")
	private int depth = 0;

	@Parameter(persist = false, label = "Solver", choices = { "proximal", "reference" },
		description = "proximal: monotone FISTA (the default); reference: the tomo_TV scheme of the paper's code, with its own defaults for the settings left unchanged.")
	private String solver = DEFAULT.solver().key();

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Fused iterations; left at the default, maps binned f x f get " + FusedParameters.ITERATIONS + " x ceil(f / 2), "
		+ "times sqrt(N / " + (int) org.fusedtomo.recon.fused.ProximalSolverSettings.ITERATION_COUNT_LEVEL + ") (at most x4) where their largest count level N per HAADF pixel is higher.")
	private int iterations = DEFAULT.iterations();

	@Parameter(persist = false, label = "EM iterations", min = "0", description = "Chemistry-only Poisson EM iterations of the start (reference: " + FusedParameters.REFERENCE_EM_ITERATIONS + ").")
	private int emIterations = DEFAULT.emIterations();

	@Parameter(persist = false, label = "Gamma", min = "1", max = "4", description = "HAADF exponent of the model sum_e w_e x_e^gamma.")
	private double gamma = DEFAULT.gamma();

	@Parameter(persist = false, label = "lambda chemistry", min = "0", description = "Weight of the Poisson chemical term, per count (> 0; reference, on data normalised to 1: "
		+ FusedModel.REFERENCE_LAMBDA_CHEM + ").")
	private double lambdaChem = DEFAULT.lambdaChem();

	@Parameter(persist = false, label = "lambda TV", min = "0", description = "Weight of the TV term, per square root of a count (reference, on data normalised to 1: "
		+ FusedModel.REFERENCE_LAMBDA_TV + ").")
	private double lambdaTv = DEFAULT.lambdaTv();

	@Parameter(persist = false, label = "Weight by counts", description = "Weight each element by its count level estimated from the data, so the lambdas hold at any dose "
		+ "and in any units (reference: off, the lambdas act on data normalised to 1).")
	private boolean countWeighted = DEFAULT.model().countWeighted();

	@Parameter(persist = false, label = "Joint TV (proximal solver)", description = "Couple the elements' gradients in one TV along the HAADF guide; a few per cent better "
		+ "where elements share edges.")
	private boolean jointTv = DEFAULT.jointTv();

	@Parameter(persist = false, label = "Couple elements at interfaces (proximal solver)", description = "Joint TV on the elements that meet at interfaces "
		+ "(found on the EM start); the others keep their own TV. Joint TV above couples all.")
	private boolean interfaceCoupling = DEFAULT.interfaceCoupling();

	@Parameter(persist = false, label = "HAADF-guided TV", min = "0", max = "0.99", stepSize = "0.05",
		description = "Near 1: elements may jump where the HAADF reconstruction has edges. 0: isotropic TV (reference).")
	private double tvGuide = DEFAULT.tvGuide();

	@Parameter(persist = false, label = "Z weights", choices = { "3", "0", "1", "2", "4" }, description = "0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z (reference), 4: Z^g/sum Z^g.")
	private String weights = "" + DEFAULT.weightMethod().code();

	@Parameter(persist = false, label = "lambda HAADF (reference solver)", min = "0", description = "Step factor of the reference solver's HAADF step (> 0).")
	private double lambdaHaadf = DEFAULT.lambdaHaadf();

	@Parameter(persist = false, label = "SIRT iterations (reference solver)", min = "1", description = "SIRT iterations in each HAADF step of the reference solver.")
	private int sirtIterations = DEFAULT.sirtIterations();

	// NB: the guide before the volumes: outputs are shown in this order, so the volumes end as the active image for macros.
	@Parameter(type = ItemIO.OUTPUT, required = false, label = "HAADF guide", description = "With HAADF-guided TV: the HAADF reconstruction whose edges guided it; none otherwise.")
	private Img<FloatType> haadfGuide;

	@Parameter(persist = false, label = "Choose lambdas automatically (cross-validation)",
		description = "lambda chemistry and lambda TV above become the centre of a 3 x 3 grid of factors 0.25, 1, 4; each point is scored by 3-fold cross-validation on held-out chemical tilts (data binned 2x, half the iterations) and the best is used (about 3x the time of one reconstruction; needs 3 or more chemical tilts).")
	private boolean auto = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Element volumes", attrs = @Attr(name = "channels", value = "elements"))
	private Img<FloatType> volumes;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Validation score", description = "With automatic lambdas: the held-out NRMSE over the grid, the chosen point in cyan.")
	private ImagePlus validation;

	// NB: always set: SciJava fills an unset Double output with 0.0, which the Log showed as a chosen lambda of 0 without auto.
	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Chosen lambda chemistry", description = "The lambda_C used: chosen with automatic lambdas, else the one given.")
	private Double chosenLambdaChem;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Chosen lambda TV", description = "The lambda_TV used: chosen with automatic lambdas, else the one given.")
	private Double chosenLambdaTv;

	@Parameter(persist = false, required = false, label = "Alignment in the model (optional)", style = FileWidget.OPEN_STYLE,
		description = "alignment.json of an alignment step: the series above are then RAW (unaligned) and the alignment is applied inside the forward model, "
			+ "without resampling the counts; pixels the aligned frame does not cover are left out. Not with automatic lambdas.")
	private File alignmentFile;

	@Override
	protected void execute(Monitor monitor) {
		MultiModalSeries series = series();
		ProjectorFactory projectors = ProjectorFactory.TOMOGRAPHY;
		if (alignmentFile != null) {
			if (auto || hasSurvey())
				throw new IllegalArgumentException("An alignment in the model does not combine with " + (auto ? "automatic lambdas" : "a survey series")
					+ " yet; align the series first, or leave the alignment file empty");
			Alignment alignment = AlignmentJson.load(alignmentFile.toPath());
			ModelAlignment.requireFor(alignment, series.haadf(), series.chemical(), alignmentFile.getName(), "given");
			series = ModelAlignment.markUncovered(alignment, series);
			projectors = ModelAlignment.factory(alignment, ProjectorFactory.TOMOGRAPHY);
			info("Alignment " + alignmentFile.getName() + ": alignment applied in the forward model (raw series, counts not resampled)");
		}
		FusedParameters p = parameters(ChemicalSampling.coarsest(series.samplings().values()));
		VolumeGeometry open = VolumeGeometry.ofDepthOrWidth(series.haadf().geometry(), depth);
		// NB: a specimen wider than the view gets a margin, as reconstruct's default.
		VolumeGeometry volume = open.widened(FieldOfView.automaticMargin(series, open.depth()));
		if (auto) {
			AutoLambdas.Result choice = AutoLambdas.choose(series, volume, p, AutoLambdaSettings.DEFAULT, monitor);
			p = choice.chosen();
			double[] chosen = choice.lambdas(choice.best());
			chosenLambdaChem = chosen[0];
			chosenLambdaTv = chosen[1];
			validation = TuningPlots.surface("held-out chemical NRMSE", choice.lambdaSpace(), choice.scoreGrid(), choice.lambdaEvaluations(), choice.evaluations().indexOf(choice.best()));
			info(String.format(java.util.Locale.ROOT, "Automatic lambdas: lambda_C %.4g, lambda_TV %.4g (held-out NRMSE %.4f; cross-validation %.1f s%s)", chosen[0], chosen[1],
				choice.best().value(), choice.seconds(), choice.keptBase() ? "; the defaults: no other point beat them by more than one standard error across folds" : ""));
		}
		else {
			chosenLambdaChem = p.lambdaChem();
			chosenLambdaTv = p.lambdaTv();
		}
		FusedResult r = new FusedMethod(p).reconstruct(series, volume, projectors, parallelism(), monitor);
		if (p.interfaceCoupling() && !p.jointTv())
			info("Interface coupling: " + (r.coupledElements().isEmpty() ? "no elements meet at interfaces; TV per element" : "joint TV of " + r.coupledElements()));
		volumes = TiltSeriesImgs.stackVolumes(new ArrayList<>(r.volumes().values()));
		haadfGuide = r.haadfGuide() == null ? null : TiltSeriesImgs.stackVolumes(java.util.List.of(r.haadfGuide()));
	}

	/** The chosen solver's defaults with every field that differs from its shown default ({@link #DEFAULT}). */
	FusedParameters parameters() {
		return parameters(1);
	}

	/** {@link #parameters()} for chemical maps binned at most {@code coarsestFactor} x {@code coarsestFactor}: the shown iterations follow it. */
	FusedParameters parameters(int coarsestFactor) {
		return FusedParameters.builder(solver).coarsestChemicalSampling(coarsestFactor).gamma(changed(gamma, DEFAULT.gamma())).weights(changed(Integer.parseInt(weights.trim()), DEFAULT.weightMethod().code()))
			.lambdaChem(changed(lambdaChem, DEFAULT.lambdaChem())).lambdaTv(changed(lambdaTv, DEFAULT.lambdaTv())).tvGuide(changed(tvGuide, DEFAULT.tvGuide()))
			.countWeighted(changed(countWeighted, DEFAULT.model().countWeighted())).jointTv(changed(jointTv, DEFAULT.jointTv()))
			.interfaceCoupling(changed(interfaceCoupling, DEFAULT.interfaceCoupling()))
			.lambdaHaadf(changed(lambdaHaadf, DEFAULT.lambdaHaadf())).sirtIterations(changed(sirtIterations, DEFAULT.sirtIterations()))
			.emIterations(changed(emIterations, DEFAULT.emIterations())).iterations(changed(iterations, DEFAULT.iterations())).threads(parallelism().threads()).build();
	}

	/** {@code value}, or null (not given) when it is the default the dialog showed. */
	static <T> T changed(T value, T shown) {
		return value.equals(shown) ? null : value;
	}
}
