package org.fusedtomo.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.data.Elements;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;

/**
 * Simulates a multi-modal acquisition of a {@link Phantom} (DESIGN §6) with the default projector A.
 * <ul>
 * <li>HAADF: {@code A(Σ_e Z_e^γ ρ_e)} divided by its maximum over the whole series (so the noiseless
 * series peaks at 1), shifted, then with noise {@code Poisson(dose · v) / dose}.</li>
 * <li>Chemical map of element e: {@code s_e · A ρ_e} at the chemical angles, where s_e makes the mean
 * over the pixels whose noiseless value exceeds 5% of the series maximum equal {@code countsPerPixel};
 * shifted, then with noise {@code Poisson(v)}. Values are counts, kept as floats. An element absent
 * from the phantom gives an all-zero series.</li>
 * <li>Drift: one (dx, dy) per HAADF projection, each component Gaussian with RMS {@code shiftRmsPx}
 * clipped to ±3 RMS, held as the {@link Alignment} that undoes it (content moves by +d, the alignment's
 * dx = d); the chemical projections take the HAADF drift linearly interpolated in angle
 * ({@link Alignment#atAngles}), as one physical drift, so one alignment serves all channels.
 * Shifts act on the noiseless projections by bilinear interpolation with zero fill
 * ({@link Alignment#applyInverse}), before the tilt axis is turned.</li>
 * </ul>
 * Deterministic for a given seed: the drift, the HAADF noise and each element's noise come from
 * independent streams keyed by name ("shifts", "haadf", "chem:Fe"), so adding an element changes
 * nothing else. Cost: one forward projection per series plus O(pixels) for shifts and noise.
 */
public final class Simulator {

	/** The method named in the alignment that records the simulated drift. */
	public static final String DRIFT = "simulated drift";

	/** Fraction of a chemical series' maximum above which a pixel counts as "object" for the scaling. */
	public static final double OBJECT_THRESHOLD = 0.05;

	/** Drift components are clipped to this many RMS. */
	public static final double SHIFT_CLIP_RMS = 3;

	private final Parallelism parallelism;
	private final double axisRotationDeg;

	public Simulator(Parallelism parallelism) {
		this(parallelism, 0);
	}

	/**
	 * A simulator whose detector sees the tilt axis turned by {@code axisRotationDeg} from vertical: every
	 * projection (HAADF and chemical) is turned about the frame centre after the drift and before the
	 * noise, so that {@code align.Alignment} with that axis rotation undoes it. The turn is exact
	 * ({@link DetectorTurn}: the detector samples the turned image, no interpolation smoothing).
	 */
	public Simulator(Parallelism parallelism, double axisRotationDeg) {
		if (parallelism == null)
			throw new IllegalArgumentException("Simulator needs a Parallelism, got null");
		if (!Double.isFinite(axisRotationDeg))
			throw new IllegalArgumentException("Simulator axis rotation must be finite, got " + axisRotationDeg);
		this.parallelism = parallelism;
		this.axisRotationDeg = axisRotationDeg;
	}

	/** {@link #simulate(Phantom, SimulationParameters, Monitor)} without progress or cancel. */
	public SimulatedData simulate(Phantom phantom, SimulationParameters parameters) {
		return simulate(phantom, parameters, Monitor.NONE);
	}

	/**
	 * Simulates the HAADF series and one chemical series per element of {@code phantom}. Reports one
	 * step per series and checks the cancel between them.
	 *
	 * @throws IllegalArgumentException when the phantom is all zero
	 */
	public SimulatedData simulate(Phantom phantom, SimulationParameters p, Monitor monitor) {
		List<String> elements = phantom.elements();
		int steps = 1 + elements.size();
		double[] haadfAngles = p.haadfAnglesDeg(), chemAngles = p.chemAnglesDeg();
		Alignment haadfDrift = drift(haadfAngles, p.shiftRmsPx(), subSeed(p.seed(), "shifts"));
		Alignment chemDrift = haadfDrift.atAngles(chemAngles);

		monitor.progress("Simulating HAADF", 0, steps);
		TiltSeries haadf = haadf(phantom, p, haadfDrift);

		VolumeGeometry g = phantom.geometry();
		Projector chemProjector = Projectors.create(g, new TiltGeometry(g.width(), g.height(), chemAngles), parallelism);
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		Map<String, Alignment> chemicalDrift = new LinkedHashMap<>();
		for (int e = 0; e < elements.size(); e++) {
			monitor.checkCancelled();
			String element = elements.get(e);
			monitor.progress("Simulating " + element + " map", 1 + e, steps);
			chemical.put(element, chemicalMap(chemProjector.forward(phantom.density(element)), p, chemDrift, element, this::onTiltAxis));
			chemicalDrift.put(element, chemDrift);
		}
		monitor.progress("Simulated", steps, steps);
		return new SimulatedData(haadf, chemical, phantom, haadfDrift, chemicalDrift, p);
	}

	/** The HAADF object function {@code Σ_e Z_e^γ ρ_e}, summed in float in element order. Cost O(E · voxels). */
	public static Volume haadfSignal(Phantom phantom, double gamma) {
		Volume sum = Volume.zeros(phantom.geometry()).withCalibration(phantom.densities().values().iterator().next().calibration());
		float[] s = sum.data();
		for (Map.Entry<String, Volume> e : phantom.densities().entrySet()) {
			float w = (float) Math.pow(Elements.atomicNumber(e.getKey()), gamma);
			float[] d = e.getValue().data();
			for (int i = 0; i < s.length; i++)
				s[i] += w * d[i];
		}
		return sum;
	}

	private TiltSeries haadf(Phantom phantom, SimulationParameters p, Alignment drift) {
		VolumeGeometry g = phantom.geometry();
		Projector a = Projectors.create(g, new TiltGeometry(g.width(), g.height(), p.haadfAnglesDeg()), parallelism);
		TiltSeries series = a.forward(haadfSignal(phantom, p.gamma()));
		float max = FloatArrays.max(series.data());
		if (!(max > 0))
			throw new IllegalArgumentException("Phantom '" + phantom.name() + "' is empty: its HAADF projections are all zero");
		float[] d = series.data();
		for (int i = 0; i < d.length; i++)
			d[i] /= max;
		series = onTiltAxis(drifted(series, drift));
		if (p.noise()) {
			d = series.data();
			new Poisson(subSeed(p.seed(), "haadf")).apply(d, p.haadfDose());
			float dose = (float) p.haadfDose();
			for (int i = 0; i < d.length; i++)
				d[i] /= dose;
		}
		return series;
	}

	private static TiltSeries chemicalMap(TiltSeries series, SimulationParameters p, Alignment drift, String element,
		java.util.function.UnaryOperator<TiltSeries> axis) {
		float[] d = series.data();
		double threshold = OBJECT_THRESHOLD * FloatArrays.max(d), sum = 0;
		long n = 0;
		for (float v : d)
			if (v > threshold) {
				sum += v;
				n++;
			}
		float scale = n == 0 || !(sum > 0) ? 0f : (float) (p.countsPerPixel() * n / sum);
		for (int i = 0; i < d.length; i++)
			d[i] *= scale;
		series = axis.apply(drifted(series, drift));
		if (p.noise())
			new Poisson(subSeed(p.seed(), "chem:" + element)).apply(series.data(), 1);
		return series;
	}

	/** {@code raw(p) = s(c + R(−φ)(p − c))}: the axis turned by φ about the centre (the inverse of the alignment's turn), sampled exactly ({@link DetectorTurn}). */
	private TiltSeries onTiltAxis(TiltSeries s) {
		return axisRotationDeg == 0 ? s : DetectorTurn.onTiltAxis(s, axisRotationDeg, 0);
	}

	private static TiltSeries drifted(TiltSeries series, Alignment drift) {
		for (int i = 0; i < drift.angleCount(); i++)
			if (drift.dx(i) != 0 || drift.dy(i) != 0)
				return drift.applyInverse(series);
		return series;
	}

	/** Gaussian drift at {@code anglesDeg}, each component clipped to ±{@value #SHIFT_CLIP_RMS} RMS; all zero for RMS 0. */
	private static Alignment drift(double[] anglesDeg, double rms, long seed) {
		int count = anglesDeg.length;
		double[] dx = new double[count], dy = new double[count];
		if (rms > 0) {
			SplittableRandom random = new SplittableRandom(seed);
			for (int i = 0; i < count; i++) {
				dx[i] = clippedGaussian(random, rms);
				dy[i] = clippedGaussian(random, rms);
			}
		}
		return new Alignment(anglesDeg, dx, dy, 0, 0, List.of(DRIFT));
	}

	private static double clippedGaussian(SplittableRandom random, double rms) {
		// Box-Muller; SplittableRandom has no nextGaussian in Java 17.
		double u = 1 - random.nextDouble(), v = random.nextDouble();
		double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		return rms * Math.max(-SHIFT_CLIP_RMS, Math.min(SHIFT_CLIP_RMS, g));
	}

	/** An independent seed for the named random stream of a simulation. */
	static long subSeed(long seed, String stream) {
		return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (stream.hashCode() + 1L))).nextLong();
	}
}
