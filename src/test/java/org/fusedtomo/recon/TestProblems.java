package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.JosephProjector;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.simulate.SheppLogan;

/** Shared phantoms, geometries and monitors of the reconstruction tests. */
final class TestProblems {

	/** 64 x 64 slices; y slices are independent problems, so a few suffice. */
	static final VolumeGeometry VOLUME = new VolumeGeometry(64, 6, 64);

	/** 0..179.5° in 0.5° steps: 360 angles, full range. */
	static final double[] FULL_RANGE = TiltGeometry.range(0, 179.5, 0.5);

	/** ±70° in 3° steps: a missing wedge of 40°. */
	static final double[] WEDGE = TiltGeometry.range(-69, 69, 3);

	private TestProblems() {}

	static Volume phantom() {
		return SheppLogan.create(VOLUME);
	}

	static Volume phantom(SheppLogan.Contrast contrast) {
		return SheppLogan.create(VOLUME, contrast);
	}

	static Projector projector(double[] anglesDeg) {
		return new JosephProjector(VOLUME, new TiltGeometry(VOLUME.width(), VOLUME.height(), anglesDeg), Parallelism.available());
	}

	/** Poisson counts with mean {@code dose * (A phantom)}, seeded. */
	static TiltSeries noisy(Projector p, Volume phantom, double dose, long seed) {
		TiltSeries b = p.forward(phantom);
		new Poisson(seed).apply(b.data(), dose);
		return b;
	}

	/** A monitor that counts progress calls and reports cancelled once it has seen {@code after}. */
	static final class CancelAfter implements Monitor {
		private final int after;
		int progressCalls;

		CancelAfter(int after) {
			this.after = after;
		}

		@Override
		public void progress(String stage, long done, long total) {
			progressCalls++;
		}

		@Override
		public boolean isCancelled() {
			return progressCalls >= after;
		}
	}

	static double mean(float[] a) {
		double s = 0;
		for (float f : a)
			s += f;
		return s / a.length;
	}
}
