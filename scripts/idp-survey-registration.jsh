// Survey registration (align.SurveyRegistration) on real HAADF images with known truth: the IDP HAADF series,
// binned 2 (128 px, 26.16 nm); a 112 px window of it is "the HAADF", and the survey is the same window moved
// by known offsets (uniform +-3 px per tilt, 5 seeds x 16 tilts), optionally binned 2x (52.3 nm), in another
// contrast (0.6 v / mean + 0.1) and with Poisson noise (50 counts at that level). Prints the error of the
// recovered offsets. Run from the repository root after building:
// jshell --class-path "target/classes:$(ls target/lib/*.jar | tr '\n' :)" scripts/idp-survey-registration.jsh
import org.fusedtomo.align.*;
import org.fusedtomo.data.*;
import org.fusedtomo.io.*;
import org.fusedtomo.io.readers.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.simulate.Poisson;
import java.nio.file.Path;
import java.util.SplittableRandom;
TiltSeries full = Binning.bin(SeriesReaders.read(Path.of("recipes/idp-haadf-edx.json")).haadf(), 2);
int W = 112, O = 8;
TiltSeries h = new TiltSeries(new TiltGeometry(W, W, full.anglesDeg()), full.calibration());
for (int a = 0; a < full.angleCount(); a++) for (int y = 0; y < W; y++) for (int x = 0; x < W; x++) h.set(x, y, a, full.get(x + O, y + O, a));
for (boolean noise : new boolean[] {false, true})
for (int bin : new int[] {1, 2}) {
  double worst = 0, ss = 0, quality = 1; int n = 0;
  for (long seed = 1; seed <= 5; seed++) {
    SplittableRandom r = new SplittableRandom(seed);
    TiltSeries s = h.zerosLike();
    double[][] d = new double[2][h.angleCount()];
    for (int a = 0; a < h.angleCount(); a++) {
      d[0][a] = r.nextDouble(-3, 3); d[1][a] = r.nextDouble(-3, 3);
      for (int y = 0; y < W; y++) for (int x = 0; x < W; x++)
        s.set(x, y, a, ShiftInterpolation.DEFAULT.sample(full.data(), full.projectionOffset(a), full.width(), full.height(), x + O - d[0][a], y + O - d[1][a]));
    }
    TiltSeries b = Binning.bin(s, bin);
    double mean = 0; for (float v : b.data()) mean += v; mean /= b.data().length;
    float[] x = b.data(); for (int i = 0; i < x.length; i++) x[i] = (float) (0.6 * x[i] / mean + 0.1);
    if (noise) new Poisson(seed).apply(x, 50);
    SurveyRegistration reg = SurveyRegistration.register(h, b);
    quality = Math.min(quality, reg.worstQuality());
    for (int a = 0; a < h.angleCount(); a++) {
      double ex = reg.tilts().get(a).dx() - d[0][a], ey = reg.tilts().get(a).dy() - d[1][a];
      worst = Math.max(worst, Math.max(Math.abs(ex), Math.abs(ey))); ss += ex*ex + ey*ey; n += 2;
    }
  }
  System.out.printf("IDP HAADF %d px window, survey binned %dx, noise %s: worst %.3f px, RMS %.3f px over %d offsets (worst quality %.3f)%n", W, bin, noise, worst, Math.sqrt(ss / n), n, quality);
}
/exit
