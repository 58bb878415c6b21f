package org.fusedtomo.recon.fused;

import org.fusedtomo.data.FloatArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.recon.JointTvProx;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.TvGuide;

/**
 * The fused multi-modal cost of DESIGN §4 over element volumes x = (x_1 .. x_E), x ≥ 0:
 *
 * <pre>
 * F(x) = ½‖A_h Σ_e w_e x_e^γ − b_H‖²  +  λ_C Σ_e [1ᵀA_e x_e − (b_e + ε)ᵀ log(A_e x_e + ε)]  +  λ_TV Σ_e TV(x_e)
 * </pre>
 *
 * with the HAADF projector A_h and data b_H, one chemical projector A_e (its own angles) and data b_e
 * per element, and isotropic 3D TV. The first two terms are the smooth part f; their gradient is exact:
 *
 * <pre>
 * ∇_e f = γ w_e x_e^{γ−1} ⊙ A_hᵀ(A_h m − b_H)  +  λ_C A_eᵀ((A_e x_e − b_e) ⊘ (A_e x_e + ε)),   m = Σ_e w_e x_e^γ.
 * </pre>
 *
 * NB: the chemical term is the shifted Poisson likelihood, with ε added to the counts as well as to the
 * mean. DESIGN §4 writes {@code b_eᵀ log(A_e x_e + ε)}, whose minimum sits at A_e x_e = b_e − ε, a bias as
 * large as ε = 0.1 on data normalised to 1; the reference code's gradient {@code (A x − b) ⊘ (A x + ε)} is
 * exactly the gradient of the shifted form, so both solvers now minimise one unbiased cost.
 *
 * The term values ({@link #haadf}, {@link #chemical}, {@link #tv}) are unweighted; {@link Terms#total()}
 * applies λ_C and λ_TV. Negative voxels count as 0 in x^γ; the chemical term needs A_e x_e + ε > 0,
 * which holds for x ≥ 0.
 * <p>
 * Cost: the HAADF value takes one HAADF forward projection, its gradient one more back projection; the
 * chemical value one forward projection per element, its gradient one back projection per element.
 * The cost shares (does not copy) its projectors and data: do not change the data while it is in use.
 * Thread-safe as far as its projectors are; it keeps no scratch between calls (a solver keeps a {@link Workspace}).
 */
public final class FusedCost {

	/** Voxels per block of powers that the element-wise loops take at once: 8 kB, which stays in the L1 cache. */
	static final int POWER_BLOCK = 1024;

	private static final PowerKernel POWERS = PowerKernel.fastest();
	/** The gradient's chain rule, on the Vector API where the JVM has it (the same floats). */
	private static final DoubleLoopKernel LOOPS = DoubleLoopKernel.fastest();

	private final Projector haadfProjector;
	private final TiltSeries haadfData;
	private final List<Projector> chemProjectors;
	private final List<TiltSeries> chemData;
	private final double[] weights;
	private final double gamma;
	private final double lambdaChem;
	private final double lambdaTv;
	private final double epsilon;
	private final TvGuide tvGuide;
	/** s_e: each element's Poisson term is multiplied by s_e (its count level); 1 in the reference cost. */
	private final double[] chemScales;
	/** t_e: each element's TV term is multiplied by t_e; 1 in the reference cost. */
	private final double[] tvScales;
	/** The TV term's groups ({@link #withTvGroups}): joint TV within a group, a sum over groups; one per element by default. */
	private final int[][] tvGroups;

	/** The value of each term at one x, and the total F = haadf + λ_C chemical + λ_TV tv. */
	public record Terms(double haadf, double chemical, double tv, double total) {}

	/**
	 * @param haadfProjector A_h
	 * @param haadfData b_H, of A_h's tilt geometry
	 * @param chemProjectors A_e, one per element, all on A_h's volume geometry
	 * @param chemData b_e, one per element, each of its A_e's tilt geometry
	 * @param weights w_e, one per element, each ≥ 0
	 * @param gamma γ ≥ 1
	 * @param lambdaChem λ_C > 0
	 * @param lambdaTv λ_TV ≥ 0
	 * @param epsilon ε > 0
	 */
	public FusedCost(Projector haadfProjector, TiltSeries haadfData, List<Projector> chemProjectors, List<TiltSeries> chemData, double[] weights,
		double gamma, double lambdaChem, double lambdaTv, double epsilon) {
		this(haadfProjector, haadfData, chemProjectors, chemData, weights, gamma, lambdaChem, lambdaTv, epsilon, null);
	}

	/**
	 * The cost with directional TV ({@link TvGuide}) in place of isotropic TV.
	 *
	 * @param tvGuide the edges every element may follow; null for isotropic TV
	 */
	public FusedCost(Projector haadfProjector, TiltSeries haadfData, List<Projector> chemProjectors, List<TiltSeries> chemData, double[] weights,
		double gamma, double lambdaChem, double lambdaTv, double epsilon, TvGuide tvGuide) {
		if (!haadfData.geometry().equals(haadfProjector.tiltGeometry()))
			throw new IllegalArgumentException("HAADF data is " + haadfData.geometry() + " but its projector was built for " + haadfProjector.tiltGeometry());
		int n = chemProjectors.size();
		if (n == 0 || chemData.size() != n || weights.length != n)
			throw new IllegalArgumentException("Need one chemical projector, data set and weight per element, got " + n + ", " + chemData.size() + " and " + weights.length);
		VolumeGeometry vg = haadfProjector.volumeGeometry();
		for (int e = 0; e < n; e++) {
			if (!chemProjectors.get(e).volumeGeometry().equals(vg))
				throw new IllegalArgumentException("Chemical projector " + e + " reconstructs " + chemProjectors.get(e).volumeGeometry() + " but the HAADF one " + vg);
			if (!chemData.get(e).geometry().equals(chemProjectors.get(e).tiltGeometry()))
				throw new IllegalArgumentException("Chemical data " + e + " is " + chemData.get(e).geometry() + " but its projector was built for " + chemProjectors.get(e).tiltGeometry());
			if (!(weights[e] >= 0))
				throw new IllegalArgumentException("Weight " + e + " must be non-negative, got " + weights[e]);
		}
		if (!(gamma >= 1))
			throw new IllegalArgumentException("gamma must be at least 1, got " + gamma);
		if (!(lambdaChem > 0) || !(lambdaTv >= 0) || !(epsilon > 0))
			throw new IllegalArgumentException("Need lambdaChem > 0, lambdaTv >= 0 and epsilon > 0, got " + lambdaChem + ", " + lambdaTv + ", " + epsilon);
		this.haadfProjector = haadfProjector;
		this.haadfData = haadfData;
		this.chemProjectors = List.copyOf(chemProjectors);
		this.chemData = List.copyOf(chemData);
		this.weights = weights.clone();
		this.gamma = gamma;
		this.lambdaChem = lambdaChem;
		this.lambdaTv = lambdaTv;
		this.epsilon = epsilon;
		this.tvGuide = tvGuide;
		this.chemScales = filled(n, 1);
		this.tvScales = filled(n, 1);
		this.tvGroups = singletons(n);
	}

	private FusedCost(FusedCost c, double[] chemScales, double[] tvScales, int[][] tvGroups) {
		this.haadfProjector = c.haadfProjector;
		this.haadfData = c.haadfData;
		this.chemProjectors = c.chemProjectors;
		this.chemData = c.chemData;
		this.weights = c.weights;
		this.gamma = c.gamma;
		this.lambdaChem = c.lambdaChem;
		this.lambdaTv = c.lambdaTv;
		this.epsilon = c.epsilon;
		this.tvGuide = c.tvGuide;
		this.chemScales = chemScales;
		this.tvScales = tvScales;
		this.tvGroups = tvGroups;
	}

	/**
	 * This cost with element e's Poisson term multiplied by {@code chemScales[e]} and its TV term by
	 * {@code tvScales[e]}:
	 * {@code F = ½‖A_h m − b_H‖² + λ_C Σ_e s_e P_e(x_e) + λ_TV Σ_e t_e TV(x_e)}. With s_e the element's count
	 * level (counts per unit of its normalised data) the Poisson term is the data's log-likelihood in
	 * counts, so λ_C is a weight per count that holds at any dose.
	 *
	 * @throws IllegalArgumentException unless there is one positive finite scale of each kind per element
	 */
	public FusedCost withElementScales(double[] chemScales, double[] tvScales) {
		int n = weights.length;
		if (chemScales.length != n || tvScales.length != n)
			throw new IllegalArgumentException("Need one chemical and one TV scale per element (" + n + "), got " + chemScales.length + " and " + tvScales.length);
		for (int e = 0; e < n; e++)
			if (!(chemScales[e] > 0) || !(tvScales[e] > 0) || !Double.isFinite(chemScales[e]) || !Double.isFinite(tvScales[e]))
				throw new IllegalArgumentException("Element scales must be positive numbers, got " + chemScales[e] + " and " + tvScales[e] + " for element " + e);
		return new FusedCost(this, chemScales.clone(), tvScales.clone(), tvGroups);
	}

	/**
	 * This cost with joint TV in place of the per-element sum, when {@code joint}: the TV term becomes
	 * {@code R(x) = Σ_voxels √(Σ_e t_e² |P ∇x_e|²)} ({@link JointTvProx}, {@link TotalVariation#joint}), which
	 * makes edges that the elements share cheaper than the same edges apart. With one element, or with
	 * edges in one element only, it is Σ_e t_e TV(x_e).
	 */
	public FusedCost withJointTv(boolean joint) {
		int n = weights.length;
		return withTvGroups(joint ? new int[][] { java.util.stream.IntStream.range(0, n).toArray() } : singletons(n));
	}

	/** Whether the TV term is joint TV of all elements, two or more, in one group ({@link #withJointTv}). */
	public boolean jointTv() {
		return tvGroups.length == 1 && weights.length > 1;
	}

	/**
	 * This cost with the TV term {@code Σ_groups R_G(x)}, R_G the joint TV {@code Σ_voxels √(Σ_{e∈G} t_e² |P ∇x_e|²)}
	 * of group G's elements ({@link JointTvProx}): a group of one element is its t_e TV(x_e), so one group per element
	 * is the per-element sum and one group of all is {@link #withJointTv}. The groups of interfaces
	 * ({@link org.fusedtomo.recon.InterfaceCoupling}) couple only the elements that meet.
	 *
	 * @throws IllegalArgumentException unless every element lies in exactly one group
	 */
	public FusedCost withTvGroups(int[][] groups) {
		int n = weights.length;
		int[] seen = new int[n];
		for (int[] g : groups) {
			if (g.length == 0)
				throw new IllegalArgumentException("TV groups must not be empty, got " + Arrays.deepToString(groups));
			for (int e : g) {
				if (e < 0 || e >= n || seen[e]++ > 0)
					throw new IllegalArgumentException("TV groups must hold each of the " + n + " elements once, got " + Arrays.deepToString(groups));
			}
		}
		for (int e = 0; e < n; e++)
			if (seen[e] == 0)
				throw new IllegalArgumentException("TV groups must hold each of the " + n + " elements once, got " + Arrays.deepToString(groups));
		int[][] copy = new int[groups.length][];
		for (int g = 0; g < groups.length; g++)
			copy[g] = groups[g].clone();
		return new FusedCost(this, chemScales, tvScales, copy);
	}

	/** The TV groups ({@link #withTvGroups}), copies. */
	public int[][] tvGroups() {
		int[][] copy = new int[tvGroups.length][];
		for (int g = 0; g < tvGroups.length; g++)
			copy[g] = tvGroups[g].clone();
		return copy;
	}

	/** Group {@code g}'s TV of {@code x} without λ_TV at the y slices {@code [from, to)}, parallel over planes: t_e TV(x_e) for one element, else joint TV. */
	public double groupTv(int g, List<Volume> x, TvGuide guide, Parallelism parallelism, int from, int to) {
		int[] group = tvGroups[g];
		if (group.length == 1)
			return tvScales[group[0]] * TotalVariation.ofSlices(x.get(group[0]), guide, parallelism, from, to);
		List<Volume> sub = new ArrayList<>(group.length);
		double[] scales = new double[group.length];
		for (int k = 0; k < group.length; k++) {
			sub.add(x.get(group[k]));
			scales[k] = tvScales[group[k]];
		}
		return TotalVariation.joint(sub, scales, guide, parallelism, from, to);
	}

	/** The TV scales t_e of group {@code g}'s elements, in its order. */
	public double[] groupTvScales(int g) {
		int[] group = tvGroups[g];
		double[] scales = new double[group.length];
		for (int k = 0; k < group.length; k++)
			scales[k] = tvScales[group[k]];
		return scales;
	}

	private static int[][] singletons(int n) {
		return java.util.stream.IntStream.range(0, n).mapToObj(e -> new int[] { e }).toArray(int[][]::new);
	}

	/** The t_e of {@link #withElementScales}, one per element. */
	public double[] tvScales() {
		return tvScales.clone();
	}

	/** s_e of {@link #withElementScales}. */
	public double chemScale(int e) {
		return chemScales[e];
	}

	/** t_e of {@link #withElementScales}. */
	public double tvScale(int e) {
		return tvScales[e];
	}

	private static double[] filled(int n, double value) {
		double[] a = new double[n];
		Arrays.fill(a, value);
		return a;
	}

	public int elementCount() {
		return weights.length;
	}

	public VolumeGeometry volumeGeometry() {
		return haadfProjector.volumeGeometry();
	}

	public double[] weights() {
		return weights.clone();
	}

	public double gamma() {
		return gamma;
	}

	public double lambdaChem() {
		return lambdaChem;
	}

	public double lambdaTv() {
		return lambdaTv;
	}

	public double epsilon() {
		return epsilon;
	}

	/** The TV guide; null for isotropic TV. */
	public TvGuide tvGuide() {
		return tvGuide;
	}

	Projector haadfProjector() {
		return haadfProjector;
	}

	TiltSeries haadfData() {
		return haadfData;
	}

	Projector chemProjector(int e) {
		return chemProjectors.get(e);
	}

	TiltSeries chemData(int e) {
		return chemData.get(e);
	}

	/** The HAADF model m = Σ_e w_e max(x_e, 0)^γ, a new volume. */
	public Volume haadfModel(List<Volume> x) {
		return haadfModel(x, Parallelism.SERIAL);
	}

	/**
	 * {@link #haadfModel(List)} with its voxels split over threads (the same values); the powers on the
	 * Vector API when the JVM has it ({@link PowerKernel}, within 1e-13 relative of Math.pow).
	 */
	Volume haadfModel(List<Volume> x, Parallelism parallelism) {
		checkSize(x);
		Volume m = x.get(0).zerosLike();
		haadfModel(x, parallelism, m);
		return m;
	}

	/** {@link #haadfModel(List, Parallelism)} into {@code m}, which a solver reuses every iteration (its values are overwritten). */
	void haadfModel(List<Volume> x, Parallelism parallelism, Volume m) {
		checkSize(x);
		haadfModel(x, weights, gamma, parallelism, m);
	}

	/**
	 * The HAADF model {@code m = Σ_e w_e max(x_e, 0)^γ}, voxel by voxel, of volumes of one size: the one
	 * place this formula is computed (the cost, its solvers and the held-out scoring of
	 * {@link org.fusedtomo.tune.HeldOutProjections} use it). Each voxel sums the elements in order in float;
	 * the powers come from {@link PowerKernel} (within 1e-13 relative of {@link Math#pow}).
	 *
	 * @throws IllegalArgumentException when there is not one weight per volume or the sizes differ
	 */
	public static Volume haadfModel(List<Volume> x, double[] weights, double gamma, Parallelism parallelism) {
		if (x.isEmpty() || x.size() != weights.length)
			throw new IllegalArgumentException("The HAADF model needs one weight per element volume, got " + weights.length + " weights for " + x.size() + " volumes");
		Volume m = x.get(0).zerosLike();
		haadfModel(x, weights, gamma, parallelism, m);
		return m;
	}

	private static void haadfModel(List<Volume> x, double[] weights, double gamma, Parallelism parallelism, Volume m) {
		float[] md = m.data();
		for (Volume v : x)
			if (v.data().length != md.length)
				throw new IllegalArgumentException("HAADF model volume is " + m.geometry() + " but an element is " + v.geometry());
		parallelism.forRanges(md.length, (from, to) -> {
			double[] powers = new double[POWER_BLOCK];
			for (int start = from; start < to; start += POWER_BLOCK) {
				int end = Math.min(to, start + POWER_BLOCK);
				Arrays.fill(md, start, end, 0f);
				for (int e = 0; e < x.size(); e++) {
					double w = weights[e];
					POWERS.powers(x.get(e).data(), start, end, gamma, powers);
					for (int i = start; i < end; i++)
						md[i] += (float) (w * powers[i - start]);
				}
			}
		});
	}

	/** The terms from their values, with the total F = haadf + λ_C chemical + λ_TV tv. */
	Terms terms(double haadf, double chemical, double tv) {
		return new Terms(haadf, chemical, tv, haadf + lambdaChem * chemical + lambdaTv * tv);
	}

	/** ½‖A_h m − b_H‖², one HAADF forward projection. */
	public double haadf(List<Volume> x) {
		return haadf(x, new Workspace(Parallelism.SERIAL));
	}

	/** {@link #haadf(List)} in the workspace's buffers (the same value). */
	double haadf(List<Volume> x, Workspace work) {
		haadfModel(x, work.parallelism, work.model);
		haadfProjector.forward(work.model, work.haadfProjection);
		return work.halfSquaredDistance(work.haadfProjection.data(), haadfData.data());
	}

	/** Σ_e s_e [1ᵀA_e x_e − (b_e + ε)ᵀ log(A_e x_e + ε)] (without λ_C), one forward projection per element. */
	public double chemical(List<Volume> x) {
		return chemical(x, new Workspace(Parallelism.SERIAL));
	}

	/** {@link #chemical(List)} in the workspace's buffers (the same value). */
	double chemical(List<Volume> x, Workspace work) {
		checkSize(x);
		double s = 0;
		for (int e = 0; e < x.size(); e++) {
			chemProjectors.get(e).forward(x.get(e), work.chemProjections[e]);
			s += chemScales[e] * poissonValue(work.chemProjections[e].data(), chemData.get(e).data(), work);
		}
		return s;
	}

	/**
	 * Σ_e t_e TV(x_e), isotropic 3D TV as {@link TotalVariation} defines it, or directional TV with the guide;
	 * joint TV {@code Σ_voxels √(Σ_e t_e² |P ∇x_e|²)} with {@link #withJointTv} (without λ_TV).
	 */
	public double tv(List<Volume> x) {
		return tv(x, Parallelism.SERIAL);
	}

	/** {@link #tv(List)} with each volume's planes split over threads (the same value on any number of threads). */
	double tv(List<Volume> x, Parallelism parallelism) {
		checkSize(x);
		if (jointTv() && x.size() > 1)
			return TotalVariation.joint(x, tvScales, tvGuide, parallelism);
		double s = 0;
		for (int g = 0; g < tvGroups.length; g++)
			s += tvGroups[g].length == 1 ? tvScales[tvGroups[g][0]] * TotalVariation.of(x.get(tvGroups[g][0]), tvGuide, parallelism)
				: groupTv(g, x, tvGuide, parallelism, 0, x.get(0).height());
		return s;
	}

	/** {@link #tv(List, Parallelism)} over the workspace's share of the y slices ({@link TotalVariation#ofSlices}); the whole when it shares all. */
	double tv(List<Volume> x, Workspace work) {
		if (work.isWhole())
			return tv(x, work.parallelism);
		checkSize(x);
		double s = 0;
		for (int g = 0; g < tvGroups.length; g++)
			s += groupTv(g, x, tvGuide, work.parallelism, work.shareFrom, work.shareTo);
		return s;
	}

	/** All three terms and the total F. */
	public Terms terms(List<Volume> x) {
		double h = haadf(x), c = chemical(x), t = tv(x);
		return new Terms(h, c, t, h + lambdaChem * c + lambdaTv * t);
	}

	/** The smooth part f = haadf + λ_C chemical. */
	public double smooth(List<Volume> x) {
		return haadf(x) + lambdaChem * chemical(x);
	}

	/** F = f + λ_TV tv. */
	public double total(List<Volume> x) {
		return smooth(x) + lambdaTv * tv(x);
	}

	/**
	 * Writes ∇ of the HAADF term into {@code gradient} (one volume per element, overwritten) and returns
	 * the term's value. One forward and one back HAADF projection.
	 */
	public double haadfGradient(List<Volume> x, List<Volume> gradient) {
		return haadfGradient(x, gradient, false, new Workspace(Parallelism.SERIAL));
	}

	/**
	 * {@link #haadfGradient(List, List)} in the workspace's buffers; with {@code addChemical}, gradient holds
	 * ∇chemical on entry and gets ∇haadf + λ_C ∇chemical, rounded as the sum of the two float gradients.
	 */
	private double haadfGradient(List<Volume> x, List<Volume> gradient, boolean addChemical, Workspace work) {
		checkSize(x);
		checkSize(gradient);
		haadfModel(x, work.parallelism, work.model);
		TiltSeries residual = work.haadfProjection;
		haadfProjector.forward(work.model, residual);
		float[] rd = residual.data(), bd = haadfData.data();
		double value = work.sum(rd.length, (from, to) -> {
			double s = 0;
			for (int i = from; i < to; i++) {
				double d = (double) rd[i] - bd[i];
				s += d * d;
				rd[i] = (float) d;
			}
			return s;
		});
		haadfProjector.back(residual, work.haadfBack);
		float[] ad = work.haadfBack.data();
		for (int e = 0; e < x.size(); e++) {
			float[] xd = x.get(e).data(), gd = gradient.get(e).data();
			double c = gamma * weights[e];
			work.parallelism.forRanges(gd.length, (from, to) -> {
				double[] factors = new double[POWER_BLOCK];
				for (int start = from; start < to; start += POWER_BLOCK) {
					int end = Math.min(to, start + POWER_BLOCK);
					derivativeFactors(xd, start, end, factors);
					LOOPS.chainRule(factors, c, ad, gd, lambdaChem, addChemical, start, end - start);
				}
			});
		}
		return value / 2;
	}

	/**
	 * Writes ∇ of the chemical term Σ_e s_e [1ᵀA_e x_e − (b_e + ε)ᵀ log(A_e x_e + ε)] (without λ_C) into
	 * {@code gradient} and returns the term's value: ∇_e = s_e A_eᵀ(1 − b_e ⊘ (A_e x_e + ε)). One forward and
	 * one back projection per element.
	 */
	public double chemicalGradient(List<Volume> x, List<Volume> gradient) {
		return chemicalGradient(x, gradient, new Workspace(Parallelism.SERIAL));
	}

	private double chemicalGradient(List<Volume> x, List<Volume> gradient, Workspace work) {
		checkSize(x);
		checkSize(gradient);
		double value = 0;
		for (int e = 0; e < x.size(); e++) {
			Projector a = chemProjectors.get(e);
			TiltSeries p = work.chemProjections[e];
			a.forward(x.get(e), p);
			float[] pd = p.data(), bd = chemData.get(e).data();
			double scale = chemScales[e];
			value += scale * poissonValue(pd, bd, work);
			work.parallelism.forRanges(pd.length, (from, to) -> {
				for (int i = from; i < to; i++)
					pd[i] = (float) poissonRatio(scale, pd[i], bd[i], epsilon);
			});
			a.back(p, gradient.get(e));
		}
		return value;
	}

	/**
	 * Writes ∇f = ∇haadf + λ_C ∇chemical into {@code gradient} and returns f. One HAADF forward and back
	 * projection, and one chemical forward and back projection per element.
	 */
	public double smoothGradient(List<Volume> x, List<Volume> gradient) {
		return smoothGradient(x, gradient, new Workspace(Parallelism.SERIAL));
	}

	/** {@link #smoothGradient(List, List)} in the workspace's buffers (the same values). */
	double smoothGradient(List<Volume> x, List<Volume> gradient, Workspace work) {
		// NB: the chemical gradient goes into gradient itself, and the HAADF pass adds the two there.
		double c = chemicalGradient(x, gradient, work);
		double h = haadfGradient(x, gradient, true, work);
		return h + lambdaChem * c;
	}

	/**
	 * The volumes and projections one evaluation of the cost or its gradient writes, kept by a solver for all
	 * its iterations so that they allocate nothing; with the threads of the element-wise loops. One per
	 * thread of evaluations.
	 * <p>
	 * Its share: the y slices {@code [shareFrom, shareTo)} whose terms the values sum, all of them by default.
	 * A slab of a larger volume, held with halo slices of its neighbours, shares only its own slices, so that
	 * the values summed over slabs are the larger volume's; gradients and projections cover every slice held.
	 */
	final class Workspace {
		final Parallelism parallelism;
		final Volume model, haadfBack;
		final TiltSeries haadfProjection;
		final TiltSeries[] chemProjections;
		final int shareFrom, shareTo;

		Workspace(Parallelism parallelism) {
			this(parallelism, 0, volumeGeometry().height());
		}

		Workspace(Parallelism parallelism, int shareFrom, int shareTo) {
			this.parallelism = parallelism;
			VolumeGeometry g = volumeGeometry();
			if (shareFrom < 0 || shareTo > g.height() || shareFrom >= shareTo)
				throw new IllegalArgumentException("Share [" + shareFrom + ", " + shareTo + ") is not inside the " + g.height() + " y slices of " + g);
			this.shareFrom = shareFrom;
			this.shareTo = shareTo;
			model = Volume.zeros(g);
			haadfBack = Volume.zeros(g);
			haadfProjection = new TiltSeries(haadfProjector.tiltGeometry(), model.calibration());
			chemProjections = new TiltSeries[chemProjectors.size()];
			for (int e = 0; e < chemProjections.length; e++)
				chemProjections[e] = new TiltSeries(chemProjectors.get(e).tiltGeometry(), model.calibration());
		}

		/** Whether the share is every slice (one machine's run). */
		boolean isWhole() {
			return shareFrom == 0 && shareTo == volumeGeometry().height();
		}

		/** ½‖p − b‖² over the share, for a tilt series or volume of the volume's width and height ({@link #sum}). */
		double halfSquaredDistance(float[] p, float[] b) {
			return sum(p.length, (from, to) -> {
				double s = 0;
				for (int i = from; i < to; i++) {
					double d = (double) p[i] - b[i];
					s += d * d;
				}
				return s;
			}) / 2;
		}

		/**
		 * The sum of {@code body} over an array of planes of rows, one row per y slice ({@code width} x height x
		 * planes: a volume, or a tilt series of the volume's width and height): the whole by {@link Parallelism#sum}
		 * when the share is every slice; else {@code body} runs on every row (bodies may write as they sum) and the
		 * share's rows are added, plane by plane.
		 */
		double sum(int length, Parallelism.RangeSum body) {
			if (isWhole())
				return parallelism.sum(length, body);
			VolumeGeometry g = volumeGeometry();
			int width = g.width(), height = g.height(), planes = length / (width * height);
			double s = 0;
			for (int p = 0, row = 0; p < planes; p++, row += width * height) {
				body.over(row, row + width * shareFrom);
				s += body.over(row + width * shareFrom, row + width * shareTo);
				body.over(row + width * shareTo, row + width * height);
			}
			return s;
		}
	}

	/**
	 * {@code s (p − b) / (p + ε)} in double: the ray-wise factor of the Poisson term's gradient
	 * (s times the derivative of {@code p − (b + ε) log(p + ε)}, less the constant), the one place both
	 * solvers compute it.
	 */
	static double poissonRatio(double scale, float p, float b, double epsilon) {
		return scale * (p - (double) b) / ((double) p + epsilon);
	}

	/** {@link #poissonValue(float[], float[])} on the threads, summed as {@link Parallelism#sum}. */
	double poissonValue(float[] p, float[] b, Parallelism parallelism) {
		return parallelism.sum(p.length, (from, to) -> poissonValue(p, b, from, to));
	}

	/** {@link #poissonValue(float[], float[])} over the workspace's share of the rays ({@link Workspace#sum}). */
	double poissonValue(float[] p, float[] b, Workspace work) {
		return work.sum(p.length, (from, to) -> poissonValue(p, b, from, to));
	}

	/** Σ (p − (b + ε) log(p + ε)) over all rays. */
	double poissonValue(float[] p, float[] b) {
		return poissonValue(p, b, 0, p.length);
	}

	/** Σ (p − (b + ε) log(p + ε)) over the rays {@code [from, to)}, in order. */
	private double poissonValue(float[] p, float[] b, int from, int to) {
		double s = 0;
		for (int i = from; i < to; i++)
			s += p[i] - (b[i] + epsilon) * Math.log(p[i] + epsilon);
		return s;
	}

	/** max(v, 0)^{γ−1}, the derivative of x^γ divided by γ (1 at 0 when γ = 1). */
	double derivativeFactor(float v) {
		if (gamma == 1)
			return 1;
		return ScalarPowerKernel.power(v, gamma - 1);
	}

	/**
	 * Writes {@link #derivativeFactor} of x[from + k] into out[k] for k in [0, to − from), on the Vector
	 * API when the JVM has it ({@link PowerKernel}, within 1e-13 relative).
	 */
	void derivativeFactors(float[] x, int from, int to, double[] out) {
		if (gamma == 1)
			Arrays.fill(out, 0, to - from, 1);
		else
			POWERS.powers(x, from, to, gamma - 1, out);
	}

	private void checkSize(List<Volume> x) {
		if (x.size() != weights.length)
			throw new IllegalArgumentException("Expected " + weights.length + " element volumes, got " + x.size());
		for (Volume v : x)
			if (!v.geometry().equals(haadfProjector.volumeGeometry()))
				throw new IllegalArgumentException("Element volume is " + v.geometry() + " but the cost was built for " + haadfProjector.volumeGeometry());
	}
}
