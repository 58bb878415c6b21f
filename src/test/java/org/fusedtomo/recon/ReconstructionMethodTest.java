package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.Projectors;
import org.junit.jupiter.api.Test;

/**
 * The {@link ReconstructionMethod} contract: each single-series method gives, bit for bit, what its
 * algorithm class gives when called directly, and what {@link ConventionalMethod#run} gives; cancellation
 * reaches every iterative method.
 */
class ReconstructionMethodTest {

	private static final Parallelism PAR = new Parallelism(2);
	private static final VolumeGeometry VOLUME = TestProblems.VOLUME;
	private static final double[] ANGLES = TiltGeometry.range(-60, 60, 6);

	private static TiltSeries data(Projector p) {
		return TestProblems.noisy(p, TestProblems.phantom(), 50, 123);
	}

	@Test
	void reconstruct_equalsTheAlgorithmCalledDirectly() {
		Projector p = Projectors.create(VOLUME, new TiltGeometry(VOLUME.width(), VOLUME.height(), ANGLES), PAR);
		TiltSeries b = data(p);
		assertArrayEquals(new Wbp(p, WbpFilter.HANN, PAR).run(b, Monitor.NONE).volume().data(),
			new WbpMethod(WbpFilter.HANN).reconstruct(b, VOLUME, PAR, Monitor.NONE).volume().data());
		assertArrayEquals(new Sirt(p, SirtOptions.DEFAULT).run(b, null, 7, Monitor.NONE).volume().data(),
			SirtMethod.of(7).reconstruct(b, VOLUME, PAR, Monitor.NONE).volume().data());
		assertArrayEquals(new Mlem(p, MlemOptions.DEFAULT, PAR).run(b, null, 7, Monitor.NONE).volume().data(),
			EmMethod.of(7).reconstruct(b, VOLUME, PAR, Monitor.NONE).volume().data());
		assertArrayEquals(new TvReconstruction(p, TvOptions.of(0.5), PAR).run(b, null, 7, Monitor.NONE).volume().data(),
			TvMethod.of(0.5, 7).reconstruct(b, VOLUME, PAR, Monitor.NONE).volume().data());
	}

	@Test
	void run_ofEveryConventionalMethodIsItsContract() {
		Projector p = Projectors.create(VOLUME, new TiltGeometry(VOLUME.width(), VOLUME.height(), ANGLES), PAR);
		TiltSeries b = data(p);
		ConventionalParameters o = new ConventionalParameters(4, WbpFilter.RAM_LAK, 0.3);
		for (ConventionalMethod m : ConventionalMethod.values()) {
			Reconstruction viaEnum = m.run(p, b, o, PAR, Monitor.NONE);
			Reconstruction viaContract = m.with(o).reconstruct(b, VOLUME, PAR, Monitor.NONE);
			assertArrayEquals(viaContract.volume().data(), viaEnum.volume().data(), m.key());
			assertEquals(m.key(), m.with(o).key());
			assertEquals(List.of(Reconstruction.VOLUME), List.copyOf(viaEnum.volumes().keySet()));
		}
	}

	@Test
	void reconstruct_stopsWhenCancelled() {
		TiltSeries b = data(Projectors.create(VOLUME, new TiltGeometry(VOLUME.width(), VOLUME.height(), ANGLES), PAR));
		for (ReconstructionMethod<TiltSeries, Reconstruction> m : List.of(SirtMethod.of(20), EmMethod.of(20), TvMethod.of(0.5, 20)))
			assertThrows(CancellationException.class, () -> m.reconstruct(b, VOLUME, PAR, new TestProblems.CancelAfter(3)), m.key());
	}

	@Test
	void of_handsOutItsProjectorOnlyForItsGeometries() {
		Projector p = Projectors.create(VOLUME, new TiltGeometry(VOLUME.width(), VOLUME.height(), ANGLES), PAR);
		ProjectorFactory f = ProjectorFactory.of(p);
		assertSame(p, f.create(VOLUME, p.tiltGeometry(), PAR));
		var e = assertThrows(IllegalArgumentException.class, () -> f.create(new VolumeGeometry(VOLUME.width(), VOLUME.height(), 16), p.tiltGeometry(), PAR));
		assertTrue(e.getMessage().contains("asked for"), e.getMessage());
	}

	@Test
	void constructors_refuseMissingSettings() {
		assertThrows(IllegalArgumentException.class, () -> new WbpMethod(null));
		assertThrows(IllegalArgumentException.class, () -> new SirtMethod(SirtOptions.DEFAULT, 0));
		assertThrows(IllegalArgumentException.class, () -> new EmMethod(null, 5));
		assertThrows(IllegalArgumentException.class, () -> new TvMethod(TvOptions.of(1), 0));
	}
}
