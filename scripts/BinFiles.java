// Writes a simulate output folder binned B x B as recorded binned (docs/fused-study.md, "Count levels of binned series"):
// HAADF.tif averaged, every other series (<El>.tif) summed (the counts of the binned pixels), truth/<El>.tif averaged over
// B x B x B voxels (for reconstruct --truth at the binned size). Run from the repository root after building:
//   java --add-modules jdk.incubator.vector -cp "target/classes:$CP" scripts/BinFiles.java SIM_DIR B OUT_DIR
import java.nio.file.*;
import java.util.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;

public class BinFiles {
	public static void main(String[] a) throws Exception {
		Path in = Path.of(a[0]), out = Path.of(a[2]);
		int b = Integer.parseInt(a[1]);
		Files.createDirectories(out.resolve("truth"));
		AtomicFiles files = AtomicFiles.protecting();
		try (var list = Files.list(in)) {
			for (Path f : list.filter(p -> p.toString().endsWith(".tif")).toList()) {
				String name = f.getFileName().toString().replace(".tif", "");
				TiltSeries s = Binning.bin(TiffSeries.readTiltSeries(f), b);
				if (!name.equals("HAADF"))
					for (int i = 0; i < s.data().length; i++)
						s.data()[i] = Math.round(s.data()[i] * b * b);
				TiffSeries.writeTiltSeries(s, out.resolve(name + ".tif"), files);
			}
		}
		Map<String, Volume> truth = TiffSeries.readElementVolumes(in.resolve("truth")), binned = new LinkedHashMap<>();
		truth.forEach((el, v) -> {
			int n = v.geometry().width() / b;
			Volume o = new Volume(VolumeGeometry.cube(n), new Calibration(v.calibration().pixelSize() * b, v.calibration().unit()));
			for (int z = 0; z < n * b; z++)
				for (int y = 0; y < n * b; y++)
					for (int x = 0; x < n * b; x++)
						o.data()[o.index(x / b, y / b, z / b)] += v.data()[v.index(x, y, z)] / (float) (b * b * b);
			binned.put(el, o);
		});
		TiffSeries.writeElementVolumes(binned, out.resolve("truth"), files);
	}
}
