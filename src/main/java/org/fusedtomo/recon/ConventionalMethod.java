package org.fusedtomo.recon;

import java.util.Locale;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;

/**
 * The single-series reconstruction methods, each run on one tilt series with one projector. Shells
 * (command line, SciJava commands) pick one by name; the algorithms stay separate classes.
 */
public enum ConventionalMethod {

	/** Weighted (filtered) backprojection. */
	WBP {
		@Override
		public Reconstruction run(Projector p, TiltSeries b, ConventionalParameters o, Parallelism par, Monitor m) {
			return new Wbp(p, o.filter(), par).run(b, m);
		}
	},
	/** SIRT, non-negative. */
	SIRT {
		@Override
		public Reconstruction run(Projector p, TiltSeries b, ConventionalParameters o, Parallelism par, Monitor m) {
			return new Sirt(p, SirtOptions.DEFAULT).run(b, null, o.iterations(), m);
		}
	},
	/** Poisson maximum-likelihood expectation maximisation (MLEM); negative data count as 0. */
	EM {
		@Override
		public Reconstruction run(Projector p, TiltSeries b, ConventionalParameters o, Parallelism par, Monitor m) {
			return new Mlem(p, MlemOptions.DEFAULT, par).run(b, null, o.iterations(), m);
		}
	},
	/** Least squares with isotropic 3D TV, non-negative (FISTA). */
	TV {
		@Override
		public Reconstruction run(Projector p, TiltSeries b, ConventionalParameters o, Parallelism par, Monitor m) {
			return new TvReconstruction(p, TvOptions.of(o.lambdaTv()), par).run(b, null, o.iterations(), m);
		}
	};

	/** Reconstructs {@code b} with the projector's geometry. */
	public abstract Reconstruction run(Projector projector, TiltSeries b, ConventionalParameters parameters, Parallelism parallelism, Monitor monitor);

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
