// Count levels read by metrics.PoissonGain (docs/fused-study.md, "Count levels of thin elements"): for each simulated
// chemical series (PHANTOMS x SEEDS x COUNTS, 64³ or -Dsize=N, 9 chemical tilts, default simulation) and HAADF series (47 tilts,
// 10⁴ electrons, counts divided by the dose: its quantum is 10⁻⁴), the chemical series binned 2x and 4x by
// averaging (pixel area 1, and told their pixel area f² as reconstruct --bin f does since session 20) and summed as if
// recorded binned (pixel area f², its quantum taken as the gain), the HAADF averaged 2x and 4x (pixel area 1), prints
// the gain and count level; then the real series of a recipe binned --bin N and any single-series files. Run before and
// after a change to PoissonGain and diff the outputs:
//   java --add-modules jdk.incubator.vector -cp "target/classes:$CP" scripts/GainCheck.java \
//       core-shell,blobs,layered-particles,shell-cap-rod 1,2,3,11 5,20,80,160,1000 recipes/idp-haadf-edx.json 4 [FILE...]
// PHANTOMS "-" skips the simulations, RECIPE "-" the recipe. A FILE that says it was written binned b x b (align --bin, maps
// --bin: TiltSeriesFile.binning) is printed untold and told (pixel area b², as reconstruct reads it since session 20, gain3).
import java.nio.file.Path;
import java.util.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.hdf5.Hdf5Recipe;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.metrics.PoissonGain;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

public class GainCheck {
	static void print(String name, TiltSeries s, double area) {
		print(name, s, area, area);
	}

	/** The level divided by {@code perPixels}: the area of a map recorded binned (per HAADF pixel); 1 for --bin (the binned pixel's counts). */
	static void print(String name, TiltSeries s, double area, double perPixels) {
		float max = 0;
		for (float v : s.data())
			if (v > max)
				max = v;
		double gain = PoissonGain.of(s, name, area);
		System.out.printf("%-48s max %10.4g gain %10.5g level %10.5g%n", name, max, gain, PoissonGain.countLevel(s, name, area) / perPixels);
	}

	public static void main(String[] a) {
		Parallelism par = new Parallelism(1);
		for (String ph : a[0].equals("-") ? new String[0] : a[0].split(","))
			for (String seed : a[1].split(","))
				for (String counts : a[2].split(",")) {
					Phantom p = Phantoms.create(ph, VolumeGeometry.cube(Integer.getInteger("size", 64)), Long.parseLong(seed));
					SimulatedData d = new Simulator(par).simulate(p, SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9))
						.withCountsPerPixel(Double.parseDouble(counts)).withSeed(Long.parseLong(seed)));
					if (counts.equals(a[2].split(",")[0])) {
						print(ph + " " + seed + " HAADF", d.haadf(), 1);
						for (int f : new int[] { 2, 4 })
							print(ph + " " + seed + " HAADF mean" + f, Binning.bin(d.haadf(), f), 1);
					}
					for (var e : d.chemical().entrySet()) {
						String name = ph + " " + seed + " " + counts + " " + e.getKey();
						print(name, e.getValue(), 1);
						for (int f : new int[] { 2, 4 }) {
							TiltSeries mean = Binning.bin(e.getValue(), f);
							print(name + " mean" + f, mean, 1);
							// as reconstruct --bin f tells the reader (MultiModalSeries.binning): its gain should be 1/f²
							print(name + " mean" + f + " told", mean, f * f, 1);
							TiltSeries sum = mean.copy();
							for (int i = 0; i < sum.data().length; i++)
								sum.data()[i] *= f * f;
							print(name + " sum" + f + " area", sum, f * f);
						}
					}
				}
		if (a.length > 3 && !a[3].equals("-")) {
			Path recipe = Path.of(a[3]);
			TiltSeriesFile file = Hdf5Recipe.read(recipe).load(recipe, null);
			int bin = Integer.parseInt(a[4]);
			print("recipe HAADF bin " + bin, Binning.bin(file.haadf(), bin), 1);
			print("recipe HAADF bin 1", file.haadf(), 1);
			for (var e : file.chemical().entrySet()) {
				print("recipe " + e.getKey() + " bin " + bin, Binning.bin(e.getValue(), bin), 1);
				print("recipe " + e.getKey() + " bin " + bin + " told", Binning.bin(e.getValue(), bin), bin * bin, 1);
				print("recipe " + e.getKey() + " bin 1", e.getValue(), 1);
			}
		}
		for (int i = 5; i < a.length; i++) {
			TiltSeriesFile file = SeriesReaders.read(Path.of(a[i]));
			print(Path.of(a[i]).getFileName() + " HAADF", file.haadf(), 1);
			int b = file.binning();
			if (b > 1)
				print(Path.of(a[i]).getFileName() + " told " + b + "x" + b, file.haadf(), b * b, 1);
		}
	}
}
