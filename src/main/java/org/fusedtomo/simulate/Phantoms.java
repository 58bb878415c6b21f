package org.fusedtomo.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * Named multi-element phantoms (DESIGN §6), seeded and deterministic: the same name, geometry and seed
 * give bit-identical volumes. Any size of at least {@value #MIN_SIZE} voxels per axis, cubic or not.
 * <p>
 * Values are atomic fractions: a voxel fully inside CoO holds 0.5 Co and 0.5 O. Edges are anti-aliased
 * by the exact fraction of each voxel an object covers ({@link Ellipsoid}), so projections do not alias.
 * Every object lies inside the <em>support</em>: the cylinder of radius {@link #supportRadius} around
 * the tilt axis (y), away from both y ends by {@link #yMargin}, so no tilt truncates it.
 * <p>
 * Cost: about one evaluation per voxel of each object's bounding box, plus 64 per edge voxel (soft
 * blob edges are thick, so "blobs" costs most); a 256³ phantom takes 0.2–1.5 s on one core.
 */
public final class Phantoms {

	/** CoO cores (Co, O) in Mn3O4 shells (Mn, O): a few spherical particles, cores off-centre. */
	public static final String CORE_SHELL = "core-shell";
	/** Au particles half-wetting a flattened TiO2 grain (Au, Ti, O). */
	public static final String AU_ON_SUPPORT = "au-on-support";
	/** Soft-edged random ellipsoids of Al, Fe and Ag (Z = 13, 26, 47) that may overlap and mix. */
	public static final String BLOBS = "blobs";

	/**
	 * Particles of many sizes with mixed and layered elements (Pt, Ni, O): alloys, graded alloys, onions
	 * and oxides. Written after the fused defaults were chosen, to check them on shapes they never saw.
	 */
	public static final String LAYERED_PARTICLES = "layered-particles";

	/**
	 * A hollow Fe shell with an Au cap on one side, a thin Si rod passing by it and small Au satellites.
	 * Built after the fused defaults were chosen, from issue 16's description of a new user's phantom,
	 * to measure the defaults on a family no setting was chosen on.
	 */
	public static final String SHELL_CAP_ROD = "shell-cap-rod";

	/** Smallest size per axis, so that the smallest particle still spans a few voxels. */
	public static final int MIN_SIZE = 16;

	/** Support radius as a fraction of min(width, depth). */
	public static final double SUPPORT_RADIUS_FRACTION = 0.4;

	/** Distance kept from each y end as a fraction of the height. */
	public static final double Y_MARGIN_FRACTION = 0.1;

	/** Attempts to place one object before giving up on it. */
	private static final int PLACEMENT_TRIES = 500;

	/** Clearance in voxels between an object's surface and the support boundary or another object. */
	private static final double CLEARANCE = 1;

	private Phantoms() {}

	/** The names {@link #create} accepts, comma-separated: a constant, so that the shells' help texts can name them. */
	public static final String NAMES = CORE_SHELL + ", " + AU_ON_SUPPORT + ", " + BLOBS + ", " + LAYERED_PARTICLES + ", " + SHELL_CAP_ROD;

	/** The names {@link #create} accepts, in a stable order. */
	public static List<String> names() {
		return List.of(NAMES.split(", "));
	}

	/**
	 * The phantom called {@code name} (one of {@link #names()}).
	 *
	 * @throws IllegalArgumentException for an unknown name or a size below {@value #MIN_SIZE}
	 */
	public static Phantom create(String name, VolumeGeometry geometry, long seed) {
		return switch (name) {
			case CORE_SHELL -> coreShell(geometry, seed);
			case AU_ON_SUPPORT -> auOnSupport(geometry, seed);
			case BLOBS -> blobs(geometry, seed);
			case LAYERED_PARTICLES -> layeredParticles(geometry, seed);
			case SHELL_CAP_ROD -> shellCapRod(geometry, seed);
			default -> throw new IllegalArgumentException("Unknown phantom '" + name + "'; use one of " + names());
		};
	}

	/** Radius in voxels of the support cylinder around the tilt axis. */
	public static double supportRadius(VolumeGeometry g) {
		return SUPPORT_RADIUS_FRACTION * Math.min(g.width(), g.depth());
	}

	/** Distance in voxels kept from each y end. */
	public static double yMargin(VolumeGeometry g) {
		return Y_MARGIN_FRACTION * g.height();
	}

	/** Whether the centre of voxel (x, y, z) lies in the support (where phantoms may be non-zero). */
	public static boolean insideSupport(VolumeGeometry g, int x, int y, int z) {
		double dx = x - (g.width() - 1) / 2.0, dz = z - (g.depth() - 1) / 2.0;
		double m = yMargin(g);
		return Math.hypot(dx, dz) <= supportRadius(g) && y >= m && y <= g.height() - 1 - m;
	}

	/**
	 * Core-shell particles (elements Co, Mn, O). Up to four particles of outer radius 0.09–0.14 of the
	 * smallest side; each has a CoO core (0.45–0.7 of the radius, off-centre) in a Mn3O4 shell.
	 */
	public static Phantom coreShell(VolumeGeometry g, long seed) {
		checkSize(CORE_SHELL, g);
		SplittableRandom random = new SplittableRandom(seed);
		Volume co = Volume.zeros(g), mn = Volume.zeros(g), o = Volume.zeros(g);
		Placer placer = new Placer(g);
		double l = minSide(g);
		for (int p = 0; p < 4; p++) {
			double rOuter = Math.max(2.5, l * uniform(random, 0.09, 0.14));
			double[] c = placer.place(random, rOuter);
			if (c == null)
				continue;
			double rCore = rOuter * uniform(random, 0.45, 0.7);
			double[] offset = randomDirection(random);
			double shift = Math.max(0, rOuter - rCore - CLEARANCE) * uniform(random, 0, 0.6);
			Ellipsoid.Patch outer = Ellipsoid.sphere(c[0], c[1], c[2], rOuter).render(g);
			Ellipsoid.Patch core = Ellipsoid.sphere(c[0] + shift * offset[0], c[1] + shift * offset[1], c[2] + shift * offset[2], rCore).render(g);
			forEachVoxel(outer, (x, y, z, s) -> {
				float k = core.at(x, y, z), shell = Math.max(0, s - k);
				int i = co.index(x, y, z);
				// NB: particles do not overlap, so the sums stay within stoichiometry.
				co.data()[i] += 0.5f * k;
				o.data()[i] += 0.5f * k + (4f / 7) * shell;
				mn.data()[i] += (3f / 7) * shell;
			});
		}
		return phantom(CORE_SHELL, new String[] { "Co", "Mn", "O" }, co, mn, o);
	}

	/**
	 * Au particles on a TiO2 support (elements Au, Ti, O). The support is a flattened ellipsoidal grain
	 * tilted about y; up to six Au spheres (0.035–0.06 of the smallest side) sit on its surface, a third
	 * of their radius sunk in, replacing the oxide where they overlap it.
	 */
	public static Phantom auOnSupport(VolumeGeometry g, long seed) {
		checkSize(AU_ON_SUPPORT, g);
		SplittableRandom random = new SplittableRandom(seed);
		double lxz = Math.min(g.width(), g.depth());
		double[] centre = { (g.width() - 1) / 2.0, (g.height() - 1) / 2.0, (g.depth() - 1) / 2.0 };
		double[] axes = { lxz * uniform(random, 0.23, 0.26), g.height() * uniform(random, 0.25, 0.28), lxz * uniform(random, 0.11, 0.14) };
		double[] rotation = Ellipsoid.rotationAboutY(Math.toRadians(uniform(random, -35, 35)));
		Ellipsoid grain = new Ellipsoid(centre, axes, rotation, 0);
		Placer placer = new Placer(g);
		Volume au = Volume.zeros(g), ti = Volume.zeros(g), o = Volume.zeros(g);
		float[] gold = au.data();
		double l = minSide(g);
		for (int p = 0; p < 6; p++) {
			double r = Math.max(1.5, l * uniform(random, 0.035, 0.06));
			for (int t = 0; t < PLACEMENT_TRIES; t++) {
				double[] c = onSurface(grain, randomDirection(random), r * 2 / 3);
				if (placer.fits(c, r)) {
					placer.occupied.add(new double[] { c[0], c[1], c[2], r });
					forEachVoxel(Ellipsoid.sphere(c[0], c[1], c[2], r).render(g), (x, y, z, v) -> {
						int i = au.index(x, y, z);
						gold[i] = Math.min(1, gold[i] + v);
					});
					break;
				}
			}
		}
		forEachVoxel(grain.render(g), (x, y, z, s) -> {
			int i = au.index(x, y, z);
			float oxide = s * (1 - gold[i]);
			ti.data()[i] = oxide / 3;
			o.data()[i] = oxide * 2 / 3;
		});
		return phantom(AU_ON_SUPPORT, new String[] { "Au", "Ti", "O" }, au, ti, o);
	}

	/**
	 * A random mixture of soft-edged blobs of Al, Fe and Ag: four per element, semi-axes 0.07–0.13 of the
	 * smallest side, random orientation, edges tapering over half the radius. Each element takes the
	 * largest of its blobs; where the elements sum above 1 they are scaled to sum to 1 (a mixed region).
	 */
	public static Phantom blobs(VolumeGeometry g, long seed) {
		checkSize(BLOBS, g);
		SplittableRandom random = new SplittableRandom(seed);
		String[] symbols = { "Al", "Fe", "Ag" };
		Volume[] v = { Volume.zeros(g), Volume.zeros(g), Volume.zeros(g) };
		Placer placer = new Placer(g);
		double l = minSide(g);
		for (int b = 0; b < 12; b++) {
			double[] axes = new double[3];
			for (int i = 0; i < 3; i++)
				axes[i] = Math.max(2, l * uniform(random, 0.07, 0.13));
			double[] rotation = Ellipsoid.randomRotation(random);
			double extent = Math.max(axes[0], Math.max(axes[1], axes[2]));
			// NB: blobs may overlap: only the support is checked, so regions of mixed composition occur.
			double[] c = placer.placeInSupport(random, extent);
			if (c == null)
				continue;
			Volume target = v[b % 3];
			float[] t = target.data();
			forEachVoxel(new Ellipsoid(c, axes, rotation, 0.5).render(g), (x, y, z, s) -> {
				int i = target.index(x, y, z);
				t[i] = Math.max(t[i], s);
			});
		}
		float[] a = v[0].data(), f = v[1].data(), s = v[2].data();
		for (int i = 0; i < a.length; i++) {
			float sum = a[i] + f[i] + s[i];
			if (sum > 1) {
				a[i] /= sum;
				f[i] /= sum;
				s[i] /= sum;
			}
		}
		return phantom(BLOBS, symbols, v);
	}

	/**
	 * Up to eight spherical particles (elements Pt, Ni, O) of outer radius 0.035–0.15 of the smallest side,
	 * the kinds in turn from a random first one: a PtNi alloy of random composition (30–70 % Pt); a graded alloy whose Pt
	 * fraction runs from 10 % to 90 % across the particle along a random direction (mixing without an edge);
	 * an onion of a Pt core, a Ni shell and an outer NiO layer (each a third of the radius); or a NiO
	 * particle with a Pt core off-centre.
	 */
	public static Phantom layeredParticles(VolumeGeometry g, long seed) {
		checkSize(LAYERED_PARTICLES, g);
		SplittableRandom random = new SplittableRandom(seed);
		Volume pt = Volume.zeros(g), ni = Volume.zeros(g), o = Volume.zeros(g);
		float[] ptd = pt.data(), nid = ni.data(), od = o.data();
		Placer placer = new Placer(g);
		double l = minSide(g);
		// NB: kinds in turn from a random first one, so every kind (and O) occurs once four particles fit.
		int firstKind = random.nextInt(4);
		for (int p = 0; p < 8; p++) {
			double r = Math.max(1.5, l * uniform(random, 0.035, 0.15));
			double[] c = placer.place(random, r);
			if (c == null)
				continue;
			Ellipsoid.Patch outer = Ellipsoid.sphere(c[0], c[1], c[2], r).render(g);
			switch ((firstKind + p) % 4) {
				case 0 -> {
					float fraction = (float) uniform(random, 0.3, 0.7);
					forEachVoxel(outer, (x, y, z, s) -> {
						int i = pt.index(x, y, z);
						ptd[i] += fraction * s;
						nid[i] += (1 - fraction) * s;
					});
				}
				case 1 -> {
					double[] u = randomDirection(random);
					forEachVoxel(outer, (x, y, z, s) -> {
						double along = ((x - c[0]) * u[0] + (y - c[1]) * u[1] + (z - c[2]) * u[2]) / r;
						float fraction = (float) (0.5 + 0.4 * Math.max(-1, Math.min(1, along)));
						int i = pt.index(x, y, z);
						ptd[i] += fraction * s;
						nid[i] += (1 - fraction) * s;
					});
				}
				case 2 -> {
					Ellipsoid.Patch core = Ellipsoid.sphere(c[0], c[1], c[2], r / 3).render(g);
					Ellipsoid.Patch middle = Ellipsoid.sphere(c[0], c[1], c[2], 2 * r / 3).render(g);
					forEachVoxel(outer, (x, y, z, s) -> {
						float k = core.at(x, y, z), m = Math.max(0, middle.at(x, y, z) - k), shell = Math.max(0, s - k - m);
						int i = pt.index(x, y, z);
						ptd[i] += k;
						nid[i] += m + 0.5f * shell;
						od[i] += 0.5f * shell;
					});
				}
				default -> {
					double rCore = r * uniform(random, 0.3, 0.5);
					double[] u = randomDirection(random);
					double shift = Math.max(0, r - rCore - CLEARANCE) * uniform(random, 0, 0.7);
					Ellipsoid.Patch core = Ellipsoid.sphere(c[0] + shift * u[0], c[1] + shift * u[1], c[2] + shift * u[2], rCore).render(g);
					forEachVoxel(outer, (x, y, z, s) -> {
						float k = core.at(x, y, z), oxide = Math.max(0, s - k);
						int i = pt.index(x, y, z);
						ptd[i] += k;
						nid[i] += 0.5f * oxide;
						od[i] += 0.5f * oxide;
					});
				}
			}
		}
		return phantom(LAYERED_PARTICLES, new String[] { "Pt", "Ni", "O" }, pt, ni, o);
	}

	/**
	 * A hollow Fe shell, an Au cap on it, a thin Si rod and Au satellites (elements Au, Fe, Si). The shell
	 * is a randomly turned ellipsoid (semi-axes 0.12–0.16 of the smallest side, ±15 % each) with a wall of
	 * 0.04–0.06 and nothing inside; the cap, 0.03–0.05 thick, covers the outer surface within 35–55° of a
	 * random direction. The rod (radius 0.018–0.022, half-length 0.2–0.3, shortened until it fits the
	 * support) runs past the shell at a random angle, 0–0.03 from the cap's outer bound. Up to six Au
	 * satellites (radius 0.016–0.03) lie around them. Each object has a random fraction (0.6–1) of its element.
	 */
	public static Phantom shellCapRod(VolumeGeometry g, long seed) {
		checkSize(SHELL_CAP_ROD, g);
		SplittableRandom random = new SplittableRandom(seed);
		Volume au = Volume.zeros(g), fe = Volume.zeros(g), si = Volume.zeros(g);
		float[] aud = au.data(), fed = fe.data(), sid = si.data();
		Placer placer = new Placer(g);
		double l = minSide(g);
		double[] rotation = Ellipsoid.randomRotation(random);
		double r = Math.max(2, l * uniform(random, 0.12, 0.16));
		double[] axes = { r * uniform(random, 0.85, 1.15), r * uniform(random, 0.85, 1.15), r * uniform(random, 0.85, 1.15) };
		double wall = Math.max(0.75, l * uniform(random, 0.04, 0.06)), cap = Math.max(0.75, l * uniform(random, 0.03, 0.05));
		Ellipsoid outer = new Ellipsoid(new double[3], axes, rotation, 0);
		// NB: the bound the placer keeps clear: the shell's largest semi-axis plus the cap.
		double bound = outer.maxRadius() + cap;
		double[] c = placer.place(random, bound);
		// NB: never null: it is the first object, and bound + clearance <= 0.234 l + 1 stays below the support's 0.4 l for l >= 16.
		outer = new Ellipsoid(c, axes, rotation, 0);
		Ellipsoid inner = new Ellipsoid(c, new double[] { axes[0] - wall, axes[1] - wall, axes[2] - wall }, rotation, 0);
		Ellipsoid capOuter = new Ellipsoid(c, new double[] { axes[0] + cap, axes[1] + cap, axes[2] + cap }, rotation, 0);
		// The cap is the layer between the shell and capOuter inside a sphere centred on the shell's surface:
		// a chord of 2 R sin(θ/2) reaches the points θ away from that centre (R the mean semi-axis).
		double[] q = onSurface(outer, randomDirection(random), 0);
		double meanAxis = (axes[0] + axes[1] + axes[2]) / 3;
		Ellipsoid.Patch cutter = Ellipsoid.sphere(q[0], q[1], q[2], 2 * meanAxis * Math.sin(Math.toRadians(uniform(random, 35, 55)) / 2)).render(g);
		Ellipsoid.Patch shellIn = inner.render(g), shellOut = outer.render(g);
		float feFraction = (float) uniform(random, 0.6, 1), capFraction = (float) uniform(random, 0.6, 1);
		forEachVoxel(shellOut, (x, y, z, s) -> fed[fe.index(x, y, z)] = feFraction * Math.max(0, s - shellIn.at(x, y, z)));
		forEachVoxel(capOuter.render(g), (x, y, z, s) -> {
			float layer = Math.max(0, s - shellOut.at(x, y, z));
			aud[au.index(x, y, z)] = capFraction * Math.min(layer, cutter.at(x, y, z));
		});
		// The rod: its axis passes the shell's centre at distance bound + radius + gap along w, orthogonal to
		// its direction d, so it never enters the cap or the shell.
		double rodRadius = Math.max(0.75, l * uniform(random, 0.018, 0.022)), halfLength = Math.max(3, l * uniform(random, 0.2, 0.3));
		double gap = l * uniform(random, 0, 0.03);
		for (int t = 0; t < PLACEMENT_TRIES; t++) {
			double[] w = randomDirection(random), d = randomDirection(random);
			double dw = d[0] * w[0] + d[1] * w[1] + d[2] * w[2], dn = 0;
			for (int i = 0; i < 3; i++) {
				d[i] -= dw * w[i];
				dn += d[i] * d[i];
			}
			dn = Math.sqrt(dn);
			if (dn < 1e-3)
				continue;
			// Shortened step by step so that a rod fits wherever the shell sits.
			double half = halfLength * (1 - 0.6 * t / PLACEMENT_TRIES), shift = half * uniform(random, -0.5, 0.5);
			double[] m = new double[3], a = new double[3], b = new double[3];
			for (int i = 0; i < 3; i++) {
				d[i] /= dn;
				m[i] = c[i] + (bound + rodRadius + gap) * w[i] + shift * d[i];
				a[i] = m[i] - half * d[i];
				b[i] = m[i] + half * d[i];
			}
			// The support is convex, so a rod whose two ends fit it (radius and clearance included) fits it.
			if (!placer.inSupport(a, rodRadius) || !placer.inSupport(b, rodRadius))
				continue;
			float siFraction = (float) uniform(random, 0.6, 1);
			double[] rodRotation = rotationTo(d);
			forEachVoxel(new Ellipsoid(m, new double[] { half, rodRadius, rodRadius }, rodRotation, 0).render(g), (x, y, z, s) -> sid[si.index(x, y, z)] = siFraction * s);
			// The satellites keep clear of the rod: spheres of its radius along its axis stand for it.
			for (double u = -half; u <= half; u += rodRadius)
				placer.occupied.add(new double[] { m[0] + u * d[0], m[1] + u * d[1], m[2] + u * d[2], rodRadius });
			break;
		}
		for (int p = 0; p < 6; p++) {
			double rs = Math.max(1, l * uniform(random, 0.016, 0.03));
			double[] s = placer.place(random, rs);
			if (s == null)
				continue;
			float fraction = (float) uniform(random, 0.6, 1);
			forEachVoxel(Ellipsoid.sphere(s[0], s[1], s[2], rs).render(g), (x, y, z, v) -> aud[au.index(x, y, z)] = fraction * v);
		}
		return phantom(SHELL_CAP_ROD, new String[] { "Au", "Fe", "Si" }, au, fe, si);
	}

	private static Phantom phantom(String name, String[] symbols, Volume... volumes) {
		Map<String, Volume> m = new LinkedHashMap<>();
		for (int i = 0; i < symbols.length; i++) {
			float[] d = volumes[i].data();
			// NB: float sums of exact coverages may overshoot 1 by an ulp.
			for (int j = 0; j < d.length; j++)
				d[j] = Math.min(1f, Math.max(0f, d[j]));
			m.put(symbols[i], volumes[i]);
		}
		return new Phantom(name, m);
	}

	private static void checkSize(String name, VolumeGeometry g) {
		if (g.width() < MIN_SIZE || g.height() < MIN_SIZE || g.depth() < MIN_SIZE)
			throw new IllegalArgumentException("Phantom '" + name + "' needs at least " + MIN_SIZE + " voxels per axis, got " + g.width() + " x " + g.height() + " x " + g.depth());
	}

	private static double minSide(VolumeGeometry g) {
		return Math.min(g.width(), Math.min(g.height(), g.depth()));
	}

	private static double uniform(SplittableRandom random, double lo, double hi) {
		return lo + (hi - lo) * random.nextDouble();
	}

	private static double[] randomDirection(SplittableRandom random) {
		double z = 2 * random.nextDouble() - 1, phi = 2 * Math.PI * random.nextDouble(), r = Math.sqrt(1 - z * z);
		return new double[] { r * Math.cos(phi), r * Math.sin(phi), z };
	}

	/** A rotation (row-major, volume offsets to body axes) whose first body axis is the unit vector {@code d}. */
	private static double[] rotationTo(double[] d) {
		// A second axis: x (y when d is nearly along x) made orthogonal to d; the third their cross product.
		double[] e = Math.abs(d[0]) < 0.9 ? new double[] { 1, 0, 0 } : new double[] { 0, 1, 0 };
		double de = d[0] * e[0] + d[1] * e[1] + d[2] * e[2], n = 0;
		double[] u = new double[3];
		for (int i = 0; i < 3; i++) {
			u[i] = e[i] - de * d[i];
			n += u[i] * u[i];
		}
		n = Math.sqrt(n);
		for (int i = 0; i < 3; i++)
			u[i] /= n;
		double[] v = { d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0] };
		return new double[] { d[0], d[1], d[2], u[0], u[1], u[2], v[0], v[1], v[2] };
	}

	/**
	 * The centre of a sphere resting on the ellipsoid's surface in body direction {@code u}, pushed
	 * {@code lift} voxels out along the surface normal.
	 */
	private static double[] onSurface(Ellipsoid e, double[] u, double lift) {
		double[] a = e.semiAxes(), r = e.rotation(), c = e.centre();
		double k = 0;
		for (int j = 0; j < 3; j++)
			k += (u[j] / a[j]) * (u[j] / a[j]);
		double t = 1 / Math.sqrt(k);
		double[] q = new double[3], n = new double[3];
		double nn = 0;
		for (int j = 0; j < 3; j++) {
			q[j] = u[j] * t;
			n[j] = q[j] / (a[j] * a[j]);
			nn += n[j] * n[j];
		}
		nn = Math.sqrt(nn);
		double[] body = new double[3];
		for (int j = 0; j < 3; j++)
			body[j] = q[j] + lift * n[j] / nn;
		double[] p = new double[3];
		for (int i = 0; i < 3; i++)
			p[i] = c[i] + r[i] * body[0] + r[3 + i] * body[1] + r[6 + i] * body[2];
		return p;
	}

	@FunctionalInterface
	private interface VoxelBody {
		void accept(int x, int y, int z, float value);
	}

	/** Calls {@code body} for every voxel of the patch with a non-zero value. */
	private static void forEachVoxel(Ellipsoid.Patch p, VoxelBody body) {
		float[] v = p.values();
		int i = 0;
		for (int z = 0; z < p.nz(); z++)
			for (int y = 0; y < p.ny(); y++)
				for (int x = 0; x < p.nx(); x++, i++)
					if (v[i] != 0)
						body.accept(p.x0() + x, p.y0() + y, p.z0() + z, v[i]);
	}

	/** Rejection sampling of object centres inside the support, optionally without overlap. */
	private static final class Placer {

		final VolumeGeometry g;
		/** Placed objects as (x, y, z, radius). */
		final List<double[]> occupied = new ArrayList<>();

		Placer(VolumeGeometry g) {
			this.g = g;
		}

		/** A centre for a sphere of bounding radius {@code r} in the support, clear of the others, or null. */
		double[] place(SplittableRandom random, double r) {
			for (int t = 0; t < PLACEMENT_TRIES; t++) {
				double[] c = placeInSupport(random, r);
				if (c != null && fits(c, r)) {
					occupied.add(new double[] { c[0], c[1], c[2], r });
					return c;
				}
			}
			return null;
		}

		/** A uniform centre in the support for an object of bounding radius {@code r}, or null if none fits. */
		double[] placeInSupport(SplittableRandom random, double r) {
			double rad = supportRadius(g) - r - CLEARANCE;
			double yLo = yMargin(g) + r + CLEARANCE, yHi = g.height() - 1 - yMargin(g) - r - CLEARANCE;
			if (rad < 0 || yHi < yLo)
				return null;
			double rho = rad * Math.sqrt(random.nextDouble()), phi = 2 * Math.PI * random.nextDouble();
			return new double[] { (g.width() - 1) / 2.0 + rho * Math.cos(phi), uniform(random, yLo, yHi), (g.depth() - 1) / 2.0 + rho * Math.sin(phi) };
		}

		/** Whether a sphere of radius {@code r} at {@code c} is in the support and clear of placed objects. */
		boolean fits(double[] c, double r) {
			if (!inSupport(c, r))
				return false;
			for (double[] o : occupied)
				if (Math.hypot(Math.hypot(c[0] - o[0], c[1] - o[1]), c[2] - o[2]) < r + o[3] + 2 * CLEARANCE)
					return false;
			return true;
		}

		/** Whether a sphere of radius {@code r} at {@code c} is in the support with the clearance. */
		boolean inSupport(double[] c, double r) {
			double dx = c[0] - (g.width() - 1) / 2.0, dz = c[2] - (g.depth() - 1) / 2.0;
			return Math.hypot(dx, dz) + r + CLEARANCE <= supportRadius(g) && c[1] - r - CLEARANCE >= yMargin(g) && c[1] + r + CLEARANCE <= g.height() - 1 - yMargin(g);
		}
	}
}
