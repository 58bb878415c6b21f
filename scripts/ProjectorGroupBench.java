// Measures whether a ray group of six SIMD vectors pays (issue 16, item 6; docs/benchmarks.md, "The chemical maps'
// projections in one pass"): a stack of three SIZE³ volumes along y (SIZE x 3·SIZE x SIZE voxels, the bench's 9 chemical
// tilts -60:60:15) projected with blocks of 2 vectors (the default: the work of three separate calls of one volume)
// against blocks of 6 vectors traced as one group (each ray's position and weights computed once for 6 vectors, as a
// three-volume pass would). Prints whether the two give the same floats, and the process CPU time per call, paired and
// alternating in one JVM. MODE 0: forward and back, 1: forward, 2: back. Arguments: SIZE ROUNDS CALLS MODE.
// Run from the repository root after building:
//   java --add-modules jdk.incubator.vector -cp "target/classes:$(ls target/lib/*.jar | tr '\n' :)" scripts/ProjectorGroupBench.java 128 16 20 0
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.*;

public class ProjectorGroupBench {
	public static void main(String[] a) throws Exception {
		int mode = Integer.parseInt(a[3]); int n = Integer.parseInt(a[0]), rounds = Integer.parseInt(a[1]), calls = Integer.parseInt(a[2]);
		double[] angles = TiltGeometry.range(-60, 60, 15);
		VolumeGeometry vg = new VolumeGeometry(n, 3 * n, n);
		TiltGeometry tg = new TiltGeometry(n, 3 * n, angles);
		Parallelism par = new Parallelism(2);
		Projector p2 = Projectors.simd(vg, tg, par, 2), p6 = Projectors.simd(vg, tg, par, 6);
		Volume x = Volume.zeros(vg); TiltSeries y = TiltSeries.zeros(tg);
		SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < x.data().length; i++) x.data()[i] = (float) r.nextDouble();
		TiltSeries y2 = p2.forward(x), y6 = p6.forward(x);
		System.out.println("forward equal: " + java.util.Arrays.equals(y2.data(), y6.data()));
		System.out.println("back equal: " + java.util.Arrays.equals(p2.back(y2).data(), p6.back(y2).data()));
		Volume xb = Volume.zeros(vg);
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		for (int w = 0; w < 3; w++) for (Projector p : new Projector[] { p2, p6 }) for (int c = 0; c < calls; c++) { p.forward(x, y); p.back(y, xb); }
		double[][] cpu = new double[2][rounds], wall = new double[2][rounds];
		for (int k = 0; k < rounds; k++)
			for (int o = 0; o < 2; o++) {
				int which = (k % 2 == 0) ? o : 1 - o;
				Projector p = which == 0 ? p2 : p6;
				long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
				for (int c = 0; c < calls; c++) { if (mode != 2) p.forward(x, y); if (mode != 1) p.back(y, xb); }
				cpu[which][k] = (os.getProcessCpuTime() - c0) * 1e-9 / calls; wall[which][k] = (System.nanoTime() - t0) * 1e-9 / calls;
			}
		for (int w = 0; w < 2; w++) {
			double[] c = cpu[w].clone(), t = wall[w].clone(); java.util.Arrays.sort(c); java.util.Arrays.sort(t);
			System.out.printf("%s: cpu per call median %.4f s (min %.4f max %.4f), wall median %.4f%n", w == 0 ? "2 vectors (3 separate)" : "6 vectors (one group)", c[rounds / 2], c[0], c[rounds - 1], t[rounds / 2]);
		}
		double s = 0; int cnt = 0;
		for (int k = 0; k < rounds; k++) { s += cpu[1][k] / cpu[0][k]; cnt++; }
		System.out.printf("mean paired ratio 6/2 = %.3f%n", s / cnt);
	}
}
