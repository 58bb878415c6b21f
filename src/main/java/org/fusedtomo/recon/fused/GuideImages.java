package org.fusedtomo.recon.fused;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.projector.ProjectorFactory;

/**
 * HAADF guide images ({@link FusedProblem#haadfGuideImage}) kept between fused reconstructions of the same HAADF
 * series, e.g. the folds and grid points of a cross-validation ({@code tune.AutoLambdas}): the guide depends on the
 * HAADF series, the volume, the projectors and the threads, not on the chemical data or λ. The series is taken by
 * identity (the same object), not by content. Thread-safe; two reconstructions asking at once make the guide once.
 */
public final class GuideImages {

	private record Key(TiltSeries haadf, VolumeGeometry volume, ProjectorFactory projectors, int threads) {

		@Override
		public boolean equals(Object o) {
			return o instanceof Key k && k.haadf == haadf && k.volume.equals(volume) && k.projectors == projectors && k.threads == threads;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(haadf) * 31 + volume.hashCode() + threads;
		}
	}

	/** One guide, made by the first caller; the others wait for it. */
	private static final class Memo {
		private Volume guide;

		synchronized Volume get(Supplier<Volume> make) {
			if (guide == null)
				guide = make.get();
			return guide;
		}
	}

	private final Map<Key, Memo> guides = new ConcurrentHashMap<>();

	/** The guide of {@code haadf} (the series as given, before normalisation) on {@code volume}, made by {@code make} the first time. */
	Volume get(TiltSeries haadf, VolumeGeometry volume, ProjectorFactory projectors, int threads, Supplier<Volume> make) {
		return guides.computeIfAbsent(new Key(haadf, volume, projectors, threads), k -> new Memo()).get(make);
	}

	/** How many guides were made; for tests. */
	int size() {
		return (int) guides.values().stream().filter(m -> {
			synchronized (m) {
				return m.guide != null;
			}
		}).count();
	}
}
