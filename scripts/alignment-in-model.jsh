// The picture of docs/alignment-in-model.png (docs/real-data.md, "The alignment inside the forward model"): the
// central XZ slice (the plane of the tilt; the axis is y) of each element of fused reconstructions of one simulated
// drifted series along the routes of the README line on `reconstruct --alignment`, one column per run folder, one row
// per element, each column headed by its name and its mean NRMSE against the truth (Nrmse.of, as `reconstruct
// --truth` writes it in report.json; printed per element too). The first column is the truth itself. Run from the
// repository root after building (./fusedtomo --help), with the run folders of the commands in docs/real-data.md
// (RUNS: NAME=FOLDER of <El>.tif volumes, comma-separated, in column order):
//   TRUTH=S/truth RUNS="undrifted=r1,resampled=t2,in the model=t3" OUT=docs/alignment-in-model.png \
//   jshell --class-path "$(ls target/Fused_Tomography-*.jar | grep -v -e sources -e tests):$(ls target/lib/*.jar | tr '\n' :)" scripts/alignment-in-model.jsh
import java.nio.file.*;
import java.util.*;
import org.fusedtomo.io.*;
import org.fusedtomo.data.*;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.report.*;
Path truthDir = Path.of(System.getenv("TRUTH"));
// SLICE=xy shows the central XY plane instead (the default xz: the plane of the tilt).
boolean xy = "xy".equals(System.getenv("SLICE"));
float[] slice(CentralSlices s) { return xy ? s.xy() : s.xz(); }
var runs = new LinkedHashMap<String, Path>();
for (String run : System.getenv("RUNS").split(",")) { String[] kv = run.split("=", 2); runs.put(kv[0], Path.of(kv[1])); }
// The elements: the truth folder's <El>.tif volumes but HAADF, in name order.
var elements = new ArrayList<String>();
try (var files = Files.list(truthDir)) { files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tif") && !n.equals("HAADF.tif")).sorted().forEach(n -> elements.add(n.substring(0, n.length() - 4))); }
var headers = new ArrayList<String>(List.of("truth"));
var rows = new LinkedHashMap<String, List<float[]>>();
int w = 0, d = 0;
for (String el : elements) {
	Volume t = TiffSeries.readVolume(truthDir.resolve(el + ".tif"));
	w = t.width(); d = xy ? t.height() : t.depth();
	rows.put(el, new ArrayList<>(List.of(slice(Orthoslices.central(t)))));
}
for (var run : runs.entrySet()) {
	double sum = 0;
	StringBuilder line = new StringBuilder(run.getKey() + ":");
	for (String el : elements) {
		Volume v = TiffSeries.readVolume(run.getValue().resolve(el + ".tif"));
		double e = Nrmse.of(v, TiffSeries.readVolume(truthDir.resolve(el + ".tif")));
		sum += e;
		line.append(String.format(" %s %.4f", el, e));
		rows.get(el).add(slice(Orthoslices.central(v)));
	}
	double mean = sum / elements.size();
	System.out.println(line + String.format(" mean %.4f", mean));
	headers.add(String.format("%s %.3f", run.getKey(), mean));
}
var picture = MapComparison.montage("alignment in the model", headers, rows, w, d);
Path out = Path.of(System.getenv("OUT"));
try (var stream = Files.newOutputStream(out)) { javax.imageio.ImageIO.write(picture.getBufferedImage(), "png", stream); }
System.out.println("Wrote " + out);
/exit
