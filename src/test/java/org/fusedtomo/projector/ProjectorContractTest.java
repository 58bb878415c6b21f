package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Projector} contract over every projector the product builds: back is the adjoint of
 * forward, ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ on seeded random x and y (seed 123), over several angle sets; and each
 * Joseph kernel, the plain-Java general loops among them, equals the per-slice reference
 * {@link JosephProjector} (the scalar form, kept in the tests) to float rounding. The TV and power kernels
 * have theirs in {@code recon.TvRowKernelContractTest} and {@code recon.fused.PowerKernelTest}.
 */
class ProjectorContractTest {

	private static final VolumeGeometry VOLUME = new VolumeGeometry(21, 5, 18);
	private static final Parallelism PAR = new Parallelism(2);

	/** A named way to build a projector for a tilt geometry of the volume's width and height. */
	record Kind(String name, Function<TiltGeometry, Projector> make, boolean joseph) {
		@Override
		public String toString() {
			return name;
		}
	}

	static List<Kind> kinds() {
		List<Kind> k = new ArrayList<>();
		k.add(new Kind("per-slice reference", t -> new JosephProjector(VOLUME, t, PAR), true));
		k.add(new Kind("Projectors.create", t -> Projectors.create(VOLUME, t, PAR), true));
		for (int block : new int[] { 1, 4, Projectors.SCALAR_BLOCK })
			k.add(new Kind("blocked scalar " + block, t -> BlockedJosephProjector.scalar(VOLUME, t, PAR, block), true));
		// NB: the general loops at 16 slices, the form the written-out 16-slice copies are measured against.
		for (int block : new int[] { 5, Projectors.SCALAR_BLOCK })
			k.add(new Kind("blocked scalar general " + block, t -> BlockedJosephProjector.scalarGeneral(VOLUME, t, PAR, block), true));
		if (VectorKernels.available())
			for (int vectors : new int[] { 2, 4 })
				k.add(new Kind("blocked SIMD " + vectors, t -> Projectors.simd(VOLUME, t, PAR, vectors), true));
		// NB: the sampled projector maps the fine volume to a 2x binned grid; its tilts are the coarse ones.
		k.add(new Kind("sampled 2x", t -> SampledProjector.create(VOLUME, new TiltGeometry(10, 2, t.anglesDeg()), new ChemicalSampling(2, 0, 0), PAR), false));
		k.add(new Kind("sampled 4x, window at (4, 1)", t -> SampledProjector.create(VOLUME, new TiltGeometry(4, 1, t.anglesDeg()), new ChemicalSampling(4, 4, 1), PAR), false));
		return k;
	}

	@ParameterizedTest
	@MethodSource("kinds")
	void back_isTheAdjointOfForward(Kind kind) {
		Random random = new Random(123);
		for (double[] angles : JosephProjectorTest.ANGLE_SETS) {
			Projector p = kind.make().apply(new TiltGeometry(VOLUME.width(), VOLUME.height(), angles));
			Volume x = Volume.zeros(p.volumeGeometry());
			TiltSeries y = TiltSeries.zeros(p.tiltGeometry());
			JosephProjectorTest.fill(x.data(), random);
			JosephProjectorTest.fill(y.data(), random);
			double axy = JosephProjectorTest.dot(p.forward(x).data(), y.data());
			double xaty = JosephProjectorTest.dot(x.data(), p.back(y).data());
			assertTrue(Math.abs(axy - xaty) <= 1e-5 * Math.abs(axy), kind + ": <Ax,y> = " + axy + ", <x,A'y> = " + xaty);
		}
	}

	@ParameterizedTest
	@MethodSource("kinds")
	void forwardAndBack_equalTheScalarForm(Kind kind) {
		if (!kind.joseph())
			return;
		Random random = new Random(123);
		TiltGeometry t = new TiltGeometry(VOLUME.width(), VOLUME.height(), JosephProjectorTest.ANGLE_SETS[0]);
		Projector reference = new JosephProjector(VOLUME, t, Parallelism.SERIAL), p = kind.make().apply(t);
		Volume x = Volume.zeros(VOLUME);
		TiltSeries y = TiltSeries.zeros(t);
		JosephProjectorTest.fill(x.data(), random);
		JosephProjectorTest.fill(y.data(), random);
		assertClose(reference.forward(x).data(), p.forward(x).data(), kind + " forward");
		assertClose(reference.back(y).data(), p.back(y).data(), kind + " back");
	}

	@ParameterizedTest
	@MethodSource("kinds")
	void geometries_areTheOnesAskedFor(Kind kind) {
		Projector p = kind.make().apply(new TiltGeometry(VOLUME.width(), VOLUME.height(), new double[] { -30, 0, 30 }));
		assertEquals(VOLUME, p.volumeGeometry());
		assertEquals(3, p.tiltGeometry().angleCount());
	}

	/** Equal to float rounding: the kernels sum the same terms in other orders. */
	private static void assertClose(float[] expected, float[] actual, String what) {
		double scale = 0;
		for (float v : expected)
			scale = Math.max(scale, Math.abs(v));
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], 1e-5 * scale, what + " at " + i);
	}
}
