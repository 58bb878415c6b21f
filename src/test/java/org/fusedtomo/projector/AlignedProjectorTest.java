package org.fusedtomo.projector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlignedProjectorTest {

	private static final double[] ANGLES = { -60, -17, 0, 33, 71 };
	private static final double[] TX = { 1.3, -0.45, 0, 2.7, -3.2 }, TY = { -0.8, 1.55, 0.25, -2.1, 0.6 };

	/** {@code <Ax, y> = <x, Aᵀy>} for random x and y, with sub-pixel shifts, an axis rotation and an offset in tx. */
	@ParameterizedTest
	@CsvSource({ "0, 0", "7.5, 0.6", "-12, -1.7", "90, 0" })
	void back_isExactAdjointOfForward(double rotationDeg, double offset) {
		Random random = new Random(31 + (long) rotationDeg);
		VolumeGeometry vg = new VolumeGeometry(21, 17, 19);
		double[] tx = TX.clone();
		for (int i = 0; i < tx.length; i++)
			tx[i] += offset;
		Projector a = new AlignedProjector(Projectors.create(vg, new TiltGeometry(21, 17, ANGLES), Parallelism.SERIAL), rotationDeg, tx, TY);
		JosephProjectorTest.assertAdjoint(a, random, "aligned projector");
	}

	/** The same, composed with a binned, cropped chemical sampling (the shift on the HAADF grid, then the bins). */
	@Test
	void back_isExactAdjointOfForward_underASampledProjector() {
		Random random = new Random(5);
		VolumeGeometry vg = new VolumeGeometry(20, 14, 20);
		ChemicalSampling s = new ChemicalSampling(3, 2, 1);
		ProjectorFactory aligned = (v, t, p) -> new AlignedProjector(Projectors.create(v, t, p), 4, TX, TY);
		Projector a = SampledProjector.factory(aligned, s).create(vg, new TiltGeometry(5, 4, ANGLES), Parallelism.SERIAL);
		JosephProjectorTest.assertAdjoint(a, random, "aligned projector");
	}

	/** Whole-pixel shifts: raw(p) = aligned(p − t) exactly, and 0 (uncovered) where p − t leaves the frame. */
	@Test
	void forward_byWholePixels_isTheShiftedProjection() {
		Random random = new Random(9);
		VolumeGeometry vg = new VolumeGeometry(16, 12, 16);
		TiltGeometry tg = new TiltGeometry(16, 12, ANGLES);
		Volume x = Volume.zeros(vg);
		JosephProjectorTest.fill(x.data(), random);
		int[] sx = { 2, -1, 0, 5, -3 }, sy = { -1, 3, 0, 0, 2 };
		double[] tx = new double[5], ty = new double[5];
		for (int i = 0; i < 5; i++) {
			tx[i] = sx[i];
			ty[i] = sy[i];
		}
		Projector inner = Projectors.create(vg, tg, Parallelism.SERIAL);
		TiltSeries plain = inner.forward(x), moved = new AlignedProjector(inner, 0, tx, ty).forward(x);
		TiltSeries marked = AlignedProjector.markUncovered(plain, 0, tx, ty);
		for (int a = 0; a < 5; a++)
			for (int y = 0; y < 12; y++)
				for (int i = 0; i < 16; i++) {
					int qx = i - sx[a], qy = y - sy[a];
					boolean inside = qx >= 0 && qy >= 0 && qx < 16 && qy < 12;
					assertEquals(inside ? plain.get(qx, qy, a) : 0f, moved.get(i, y, a), 0f, "pixel " + i + "," + y + " of projection " + a);
					assertEquals(!inside, Float.isNaN(marked.get(i, y, a)), "uncovered pixel " + i + "," + y + " of projection " + a);
				}
	}

	/** The forward is the inverse of align's move: with a turn and sub-pixel shifts, it is {@code Alignment.applyInverse}'s bilinear map. */
	@Test
	void forward_isTheInverseOfTheAlignmentsMap() {
		Random random = new Random(13);
		VolumeGeometry vg = new VolumeGeometry(18, 14, 18);
		TiltGeometry tg = new TiltGeometry(18, 14, ANGLES);
		Volume x = Volume.zeros(vg);
		JosephProjectorTest.fill(x.data(), random);
		double phi = 9;
		Projector inner = Projectors.create(vg, tg, Parallelism.SERIAL);
		TiltSeries plain = inner.forward(x), moved = new AlignedProjector(inner, phi, TX, TY).forward(x);
		// Independently: raw(p) = aligned(c + R⁻¹(p − c − t)), i.e. ShiftInterpolation with −φ and −R⁻¹t.
		double c = Math.cos(Math.toRadians(phi)), s = Math.sin(Math.toRadians(phi));
		TiltSeries expected = plain.zerosLike();
		for (int a = 0; a < 5; a++) {
			double ux = TX[a] * c + TY[a] * s, uy = -TX[a] * s + TY[a] * c;
			ShiftInterpolation.MISSING.transform(plain.data(), plain.projectionOffset(a), expected.data(), expected.projectionOffset(a), 18, 14, -phi, -ux, -uy);
		}
		for (int i = 0; i < expected.data().length; i++) {
			float e = Float.isNaN(expected.data()[i]) ? 0f : expected.data()[i];
			assertEquals(e, moved.data()[i], 1e-5f * (1 + Math.abs(e)), "sample " + i);
		}
	}

	/** The x shift inside the Joseph kernel: still the exact adjoint (also with a turned axis), and equal to the bilinear model where the shifts are whole pixels. */
	@Test
	void rayOffsets_areAdjointAndAgreeWithTheWarpOnWholePixels() {
		Random random = new Random(21);
		VolumeGeometry vg = new VolumeGeometry(19, 13, 19);
		TiltGeometry tg = new TiltGeometry(19, 13, ANGLES);
		for (double phi : new double[] { 0, 7, -11 })
			JosephProjectorTest.assertAdjoint(AlignedProjector.withRayOffsets(vg, tg, Parallelism.SERIAL, phi, TX, TY), random, "rotation " + phi);
		Volume x = Volume.zeros(vg);
		JosephProjectorTest.fill(x.data(), random);
		double[] tx = { 2, -1, 0, 3, -2 }, ty = { 0.5, -1.25, 0, 2, 0.75 };
		float[] rays = AlignedProjector.withRayOffsets(vg, tg, Parallelism.SERIAL, 0, tx, ty).forward(x).data();
		float[] warp = new AlignedProjector(Projectors.create(vg, tg, Parallelism.SERIAL), 0, tx, ty).forward(x).data();
		for (int i = 0; i < rays.length; i++)
			assertEquals(warp[i], rays[i], 1e-4f * (1 + Math.abs(warp[i])), "sample " + i + " (float ray positions)");
	}

	/** With a turned axis the ray kernel is the same map as the bilinear model, up to interpolation: on a smooth volume they agree to 2 %. */
	@Test
	void rayOffsetsWithATurnedAxis_agreeWithTheBilinearModelOnASmoothVolume() {
		VolumeGeometry vg = new VolumeGeometry(24, 20, 24);
		TiltGeometry tg = new TiltGeometry(24, 20, ANGLES);
		Volume x = Volume.zeros(vg);
		for (int z = 0; z < 24; z++)
			for (int yy = 0; yy < 20; yy++)
				for (int xx = 0; xx < 24; xx++)
					x.set(xx, yy, z, (float) Math.exp(-((xx - 11.5) * (xx - 11.5) + (yy - 9.5) * (yy - 9.5) + (z - 11.5) * (z - 11.5)) / 18.0));
		float[] rays = AlignedProjector.withRayOffsets(vg, tg, Parallelism.SERIAL, 8, TX, TY).forward(x).data();
		float[] warp = new AlignedProjector(Projectors.create(vg, tg, Parallelism.SERIAL), 8, TX, TY).forward(x).data();
		double e = 0, n = 0;
		for (int i = 0; i < rays.length; i++) {
			e += (rays[i] - warp[i]) * (rays[i] - warp[i]);
			n += warp[i] * warp[i];
		}
		assertTrue(Math.sqrt(e / n) < 0.02, "relative RMS " + Math.sqrt(e / n));
	}

	/** With a turned axis the ray projector's model is 0 wherever markUncoveredByRays marks a pixel not measured (its warp never reads outside the frame). */
	@Test
	void rayOffsetsWithATurnedAxis_modelNothingWhereTheyMarkUncovered() {
		VolumeGeometry vg = new VolumeGeometry(16, 12, 16);
		TiltGeometry tg = new TiltGeometry(16, 12, ANGLES);
		Volume x = Volume.zeros(vg);
		java.util.Arrays.fill(x.data(), 1f);
		TiltSeries model = AlignedProjector.withRayOffsets(vg, tg, Parallelism.SERIAL, 9, TX, TY).forward(x);
		TiltSeries marked = AlignedProjector.markUncoveredByRays(TiltSeries.zeros(tg), 9, TX, TY);
		for (int i = 0; i < model.data().length; i++)
			if (Float.isNaN(marked.data()[i]))
				assertEquals(0f, model.data()[i], "uncovered sample " + i);
	}
}
