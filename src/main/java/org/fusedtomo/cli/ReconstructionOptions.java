package org.fusedtomo.cli;

import java.util.Locale;

import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.recon.fused.FusedModel;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.ProximalSolverSettings;
import org.fusedtomo.recon.fused.ReferenceSolverSettings;

import picocli.CommandLine.Option;

/**
 * The reconstruction options shared by the commands that reconstruct (a picocli mixin): the method
 * (fused or a conventional one) and its settings, turned into the core's typed parameters. The options
 * of the fused method have no default here: an option not given is null, and
 * {@link FusedParameters#builder(String)} fills it with the chosen solver's default, so that
 * {@code --solver reference} gets the reference's own values. The descriptions quote the core's constants.
 */
final class ReconstructionOptions {

	@Option(names = "--method", description = "fused, wbp, sirt, em or tv (default of reconstruct: fused when the HAADF series comes with chemical series (--chem, --spectra, "
		+ "or maps in the --haadf file) and the engine is local, else sirt on each series; of fsc: sirt; a line says which and why).")
	String method;

	/** The method when {@code --method} is not given ({@link #presumeDefault}, {@link #chooseDefault}). */
	private String defaultMethod = ConventionalMethod.SIRT.key();

	/** Whether the default method is settled (and its line printed), or --method was given. */
	private boolean settled;

	/** No line for the default (batch's check of the options, before the series' own runs print theirs). */
	boolean quiet;

	@Option(names = "--iterations", description = "Iterations of fused, sirt, em and tv (default " + FusedParameters.ITERATIONS + " for fused, times ceil(f/2) when chemical maps are binned f x f, "
		+ "and for those times sqrt(N / " + (int) ProximalSolverSettings.ITERATION_COUNT_LEVEL + ") (at most x4) when their largest count level N per HAADF pixel is higher; "
		+ ConventionalParameters.ITERATIONS + " for the others).")
	Integer iterations;

	@Option(names = "--solver", description = "fused: proximal (monotone FISTA, the default) or reference (the tomo_TV scheme of the paper's code, with its own defaults: "
		+ "lambda-chem " + FusedModel.REFERENCE_LAMBDA_CHEM + ", lambda-tv " + FusedModel.REFERENCE_LAMBDA_TV + ", tv-guide 0, em-iterations "
		+ FusedParameters.REFERENCE_EM_ITERATIONS + ").")
	String solver;

	@Option(names = "--gamma", description = "fused: HAADF exponent of sum w_e x_e^gamma (default " + FusedModel.GAMMA + ").")
	Double gamma;

	@Option(names = "--lambda-chem", description = "fused: weight of the Poisson chemical term, per count (default " + FusedModel.DEFAULT_LAMBDA_CHEM
		+ "; --solver reference, on normalised data: " + FusedModel.REFERENCE_LAMBDA_CHEM + ").")
	Double lambdaChem;

	@Option(names = "--lambda-tv", description = "TV weight (fused: per square root of a count, default " + FusedModel.DEFAULT_LAMBDA_TV
		+ "; --solver reference, on normalised data: " + FusedModel.REFERENCE_LAMBDA_TV + "; tv: " + ConventionalParameters.LAMBDA_TV + ").")
	Double lambdaTv;

	@Option(names = "--count-weighting", arity = "1", description = "fused: true weights each element by its count level estimated from the data, so the "
		+ "lambdas hold at any dose and in any units (default true; --solver reference: false, the lambdas act on data normalised to 1).")
	Boolean countWeighted;

	@Option(names = "--joint-tv", description = "fused, proximal solver: joint TV that couples the elements' gradients (along the HAADF guide) instead of TV per element; "
		+ "a few per cent better where elements share edges (docs/fused-study.md).")
	Boolean jointTv;

	@Option(names = "--interface-coupling", arity = "1", description = "fused, proximal solver: true couples by joint TV only the elements that meet at "
		+ "interfaces, as their EM starts show (one gives way to the other), each other element keeps its own TV; --joint-tv overrides it (default "
		+ FusedModel.DEFAULT_INTERFACE_COUPLING + ", docs/fused-study.md).")
	Boolean interfaceCoupling;

	@Option(names = "--tv-guide", description = "fused: weight in [0, 1) of HAADF-guided TV, letting elements jump where the HAADF does (default "
		+ FusedModel.DEFAULT_TV_GUIDE + "; 0 is isotropic TV, the default of --solver reference).")
	Double tvGuide;

	@Option(names = "--em-iterations", description = "fused: Poisson-EM iterations of the start; fewer start smoother at low counts (default "
		+ FusedParameters.DEFAULT_EM_ITERATIONS + "; --solver reference: " + FusedParameters.REFERENCE_EM_ITERATIONS + ").")
	Integer emIterations;

	@Option(names = "--weights", description = "fused: Z weighting 0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z, 4: Z^g/sum Z^g (default "
		+ FusedModel.WEIGHT_METHOD_CODE + ").")
	Integer weights;

	@Option(names = "--tv-iterations", description = "fused: FGP iterations of each TV prox (default " + ProximalSolverSettings.TV_ITERATIONS + "; --solver reference: "
		+ ReferenceSolverSettings.TV_ITERATIONS + ").")
	Integer tvIterations;

	@Option(names = "--lambda-haadf", description = "fused, --solver reference only: HAADF step factor (default " + ReferenceSolverSettings.LAMBDA_HAADF + ").")
	Double lambdaHaadf;

	@Option(names = "--sirt-iterations", description = "fused, --solver reference only: SIRT iterations per HAADF step (default "
		+ ReferenceSolverSettings.SIRT_ITERATIONS + ").")
	Integer sirtIterations;

	// NB: no picocli default, so that a --filter given to another method is seen and refused; ConventionalParameters.DEFAULT's filter applies.
	@Option(names = "--filter", description = "WBP filter: ram_lak, shepp_logan, cosine, hann (default shepp_logan).")
	String filter;

	@Option(names = "--depth", description = "Volume thickness z in voxels (default: the projection width).")
	Integer depth;

	@Option(names = "--margin", paramLabel = "N", description = "Voxels added to the volume on each side across the tilt axis, for a specimen wider than the field of view "
		+ "(a section, a lamella), whose matter outside the view then has a place instead of piling up at the volume's edges (docs/real-data.md, IDP). "
		+ "Default: ceil(depth/2 * tan(largest tilt)) when the HAADF's outer columns carry signal, else 0.")
	Integer margin;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	/** {@code --method}, or the default chosen for the inputs when not given. */
	String method() {
		return method != null ? method : defaultMethod;
	}

	/**
	 * Before any file is read, without {@code --method}: fused when the run is local ({@code spark} false) and
	 * chemistry is declared ({@code --chem}, {@code --spectra}); then, and on Spark (sirt), the choice is final and its
	 * line printed. Else sirt for now: a {@code --haadf} file holding chemical maps may still make it fused
	 * ({@link #chooseDefault}). A setting of fused without chemistry declared is refused, naming it (add --method fused).
	 */
	void presumeDefault(boolean chemistryDeclared, boolean spark) {
		if (method != null || settled)
			return;
		if (spark) {
			// NB: the Spark default stays per series (issue 16 makes fused the default locally); fused there is asked for by name.
			settle(ConventionalMethod.SIRT.key(), "the default with --engine spark: each series on its own"
				+ (chemistryDeclared ? "; --method fused fuses the HAADF and chemistry on Spark too (docs/spark.md)" : ""));
		}
		else if (chemistryDeclared)
			settle("fused", "the default for a HAADF series with chemical series, engine local; --method sirt reconstructs each series on its own");
	}

	/**
	 * After reading, without {@code --method} and not yet settled: fused when the series read ({@code chemistry}:
	 * the chemical series' names, e.g. maps in an HDF5 file) hold chemistry, else sirt; prints its line.
	 * Returns whether the method became fused here (its settings are then still to be made).
	 */
	boolean chooseDefault(java.util.Collection<String> chemistry) {
		if (method != null || settled)
			return false;
		if (chemistry.isEmpty()) {
			settle(ConventionalMethod.SIRT.key(), "the default for a HAADF series without chemical series");
			return false;
		}
		settle("fused", "the default for a HAADF series with chemical series (" + String.join(", ", chemistry)
			+ " in the --haadf file), engine local; --method sirt reconstructs each series on its own");
		return true;
	}

	/** Why the method was chosen when {@code --method} was not given (for the report); null when it was given. */
	String defaultReason() {
		return method != null ? null : defaultWhy;
	}

	private String defaultWhy;

	/** Without {@code --method}: {@code chosen}, whatever the inputs, with the line saying {@code why}. */
	void defaultTo(String chosen, String why) {
		if (method == null && !settled)
			settle(chosen, why);
	}

	private void settle(String chosen, String why) {
		defaultMethod = chosen;
		defaultWhy = why;
		settled = true;
		if (!quiet)
			System.out.println("Method: " + chosen + " (" + why + ")");
	}

	/** Range checks of these options (docs/reliability.md), before any file is read; throws naming the option. */
	void check() {
		OptionChecks.atLeast("--depth", depth, 1);
		OptionChecks.atLeast("--margin", margin, 0);
		OptionChecks.atLeast("--threads", threads, 1);
		OptionChecks.atLeast("--iterations", iterations, 1);
		OptionChecks.atLeast("--em-iterations", emIterations, 0);
		OptionChecks.atLeast("--tv-iterations", tvIterations, 1);
		OptionChecks.atLeast("--sirt-iterations", sirtIterations, 1);
		OptionChecks.lambda("--lambda-chem", lambdaChem);
		OptionChecks.lambda("--lambda-tv", lambdaTv);
		OptionChecks.lambda("--lambda-haadf", lambdaHaadf);
		checkSettingsOfMethod();
	}

	/** Refuses a setting the chosen method does not have (it would be ignored without a word), naming the option and the method. */
	private void checkSettingsOfMethod() {
		String m = method().trim().toLowerCase(Locale.ROOT);
		if (!isFused() && java.util.Arrays.stream(ConventionalMethod.values()).noneMatch(c -> c.key().equals(m)))
			throw new IllegalArgumentException("--method '" + method() + "' is not a method; use fused, wbp, sirt, em or tv");
		// NB: WBP is one filtered back-projection; an --iterations given to it would be ignored without a word.
		if (iterations != null && m.equals(ConventionalMethod.WBP.key()))
			throw new IllegalArgumentException("--iterations is a setting of the iterative methods (fused, sirt, em, tv); --method wbp has none (drop --iterations)");
		if (!isFused()) {
			for (Object[] o : fusedOnlySettings())
				if (o[1] != null)
					throw new IllegalArgumentException(o[0] + " is a setting of --method fused; " + (method == null ? "without --method, and without --chem or --spectra, the method is " + m
						: "--method " + m + " has none") + " (drop " + o[0] + ", or add --method fused)");
		}
		if (filter != null && !m.equals(ConventionalMethod.WBP.key()))
			throw new IllegalArgumentException("--filter is a setting of --method wbp; --method " + m + " has none (drop --filter)");
		if (lambdaTv != null && !isFused() && !m.equals("tv"))
			throw new IllegalArgumentException("--lambda-tv is a setting of --method fused and tv; --method " + m + " has none (drop --lambda-tv, or choose one of those methods)");
	}

	/** The settings only fused has, each with its value (null when not given). */
	private Object[][] fusedOnlySettings() {
		return new Object[][] { { "--solver", solver }, { "--gamma", gamma }, { "--lambda-chem", lambdaChem }, { "--count-weighting", countWeighted },
			{ "--joint-tv", jointTv }, { "--interface-coupling", interfaceCoupling }, { "--tv-guide", tvGuide }, { "--em-iterations", emIterations },
			{ "--weights", weights }, { "--tv-iterations", tvIterations }, { "--lambda-haadf", lambdaHaadf }, { "--sirt-iterations", sirtIterations } };
	}

	/**
	 * Refuses, before reconstructing, a volume for series {@code b} of which {@code volumes} (one per
	 * series, plus the solvers' working copies) do not fit the heap: named by {@code --depth} when given.
	 */
	void checkFits(TiltSeries b, int volumes) {
		VolumeGeometry v = volume(b);
		String option = depth == null ? "a volume of " + v.width() + " x " + v.height() + " x " + v.depth() + " (the projection width as --depth)" : "--depth " + depth;
		OptionChecks.fitsHeap(option, v.voxelCount(), volumes + WORKING_COPIES);
	}

	/** Volumes a solver holds besides its results (estimate, update, scratch). */
	static final int WORKING_COPIES = 2;

	boolean isFused() {
		return method().trim().equalsIgnoreCase("fused");
	}

	/** The conventional method; only when not {@link #isFused()}. */
	ConventionalMethod conventionalMethod() {
		return ConventionalMethod.parse(method());
	}

	/** "fused" or the conventional method's key; checks the name. */
	String methodKey() {
		return isFused() ? "fused" : conventionalMethod().key();
	}

	Parallelism parallelism() {
		return threads == null ? Parallelism.available() : new Parallelism(threads);
	}

	/**
	 * The volume a series reconstructs into: its width and height, {@code --depth} voxels thick, widened by
	 * {@code --margin} or, without it, by {@link FieldOfView#automaticMargin} (0 for a specimen inside the view).
	 */
	VolumeGeometry volume(TiltSeries b) {
		return volume(b, true);
	}

	/** {@link #volume(TiltSeries)}, widened automatically only when {@code automatic} (an explicit {@code --margin} always applies). */
	VolumeGeometry volume(TiltSeries b, boolean automatic) {
		VolumeGeometry v = VolumeGeometry.ofDepthOrWidth(b.geometry(), depthOrWidth());
		return v.widened(margin != null ? margin : automatic ? FieldOfView.automaticMargin(b, v.depth()) : 0);
	}

	/** Whether {@code --margin} was given. */
	boolean marginGiven() {
		return margin != null;
	}

	/** {@code --depth}, or 0 for the projection width ({@link VolumeGeometry#ofDepthOrWidth}). */
	int depthOrWidth() {
		return depth == null ? 0 : depth;
	}

	/** The fused settings: the chosen solver's defaults with the options given; throws naming a bad or conflicting option. */
	FusedParameters fusedParameters(Parallelism par) {
		return fusedParameters(par, 1);
	}

	/** {@link #fusedParameters(Parallelism)} for chemical series binned at most {@code coarsestFactor} x {@code coarsestFactor} (the iterations' default follows it). */
	FusedParameters fusedParameters(Parallelism par, int coarsestFactor) {
		return FusedParameters.builder(solver).coarsestChemicalSampling(coarsestFactor).gamma(gamma).weights(weights).lambdaChem(lambdaChem).lambdaTv(lambdaTv).tvGuide(tvGuide).countWeighted(countWeighted).jointTv(jointTv).interfaceCoupling(interfaceCoupling).lambdaHaadf(lambdaHaadf)
			.sirtIterations(sirtIterations).tvIterations(tvIterations).emIterations(emIterations).iterations(iterations).threads(par.threads()).build();
	}

	ConventionalParameters conventionalParameters() {
		ConventionalParameters d = ConventionalParameters.DEFAULT;
		return new ConventionalParameters(iterations == null ? d.iterations() : iterations, filter == null ? d.filter() : parseFilter(filter), lambdaTv == null ? d.lambdaTv() : lambdaTv);
	}

	static WbpFilter parseFilter(String name) {
		try {
			return WbpFilter.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown --filter '" + name + "'; use ram_lak, shepp_logan, cosine or hann");
		}
	}
}
