// The cost of applying an alignment (docs/fused-study.md, "The cost of applying an alignment", helper shift5). An unbiased
// drift: the 64³ phantom is upsampled 4× (each voxel a 4×4×4 block, the same object), projected on the 256² detector,
// moved by whole fine pixels (the drift rounded to ¼ px) and summed 4×4, so the drifted data hold no interpolation;
// Poisson noise after (HAADF 10⁴ electrons at the brightest pixel, chemical maps COUNTS per object pixel, as Simulator).
// The true (rounded) drift is then undone as align writes it (Alignment.apply, ShiftInterpolation.MISSING) with each
// KERNEL of -Dfusedtomo.shiftKernel (bilinear is the product; keys, bspline, fourier the prototype ShiftKernels of
// scripts/patches/shift5-shift-kernels.patch, which they need: git apply, rebuild; without it every kernel is bilinear), and
// "none" is the undrifted data (the bound an exact shift in the forward model would reach). METHODS: fused
// (FusedParameters.DEFAULT), sirt, em (ConventionalMethod, ConventionalParameters.DEFAULT, each chemical map alone).
// KERNEL "model" (helper shift6) keeps the drifted counts and puts the true drift in the forward model instead
// (projector.AlignedProjector, bilinear weights on the model; uncovered raw pixels not measured, ModelAlignment.markUncovered);
// "rays" the same with the x shift inside the Joseph kernel (AlignedProjector.withRayOffsets: what ModelAlignment.factory
// makes for an alignment without axis rotation). -Dalign.rotation=DEG turns the axis too (see ROTATION).
// A KERNEL "H/C" applies H to the HAADF and C to the chemical maps. Prints each element's NRMSE against the 64³ truth and their mean, and (noiseless) the RMS of aligned − undrifted maps.
//   java -Xmx8g --add-modules jdk.incubator.vector -cp "target/classes:$CP" scripts/AlignCost.java core-shell 1 10,80 none,bilinear,keys fused,sirt,em
import java.util.*;
import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.ModelAlignment;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.*;
import org.fusedtomo.recon.fused.*;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

public class AlignCost {
	static final int F = 4, N = 64;
	/** -Dalign.rotation=DEG: the drift also turns the axis by DEG (the fine projections turned by bilinear at 4x). */
	static final double ROTATION = Double.parseDouble(System.getProperty("align.rotation", "0"));

	static Volume upsample(Volume v) {
		Volume out = Volume.zeros(VolumeGeometry.cube(N * F));
		float[] o = out.data();
		int n = N * F;
		for (int z = 0; z < n; z++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					o[(z * n + y) * n + x] = v.get(x / F, y / F, z / F);
		return out;
	}

	/** The fine series moved by whole fine pixels (content by +round(F d)/F coarse px) and summed F×F into a copy of template's geometry. */
	static TiltSeries bin(TiltSeries fine, TiltSeries template, double[] dx, double[] dy) {
		if (ROTATION != 0 && dx != null) {
			// NB: a turned axis cannot move by whole pixels: the fine series is turned and shifted by whole fine pixels in one bilinear pass (Alignment.applyInverse), then binned.
			double[] fx = new double[dx.length], fy = new double[dy.length];
			for (int i = 0; i < fx.length; i++) {
				fx[i] = Math.rint(F * dx[i]);
				fy[i] = Math.rint(F * dy[i]);
			}
			return bin(new Alignment(fine.anglesDeg(), fx, fy, ROTATION, 0, List.of()).applyInverse(fine), template, null, null);
		}
		TiltSeries out = template.zerosLike();
		int fw = fine.width(), fh = fine.height(), w = out.width();
		float[] fd = fine.data(), od = out.data();
		for (int a = 0; a < fine.angleCount(); a++) {
			int kx = dx == null ? 0 : (int) Math.rint(F * dx[a]), ky = dy == null ? 0 : (int) Math.rint(F * dy[a]);
			int fo = fine.projectionOffset(a), oo = out.projectionOffset(a);
			for (int y = 0; y < fh; y++) {
				int sy = y - ky;
				if (sy < 0 || sy >= fh)
					continue;
				for (int x = 0; x < fw; x++) {
					int sx = x - kx;
					if (sx >= 0 && sx < fw)
						od[oo + (y / F) * w + x / F] += fd[fo + sy * fw + sx];
				}
			}
		}
		return out;
	}

	static double[] quarter(double[] d) {
		double[] q = new double[d.length];
		for (int i = 0; i < d.length; i++)
			q[i] = Math.rint(F * d[i]) / F;
		return q;
	}

	static TiltSeries scaled(TiltSeries s, double f) {
		TiltSeries c = s.zerosLike();
		float[] d = s.data(), o = c.data();
		for (int i = 0; i < d.length; i++)
			o[i] = (float) (d[i] * f);
		return c;
	}

	static double rmsDiff(TiltSeries a, TiltSeries b) {
		double e = 0, n = 0;
		float[] x = a.data(), y = b.data();
		for (int i = 0; i < x.length; i++)
			if (!Float.isNaN(x[i])) {
				e += (x[i] - y[i]) * (x[i] - y[i]);
				n += y[i] * y[i];
			}
		return Math.sqrt(e / n);
	}

	public static void main(String[] a) {
		Parallelism par = new Parallelism(2);
		List<String> kernels = List.of(a[3].split(",")), methods = List.of(a[4].split(","));
		double rms = 2;
		for (String ph : a[0].split(","))
			for (String sd : a[1].split(",")) {
				long seed = Long.parseLong(sd);
				Phantom truth = Phantoms.create(ph, VolumeGeometry.cube(N), seed);
				Map<String, Volume> fineD = new LinkedHashMap<>();
				truth.densities().forEach((el, v) -> fineD.put(el, upsample(v)));
				SimulationParameters p0 = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withSeed(seed);
				SimulationParameters clean = new SimulationParameters(p0.haadfAnglesDeg(), p0.chemAnglesDeg(), p0.countsPerPixel(), p0.haadfDose(), p0.gamma(), 0, seed,
					false);
				long t0 = System.nanoTime();
				SimulatedData fine = new Simulator(par).simulate(new Phantom(ph, fineD), clean);
				fineD.clear();
				SimulatedData coarse = new Simulator(par).simulate(truth, clean);
				System.out.printf("# %s seed %d: fine projections in %.0f s%n", ph, seed, (System.nanoTime() - t0) / 1e9);
				// Drift as Simulator draws it (Gaussian RMS 2 px, clipped at 3 RMS), rounded to ¼ px; the chemical tilts take it
				// interpolated in angle, rounded again.
				SplittableRandom random = new SplittableRandom(seed * 7919 + 13);
				double[] hx = new double[p0.haadfAnglesDeg().length], hy = new double[hx.length];
				for (int i = 0; i < hx.length; i++) {
					hx[i] = gauss(random, rms);
					hy[i] = gauss(random, rms);
				}
				Alignment hd = new Alignment(p0.haadfAnglesDeg(), quarter(hx), quarter(hy), ROTATION, 0, List.of("drift"));
				Alignment cd0 = hd.atAngles(p0.chemAnglesDeg());
				Alignment cd = new Alignment(p0.chemAnglesDeg(), quarter(cd0.dx()), quarter(cd0.dy()), ROTATION, 0, List.of("drift"));
				TiltSeries h0 = bin(fine.haadf(), coarse.haadf(), null, null), h1 = bin(fine.haadf(), coarse.haadf(), hd.dx(), hd.dy());
				double hmax = FloatArrays.max(h0.data());
				h0 = scaled(h0, 1 / hmax);
				h1 = scaled(h1, 1 / hmax);
				Map<String, TiltSeries> c0 = new LinkedHashMap<>(), c1 = new LinkedHashMap<>();
				for (String el : truth.elements()) {
					TiltSeries u = bin(fine.chemical().get(el), coarse.chemical().get(el), null, null), d = bin(fine.chemical().get(el), coarse.chemical().get(el), cd.dx(),
						cd.dy());
					float[] v = u.data();
					double thr = Simulator.OBJECT_THRESHOLD * FloatArrays.max(v), sum = 0;
					long n = 0;
					for (float x : v)
						if (x > thr) {
							sum += x;
							n++;
						}
					double s = n == 0 ? 0 : n / sum;
					c0.put(el, scaled(u, s));
					c1.put(el, scaled(d, s));
				}
				for (String k : kernels)
					if (!k.equals("none") && !k.equals("model") && !k.equals("rays") && !k.contains("/")) {
						System.setProperty("fusedtomo.shiftKernel", k);
						StringBuilder sb = new StringBuilder(String.format("# noiseless %s: aligned vs undrifted RMS HAADF %.4f", k, rmsDiff(hd.apply(h1, ShiftInterpolation.MISSING), h0)));
						c1.forEach((el, s) -> sb.append(String.format(" %s %.4f", el, rmsDiff(cd.apply(s, ShiftInterpolation.MISSING), c0.get(el)))));
						System.out.println(sb);
					}
				for (String c : a[2].split(",")) {
					double counts = Double.parseDouble(c);
					Map<String, Map<String, TiltSeries>> noisy = new LinkedHashMap<>();
					Map<String, TiltSeries> n0 = new LinkedHashMap<>(), n1 = new LinkedHashMap<>();
					n0.put("HAADF", noise(h0, seed, "haadf", p0.haadfDose()));
					n1.put("HAADF", noise(h1, seed, "haadf", p0.haadfDose()));
					for (String el : truth.elements()) {
						n0.put(el, noise(scaled(c0.get(el), counts), seed, "chem:" + el, 1));
						n1.put(el, noise(scaled(c1.get(el), counts), seed, "chem:" + el, 1));
					}
					for (String k : kernels) {
						Map<String, TiltSeries> data = new LinkedHashMap<>();
						// NB: "model" keeps the drifted counts as they are and moves the model (ModelAlignment, AlignedProjector).
						boolean model = k.equals("model") || k.equals("rays");
						// NB: "rays" moves x inside the Joseph kernel (AlignedProjector.withRayOffsets), y (and a turn) by the warp.
						ProjectorFactory factory = k.equals("rays") ? (v, t, pp) -> {
							Alignment al = hd.matches(t) ? hd : cd.matches(t) ? cd : hd.atAngles(t.anglesDeg());
							return org.fusedtomo.projector.AlignedProjector.withRayOffsets(v, t, pp, al.axisRotationDeg(), al.dx(), al.dy());
						} : model ? (v, t, pp) -> {
							Alignment al = hd.matches(t) ? hd : cd.matches(t) ? cd : hd.atAngles(t.anglesDeg());
							return new org.fusedtomo.projector.AlignedProjector(ProjectorFactory.TOMOGRAPHY.create(v, t, pp), al.axisRotationDeg(), al.dx(), al.dy());
						} : ProjectorFactory.TOMOGRAPHY;
						if (k.equals("none"))
							data.putAll(n0);
						else if (model)
							n1.forEach((name, s) -> {
								Alignment al = name.equals("HAADF") ? hd : cd;
								data.put(name, k.equals("rays") ? org.fusedtomo.projector.AlignedProjector.markUncoveredByRays(s, al.axisRotationDeg(), al.dx(), al.dy())
									: ModelAlignment.markUncovered(al, s));
							});
						else {
							// NB: "H/C" applies kernel H to the HAADF and C to the chemical maps (which of the two the kernel matters for).
							String[] hc = k.contains("/") ? k.split("/") : new String[] { k, k };
							n1.forEach((name, s) -> {
								System.setProperty("fusedtomo.shiftKernel", name.equals("HAADF") ? hc[0] : hc[1]);
								data.put(name, (name.equals("HAADF") ? hd : cd).apply(s, ShiftInterpolation.MISSING));
							});
						}
						System.setProperty("fusedtomo.shiftKernel", "bilinear");
						for (String m : methods) {
							long t1 = System.nanoTime();
							Map<String, Volume> out = new LinkedHashMap<>();
							if (m.equals("fused")) {
								Map<String, TiltSeries> chem = new LinkedHashMap<>(data);
								TiltSeries haadf = chem.remove("HAADF");
								FusedResult r = new FusedMethod(FusedParameters.DEFAULT.withThreads(2)).reconstruct(new MultiModalSeries(haadf, chem), VolumeGeometry.cube(N), factory,
									par, Monitor.NONE);
								out.putAll(r.volumes());
							}
							else {
								ConventionalMethod cm = ConventionalMethod.parse(m);
								for (String el : truth.elements()) {
									TiltSeries s = data.get(el);
									out.put(el, cm.run(factory.create(VolumeGeometry.cube(N), s.geometry(), par), s, ConventionalParameters.DEFAULT, par, Monitor.NONE).volume());
								}
							}
							StringBuilder sb = new StringBuilder(String.format("%s seed %d counts %s %-8s %-6s", ph, seed, c, k, m));
							double total = 0;
							for (String el : truth.elements()) {
								double err = Nrmse.of(out.get(el), truth.density(el));
								total += err / truth.elements().size();
								sb.append(String.format(" %s %.4f", el, err));
							}
							System.out.println(sb.append(String.format("; mean %.4f (%.0f s)", total, (System.nanoTime() - t1) / 1e9)));
						}
					}
				}
			}
	}

	static TiltSeries noise(TiltSeries s, long seed, String stream, double dose) {
		TiltSeries c = scaled(s, 1);
		new Poisson(new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stream.hashCode() + 1L))).nextLong()).apply(c.data(), dose);
		if (dose != 1) {
			float[] d = c.data();
			for (int i = 0; i < d.length; i++)
				d[i] /= dose;
		}
		return c;
	}

	static double gauss(SplittableRandom random, double rms) {
		double u = 1 - random.nextDouble(), v = random.nextDouble();
		return rms * Math.max(-3, Math.min(3, Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
	}
}
