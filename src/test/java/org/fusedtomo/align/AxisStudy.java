package org.fusedtomo.align;

import java.util.EnumSet;

import org.fusedtomo.align.AlignmentOptions.Step;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;
import org.fusedtomo.simulate.Simulator;

/**
 * The study of docs/real-data.md "Alignment evidence" (a harness, not a test): for a phantom, seeds,
 * axis rotations and HAADF counts (comma-separated lists) it runs the whole alignment chain on
 * {@link MisalignedAcquisition} (drift RMS 4 px) and prints the axis found, its error, the shift
 * residual (x, y) and the SIRT(20) NRMSE against perfectly aligned data; with a fifth argument, the rotation
 * search alone, and with {@code -Dredraws=N} its spread over N other noise draws ({@code -Dsize=128} for 128 px
 * series, {@code -Dthreads=N} for N threads, default 2). Run with the test classpath, e.g. {@code java -cp ... org.fusedtomo.align.AxisStudy blobs 2,3 0,2,-7 100,500,5000}.
 */
public class AxisStudy {
	/** Edge of the simulated grid, pixels: {@code -Dsize=128} for 128 px series. */
	static final int SIZE = Integer.getInteger("size", MisalignedAcquisition.N);
	/** With the rotation search alone: also this many other Poisson draws of each noiseless series ({@code -Dredraws=16}). */
	static final int REDRAWS = Integer.getInteger("redraws", 0);

	public static void main(String[] args) {
		String phantom = args[0];
		Parallelism par = new Parallelism(Integer.getInteger("threads", 2));
		for (String seedS : args[1].split(","))
			for (String rotS : args[2].split(","))
				for (String doseS : args[3].split(",")) {
					long seed = Long.parseLong(seedS);
					double rot = Double.parseDouble(rotS), dose = Double.parseDouble(doseS);
					MisalignedAcquisition s = new MisalignedAcquisition(phantom, org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, 4, rot, 0, seed, SIZE);
					if (args.length > 4) {
						rotationSearch(s.haadf, par, String.format("%s seed %d rot %5.1f dose %6.0f", phantom, seed, rot, dose), rot);
						// Other Poisson draws of the same noiseless series: the spread of the search over the noise alone.
						double sum = 0, sum2 = 0;
						for (int k = 0; k < REDRAWS; k++) {
							double e = rotationSearch(MisalignedAcquisition.noisyHaadf(s.noiseless.haadf(), rot, 0, dose, 1000 + k), par, "  noise draw " + (1000 + k), rot);
							sum += e;
							sum2 += e * e;
						}
						if (REDRAWS > 1)
							System.out.printf("  over %d draws: error mean %.3f sd %.3f%n", REDRAWS, sum / REDRAWS, Math.sqrt((sum2 - sum * sum / REDRAWS) / (REDRAWS - 1)));
						continue;
					}
					long t = System.nanoTime();
					AlignmentPipeline.Result r = new AlignmentPipeline(AlignmentOptions.of(EnumSet.allOf(Step.class)), par).run(s.haadf, Monitor.NONE);
					double sec = (System.nanoTime() - t) * 1e-9;
					MisalignedAcquisition.Comparison c = MisalignedAcquisition.Comparison.of(r.alignment(), s.truth);
					TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT).run(s.haadf, Monitor.NONE).series();
					Projector projector = Projectors.create(VolumeGeometry.cube(SIZE), clean.geometry(), par);
					Sirt sirt = new Sirt(projector, SirtOptions.DEFAULT);
					var signal = Simulator.haadfSignal(s.phantom, s.noiseless.parameters().gamma());
					double na = Nrmse.of(sirt.run(c.gauged().apply(clean), null, 20, Monitor.NONE).volume(), signal);
					double np = Nrmse.of(sirt.run(s.truth.apply(clean), null, 20, Monitor.NONE).volume(), signal);
					System.out.printf("%s seed %d rot %5.1f dose %6.0f: axis-step %7.3f final %7.3f (err %6.3f) %s | shift res %.3f (x %.3f y %.3f) px off %.3f | NRMSE %.4f vs %.4f (%+.1f%%) | %.1f s%n",
						phantom, seed, rot, dose, r.afterStep().get(Step.TILT_AXIS).axisRotationDeg(), r.alignment().axisRotationDeg(),
						r.alignment().axisRotationDeg() - rot, extra(r), c.residualRmsPx(), c.residualRmsXPx(), c.residualRmsYPx(), c.offsetErrorPx(), na, np, 100 * (na / np - 1), sec);
				}
		System.exit(0); // NB: the idle worker threads would keep the JVM alive for a minute
	}

	/** Prints the rotation search on {@code raw} and returns its error (0 when the rotation is not supported). */
	static double rotationSearch(TiltSeries raw, Parallelism par, String label, double truth) {
		TiltSeries cl = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(raw, Monitor.NONE).series();
		TiltAxisFinder.RotationSearch f = new TiltAxisFinder(TiltAxisOptions.DEFAULT, par).searchRotation(cl, 0, Monitor.NONE);
		double err = (TiltAxisFinder.supported(f) ? f.rotationDeg() : 0) - truth;
		System.out.printf("%s: %.3f +- %.3f supported %b err %.3f%n", label, f.rotationDeg(), f.sigmaDeg(), TiltAxisFinder.supported(f), err);
		return err;
	}

	static String extra(AlignmentPipeline.Result r) {
		AxisEstimate a = r.axis();
		return String.format("cand %.3f +- %.3f off +- %.3f %s sx %.3f", a.rotationCandidateDeg(), a.rotationSigmaDeg(), a.offsetSigmaPx(), r.alignment().methods().stream().filter(m -> m.startsWith("tilt-axis")).map(m -> m.replace("tilt-axis(common line ", "").replace("; offset by centre of mass)", "")).toList(), r.residuals().shiftErrorRmsPx()[0]);
	}
}
