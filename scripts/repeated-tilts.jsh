// A repeated-tilt acquisition with known truth for docs/repeated-tilts.md: every tilt of a noiseless simulated
// HAADF series (DIR/HAADF.tif + .rawtlt, from `./fusedtomo simulate --no-noise`) recorded K = 3 times, each
// exposure with its own drift (RMS 2 px per axis) and independent Poisson noise at DOSE counts at the brightest
// pixel. Writes DIR/repeats.tif (+ .rawtlt, exposures of a tilt one after another), DIR/repeats-drift.txt (the true
// drift of each exposure), DIR/ideal.tif (the same exposures
// without drift) and DIR/repeats.png (one exposure, the average of the aligned exposures, the noiseless projection
// at 0 deg). Run from the repository root after building (./fusedtomo --help):
//   DIR=/tmp/rt/sim jshell --class-path "$(ls target/Fused_Tomography-*.jar | head -1):$(ls target/lib/*.jar | tr '\n' :)" scripts/repeated-tilts.jsh
import java.nio.file.*;
import java.util.*;
import org.fusedtomo.io.*;
import org.fusedtomo.data.*;
import org.fusedtomo.align.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.report.MapComparison;
Path dir = Path.of(System.getenv("DIR"));
int K = 3; double DOSE = 100, DRIFT = 2; long SEED = 11;
TiltSeries clean = TiffSeries.readTiltSeries(dir.resolve("HAADF.tif"));
float max = 0; for (float v : clean.data()) max = Math.max(max, v);
for (int i = 0; i < clean.data().length; i++) clean.data()[i] /= max;
int n = clean.angleCount(), w = clean.width(), h = clean.height(), plane = w * h;
int[] idx = new int[n * K]; for (int i = 0; i < idx.length; i++) idx[i] = i / K;
TiltSeries ideal = clean.subset(idx), repeats = ideal.zerosLike();
Random r = new Random(SEED);
StringBuilder drift = new StringBuilder("# angle_deg dx_px dy_px: the true displacement of each exposure of repeats.tif\n");
for (int i = 0; i < idx.length; i++) {
	double dx = r.nextGaussian() * DRIFT, dy = r.nextGaussian() * DRIFT;
	ShiftInterpolation.DEFAULT.shift(ideal.data(), ideal.projectionOffset(i), repeats.data(), repeats.projectionOffset(i), w, h, -dx, -dy);
	drift.append(ideal.angleDeg(i) + " " + dx + " " + dy + "\n");
}
// NB: ideal and repeats get their own draws (the means differ by the drift), from the same seed.
new Poisson(SEED).apply(ideal.data(), DOSE); new Poisson(SEED).apply(repeats.data(), DOSE);
AtomicFiles files = AtomicFiles.protecting(dir.resolve("HAADF.tif"));
TiffSeries.writeTiltSeries(repeats, dir.resolve("repeats.tif"), files);
TiffSeries.writeTiltSeries(ideal, dir.resolve("ideal.tif"), files);
String driftText = drift.toString();
files.write(dir.resolve("repeats-drift.txt"), out -> out.write(driftText.getBytes()));
RepeatAveraging.Result avg = RepeatAveraging.average(repeats, CrossCorrelationOptions.DEFAULT);
int zero = n / 2;
float[] one = Arrays.copyOfRange(repeats.data(), repeats.projectionOffset(zero * K), repeats.projectionOffset(zero * K) + plane);
float[] mean = Arrays.copyOfRange(avg.averaged().data(), avg.averaged().projectionOffset(zero), avg.averaged().projectionOffset(zero) + plane);
float[] truth = Arrays.copyOfRange(clean.data(), clean.projectionOffset(zero), clean.projectionOffset(zero) + plane);
for (int i = 0; i < plane; i++) truth[i] *= DOSE;
var rows = new LinkedHashMap<String, List<float[]>>(); rows.put("HAADF", List.of(one, mean, truth));
var picture = MapComparison.montage("repeated tilts", List.of("one exposure", "mean of " + K + " aligned", "noiseless"), rows, w, h);
files.write(dir.resolve("repeats.png"), out -> javax.imageio.ImageIO.write(picture.getBufferedImage(), "png", out));
System.out.printf("%d tilts x %d exposures, dose %.0f, drift RMS %.1f px; tilt %.0f deg shown%n", n, K, DOSE, DRIFT, clean.angleDeg(zero));
/exit
