// Held-out HAADF projections scored in the raw frame (helper shift6, docs/fused-study.md, "The alignment inside the forward
// model"): the tilts i = every/2, every/2 + every, ... are held out; SIRT (ConventionalParameters.DEFAULT, 50 iterations)
// reconstructs the rest (1) from the series as align moved them (ALIGNED, bilinear) and (2) from the raw series (RAW, align
// --alignment identity.json: the same preprocessing, unmoved) with ALIGNMENT in the forward model (align.ModelAlignment).
// Both volumes are scored (NRMSE over measured pixels) against the same targets: the raw held-out projections, each
// prediction moved into the raw frame by the model (pixels the aligned frame does not cover not scored), and, for
// information, the aligned held-out projections with the plain projector.
//   java -cp "target/classes:target/lib/*" scripts/HeldOutHaadfFrames.java RAW/HAADF.tif ALIGNED/HAADF.tif ALIGNED/alignment.json 3
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.fusedtomo.align.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.*;

public class HeldOutHaadfFrames {
	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		TiltSeries raw = TiffSeries.readTiltSeries(Path.of(a[0])), aligned = TiffSeries.readTiltSeries(Path.of(a[1]));
		Alignment al = AlignmentJson.load(Path.of(a[2]));
		int every = Integer.parseInt(a[3]), n = raw.angleCount();
		int[] held = IntStream.range(0, n).filter(i -> i % every == every / 2).toArray(), kept = IntStream.range(0, n).filter(i -> i % every != every / 2).toArray();
		TiltSeries rawMarked = ModelAlignment.markUncovered(al, raw);
		ProjectorFactory inModel = ModelAlignment.factory(al, ProjectorFactory.TOMOGRAPHY);
		VolumeGeometry vg = VolumeGeometry.ofDepthOrWidth(raw.geometry(), 0);
		TiltSeries rawHeld = rawMarked.subset(held), alignedHeld = aligned.subset(held);
		for (String path : new String[] { "bilinear (aligned data)", "in the model (raw data)" }) {
			boolean model = path.startsWith("in");
			TiltSeries train = (model ? rawMarked : aligned).subset(kept);
			Volume v = ConventionalMethod.SIRT.run((model ? inModel : ProjectorFactory.TOMOGRAPHY).create(vg, train.geometry(), par), train, ConventionalParameters.DEFAULT, par,
				Monitor.NONE).volume();
			double rawScore = Nrmse.ofMeasured(inModel.create(vg, rawHeld.geometry(), par).forward(v).data(), rawHeld.data());
			double alignedScore = Nrmse.ofMeasured(ProjectorFactory.TOMOGRAPHY.create(vg, alignedHeld.geometry(), par).forward(v).data(), alignedHeld.data());
			System.out.printf("SIRT from %-26s held-out %d tilts: raw-frame targets %.4f, aligned targets %.4f%n", path, held.length, rawScore, alignedScore);
		}
	}
}
