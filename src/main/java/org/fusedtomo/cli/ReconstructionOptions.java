package org.fusedtomo.cli;

import java.util.Locale;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.recon.fused.WeightMethod;

import picocli.CommandLine.Option;

/**
 * The reconstruction options shared by the commands that reconstruct (a picocli mixin): the method
 * (fused or a conventional one) and its settings, turned into the core's typed parameters.
 */
final class ReconstructionOptions {

	@Option(names = "--method", defaultValue = "sirt", description = "fused, wbp, sirt, em or tv (default ${DEFAULT-VALUE}).")
	String method;

	@Option(names = "--iterations", defaultValue = "50", description = "Iterations of fused, sirt, em and tv (default ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--gamma", defaultValue = "1.6", description = "fused: HAADF exponent of sum w_e x_e^gamma (default ${DEFAULT-VALUE}).")
	double gamma;

	@Option(names = "--lambda-haadf", defaultValue = "10", description = "fused: HAADF step factor of the reference solver (default ${DEFAULT-VALUE}).")
	double lambdaHaadf;

	@Option(names = "--lambda-chem", defaultValue = "0.05", description = "fused: weight of the Poisson chemical term (default ${DEFAULT-VALUE}).")
	double lambdaChem;

	@Option(names = "--em-iterations", defaultValue = "100", description = "fused: Poisson-EM iterations of the start; fewer start smoother at low counts (default ${DEFAULT-VALUE}).")
	int emIterations;

	@Option(names = "--solver", defaultValue = "reference", description = "fused: reference (tomo_TV scheme) or proximal (monotone FISTA) (default ${DEFAULT-VALUE}).")
	String solver;

	@Option(names = "--weights", defaultValue = "3", description = "fused: Z weighting 0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z, 4: Z^g/sum Z^g (default ${DEFAULT-VALUE}).")
	int weights;

	@Option(names = "--filter", defaultValue = "shepp_logan", description = "WBP filter: ram_lak, shepp_logan, cosine, hann (default ${DEFAULT-VALUE}).")
	String filter;

	@Option(names = "--lambda-tv", description = "TV weight (default: 1e-4 for fused on normalised data, 1.0 for tv).")
	Double lambdaTv;

	@Option(names = "--tv-guide", defaultValue = "0", description = "Fused: weight in [0, 1) of HAADF-guided TV, letting elements jump where the HAADF does (0, the default: the reference's isotropic TV; the settings of docs/fused-study.md: 0.95 with --solver proximal --lambda-tv 0.15 --lambda-chem 0.2 --em-iterations 20).")
	double tvGuide;

	@Option(names = "--joint-tv", description = "Fused, proximal solver: joint TV that couples the elements' gradients (with --tv-guide, along the HAADF guide) instead of TV per element.")
	boolean jointTv;

	@Option(names = "--depth", description = "Volume thickness z in voxels (default: the projection width).")
	Integer depth;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	boolean isFused() {
		return method.trim().equalsIgnoreCase("fused");
	}

	/** The conventional method; only when not {@link #isFused()}. */
	ConventionalMethod conventionalMethod() {
		return ConventionalMethod.parse(method);
	}

	/** "fused" or the conventional method's key; checks the name. */
	String methodKey() {
		return isFused() ? "fused" : conventionalMethod().key();
	}

	Parallelism parallelism() {
		return threads == null ? Parallelism.available() : new Parallelism(threads);
	}

	/** The volume a series reconstructs into: its width and height, {@code --depth} voxels thick. */
	VolumeGeometry volume(TiltSeries b) {
		return VolumeGeometry.of(b.geometry(), depth == null ? b.width() : depth);
	}

	FusedParameters fusedParameters(Parallelism par) {
		FusedParameters d = FusedParameters.DEFAULT;
		return new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv == null ? d.lambdaTv() : lambdaTv, tvGuide, iterations, emIterations,
			d.sirtIterations(), d.tvIterations(), d.epsilon(), WeightMethod.ofCode(weights), FusedSolver.parse(solver), par.threads()).withJointTv(jointTv);
	}

	ConventionalParameters conventionalParameters() {
		return new ConventionalParameters(iterations, parseFilter(filter), lambdaTv == null ? ConventionalParameters.DEFAULT.lambdaTv() : lambdaTv);
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
