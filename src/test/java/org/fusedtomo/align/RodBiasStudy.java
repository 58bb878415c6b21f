package org.fusedtomo.align;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.data.Volume;

/**
 * The study of docs/real-data.md "The rod's bias" (a harness, not a test): for a phantom, seed and axis rotation, the
 * rotation search's error and the axis profiles' (started at the truth) with windows and with whole lines, on the series
 * of {@link AxisStudy} (64 px, drift RMS 4 px) at {@code -Ddose=} (default 1e9, "noise-free"); {@code -Ddrop=Si} leaves
 * out one element of the same specimen, {@code -Dwindows=true} prints per tilt the window and the mass it cuts off.
 */
public class RodBiasStudy {
	public static void main(String[] args) throws Exception {
		String name = args[0];
		long seed = Long.parseLong(args[1]);
		double rot = Double.parseDouble(args[2]);
		String drop = System.getProperty("drop", "");
		double shift = Double.parseDouble(System.getProperty("shift", "4"));
		int size = Integer.getInteger("size", 64);
		Phantom ph = MisalignedAcquisition.padded(Phantoms.create(name, VolumeGeometry.cube(size * 40 / 64), seed), size);
		Map<String, Volume> d = new LinkedHashMap<>();
		ph.densities().forEach((e, v) -> d.put(e, e.equals(drop) ? Volume.zeros(v.geometry()) : v));
		ph = new Phantom(ph.name(), d);
		SimulationParameters p = SimulationParameters.defaults().withShiftRmsPx(shift).withSeed(seed).withNoise(false).withHaadfDose(1e9);
		TiltSeries noiseless = new Simulator(Parallelism.available()).simulate(ph, p).haadf();
		double dose = Double.parseDouble(System.getProperty("dose", "1e9"));
		TiltSeries raw = MisalignedAcquisition.noisyHaadf(noiseless, rot, 0, dose, seed + 1);
		TiltSeries cl = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(raw, Monitor.NONE).series();
		TiltAxisFinder.RotationSearch f = new TiltAxisFinder(TiltAxisOptions.DEFAULT, new Parallelism(2)).searchRotation(cl, 0, Monitor.NONE);
		AxisRefinement.Fit fit = new AxisProfiles(cl, rot, Math.abs(rot) + 1).rotation(rot, 0.5, Monitor.NONE);
		AxisRefinement.Fit whole = new AxisProfiles(cl, rot, Math.abs(rot) + 1, false).rotation(rot, 0.5, Monitor.NONE);
		System.out.printf("%s s%d rot %.1f drop=%s shift=%.0f dose %.0g | search err %+.3f (sig %.3f) | profiles at the truth, windowed %+.3f +- %.3f, whole lines %+.3f +- %.3f%n", name, seed, rot, drop,
			shift, dose, f.rotationDeg() - rot, f.sigmaDeg(), fit.value() - rot, fit.sigma(), whole.value() - rot, whole.sigma());
		if (Boolean.getBoolean("windows")) {
			AxisProfiles ap = new AxisProfiles(cl, rot, Math.abs(rot) + 1);
			var wf = AxisProfiles.class.getDeclaredField("window");
			wf.setAccessible(true);
			double[][] win = (double[][]) wf.get(ap);
			double phi = Math.toRadians(rot), co = Math.cos(phi), si = Math.sin(phi);
			int w = cl.width(), h = cl.height();
			for (int a = 0; a < win.length; a++) {
				double tot = 0, out = 0, outU = 0, pos = 0, minU = 1e9, maxU = -1e9;
				int off = cl.projectionOffset(a);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double v = cl.data()[off + y * w + x], u = (x - (w - 1) / 2.0) * co + (y - (h - 1) / 2.0) * si;
						tot += v;
						if (v > 1e-3) { minU = Math.min(minU, u); maxU = Math.max(maxU, u); pos += v; }
						if (u < win[a][0] || u > win[a][1]) { out += v; outU += v * u; }
					}
				if (a == Integer.getInteger("dump", -1)) {
					double[] q = new double[w + 1];
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++)
							q[x] += cl.data()[off + y * w + x];
					StringBuilder b = new StringBuilder();
					for (int x = 0; x < w; x++)
						b.append(String.format(" %d:%.3f", x - 31, q[x]));
					System.out.println(b);
				}
				System.out.printf("  tilt %6.1f window [%6.1f %6.1f] mass>1e-3 in [%6.1f %6.1f] total %.2f cut %.4f (%.2f%%) cut moment %.3f%n", cl.anglesDeg()[a], win[a][0], win[a][1], minU, maxU, tot, out, 100 * out / tot, outU);
			}
		}
		System.exit(0);
	}
}
