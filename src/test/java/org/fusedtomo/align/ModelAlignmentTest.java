package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.AlignedProjector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.junit.jupiter.api.Test;

class ModelAlignmentTest {

	private static final int N = 16, F = 4;

	/**
	 * Drift without interpolation (the object 4x finer, projected, moved by whole fine pixels, summed 4 x 4, as
	 * scripts/AlignCost.java): SIRT with the known quarter-pixel shifts in the model (the factory's ray offsets, no axis
	 * rotation; the y shift remains interpolated) reaches the undrifted data's error against the truth within 8 %; with the
	 * bilinear model (what a rotated axis gets) within 15 %; both remove at least half of what the same data moved back by align's bilinear resampling lose.
	 */
	@Test
	void reconstructionWithTheShiftsInTheModel_matchesTheUndriftedOne() {
		Volume truth = Volume.zeros(VolumeGeometry.cube(N));
		for (int z = 4; z < 12; z++)
			for (int y = 3; y < 13; y++)
				for (int x = 4; x < 12; x++)
					truth.set(x, y, z, (x < 7 && z > 6) ? 2f : (y > 9 ? 0.5f : 1f));
		double[] angles = new double[29];
		double[] dx = new double[angles.length], dy = new double[angles.length];
		for (int i = 0; i < angles.length; i++) {
			angles[i] = -70 + 5 * i;
			dx[i] = ((i * 7) % 13 - 6) / 4.0;
			dy[i] = ((i * 5) % 11 - 5) / 4.0;
		}
		Alignment drift = new Alignment(angles, dx, dy, 0, 0, List.of("drift"));
		Volume fine = Volume.zeros(VolumeGeometry.cube(N * F));
		for (int z = 0; z < N * F; z++)
			for (int y = 0; y < N * F; y++)
				for (int x = 0; x < N * F; x++)
					fine.set(x, y, z, truth.get(x / F, y / F, z / F));
		TiltSeries fp = Projectors.create(fine.geometry(), new TiltGeometry(N * F, N * F, angles), Parallelism.SERIAL).forward(fine);
		TiltSeries undrifted = binned(fp, null, angles), drifted = binned(fp, drift, angles);
		VolumeGeometry vg = VolumeGeometry.cube(N);
		double none = sirt(ProjectorFactory.TOMOGRAPHY, undrifted, vg, truth);
		double model = sirt(ModelAlignment.factory(drift, ProjectorFactory.TOMOGRAPHY), ModelAlignment.markUncovered(drift, drifted), vg, truth);
		ProjectorFactory warp = (v, t, p) -> new AlignedProjector(ProjectorFactory.TOMOGRAPHY.create(v, t, p), 0, drift.dx(), drift.dy());
		double warped = sirt(warp, ModelAlignment.markUncovered(drift, drifted), vg, truth);
		double bilinear = sirt(ProjectorFactory.TOMOGRAPHY, drift.apply(drifted, ShiftInterpolation.MISSING), vg, truth);
		assertTrue(model < 1.08 * none, "in the model (rays) " + model + ", undrifted " + none);
		assertTrue(model < warped, "in the model: rays " + model + ", bilinear " + warped);
		assertTrue(warped < 1.15 * none, "in the model (bilinear) " + warped + ", undrifted " + none);
		assertTrue(Math.max(model, warped) - none < (bilinear - none) / 2, "in the model " + model + " and " + warped + ", resampled " + bilinear + ", undrifted " + none);
	}

	private static double sirt(ProjectorFactory factory, TiltSeries data, VolumeGeometry vg, Volume truth) {
		Parallelism par = Parallelism.SERIAL;
		Volume v = ConventionalMethod.SIRT.run(factory.create(vg, data.geometry(), par), data, ConventionalParameters.DEFAULT, par, Monitor.NONE).volume();
		return Nrmse.of(v, truth);
	}

	/** Content moved by +round(F d)/F coarse pixels (none for a null drift), then each F x F block averaged, per path length F. */
	private static TiltSeries binned(TiltSeries fine, Alignment drift, double[] angles) {
		TiltSeries out = TiltSeries.zeros(new TiltGeometry(N, N, angles));
		int fw = N * F;
		for (int a = 0; a < angles.length; a++) {
			int kx = drift == null ? 0 : (int) Math.rint(F * drift.dx(a)), ky = drift == null ? 0 : (int) Math.rint(F * drift.dy(a));
			for (int y = 0; y < fw; y++)
				for (int x = 0; x < fw; x++) {
					int sx = x - kx, sy = y - ky;
					if (sx >= 0 && sy >= 0 && sx < fw && sy < fw)
						out.set(x / F, y / F, a, out.get(x / F, y / F, a) + fine.get(sx, sy, a) / (F * F * F));
				}
		}
		return out;
	}

	/** A chemical series at other tilts takes the shifts interpolated in angle; its uncovered pixels are those of the interpolated shift. */
	@Test
	void otherAngles_takeTheInterpolatedShift() {
		Alignment al = new Alignment(new double[] { -10, 0, 10 }, new double[] { 0, 2, 4 }, new double[] { 0, 0, 0 }, 0, 0, List.of());
		TiltSeries raw = TiltSeries.zeros(new TiltGeometry(8, 4, new double[] { 5 }));
		TiltSeries marked = ModelAlignment.markUncovered(al, raw);
		for (int x = 0; x < 8; x++)
			assertEquals(x < 3, Float.isNaN(marked.get(x, 1, 0)), "pixel " + x);
	}

	/** A map binned 2 x 2 on the HAADF grid: a coarse pixel is not measured when any of its four HAADF pixels is uncovered. */
	@Test
	void aBinnedMap_losesEachBlockThatHoldsAnUncoveredPixel() {
		Alignment al = new Alignment(new double[] { 0 }, new double[] { 1 }, new double[] { -3 }, 0, 0, List.of());
		TiltSeries raw = TiltSeries.zeros(new TiltGeometry(4, 4, new double[] { 0 }));
		TiltSeries marked = ModelAlignment.markUncovered(al, raw, new org.fusedtomo.data.ChemicalSampling(2, 0, 0), 8, 8);
		// HAADF pixel (x, y) is covered when x - 1 >= 0 and y + 3 <= 7: x >= 1, y <= 4; a block (i, j) covers x 2i..2i+1, y 2j..2j+1.
		for (int j = 0; j < 4; j++)
			for (int i = 0; i < 4; i++)
				assertEquals(i == 0 || j >= 2, Float.isNaN(marked.get(i, j, 0)), "block " + i + "," + j);
	}
}
