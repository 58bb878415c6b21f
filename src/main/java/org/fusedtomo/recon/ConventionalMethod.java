package org.fusedtomo.recon;

import java.util.Locale;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;

/**
 * The names of the single-series reconstruction methods, each run on one tilt series with one projector.
 * Shells (command line, SciJava commands) pick one by name and turn their options into its
 * {@link ReconstructionMethod} with {@link #with}; other methods implement that contract without a
 * constant here.
 */
public enum ConventionalMethod {

	/** Weighted (filtered) backprojection. */
	WBP {
		@Override
		public ReconstructionMethod<TiltSeries, Reconstruction> with(ConventionalParameters o) {
			return new WbpMethod(o.filter());
		}
	},
	/** SIRT, non-negative. */
	SIRT {
		@Override
		public ReconstructionMethod<TiltSeries, Reconstruction> with(ConventionalParameters o) {
			return new SirtMethod(SirtOptions.DEFAULT, o.iterations());
		}
	},
	/** Poisson maximum-likelihood expectation maximisation (MLEM); negative data count as 0. */
	EM {
		@Override
		public ReconstructionMethod<TiltSeries, Reconstruction> with(ConventionalParameters o) {
			return new EmMethod(MlemOptions.DEFAULT, o.iterations());
		}
	},
	/** Least squares with isotropic 3D TV, non-negative (FISTA). */
	TV {
		@Override
		public ReconstructionMethod<TiltSeries, Reconstruction> with(ConventionalParameters o) {
			return new TvMethod(TvOptions.of(o.lambdaTv()), o.iterations());
		}
	};

	/** This method with the settings of {@code parameters} that it uses, as a {@link ReconstructionMethod}. */
	public abstract ReconstructionMethod<TiltSeries, Reconstruction> with(ConventionalParameters parameters);

	/** Reconstructs {@code b} with the projector's geometry: {@link #with} run on {@code projector}. */
	public final Reconstruction run(Projector projector, TiltSeries b, ConventionalParameters parameters, Parallelism parallelism, Monitor monitor) {
		return with(parameters).reconstruct(b, projector.volumeGeometry(), ProjectorFactory.of(projector), parallelism, monitor);
	}

	/** The method named {@code name} (case-insensitive: wbp, sirt, em, tv). */
	public static ConventionalMethod parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown reconstruction method '" + name + "'; use one of wbp, sirt, em, tv");
		}
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
