package org.fusedtomo.align;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.DetectorTurn;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * A misaligned multi-modal acquisition with known truth, made by the product's own simulator
 * (DESIGN §6 angles: HAADF −70..+68° every 3°, chemistry −60..+60° every 15°, between HAADF tilts):
 * <ol>
 * <li>a {@link Phantoms} phantom made on a {@value #PHANTOM}³ grid and padded to {@value #N}³, so
 * that shifts up to 15 px and the axis offset keep it inside the frame (mass leaving the frame would
 * bias the centre of mass);</li>
 * <li>{@link Simulator} without noise but with its drift of RMS {@code shiftRms} (clipped at 3 RMS),
 * the chemical maps taking it interpolated in angle;</li>
 * <li>on top, every series is turned and offset to a tilt axis at {@code rotationDeg},
 * {@code offsetPx} (the inverse of {@link Alignment#apply}; exactly, as a detector samples it: {@link DetectorTurn}), the HAADF gets a constant background of
 * {@value #BACKGROUND} (the noiseless maximum is 1), and Poisson noise is drawn as the simulator does
 * (HAADF at dose 10⁴, chemistry as counts).</li>
 * </ol>
 * The true alignments follow: a drift d and then an axis (R, t) put content at
 * {@code c + t + R(p − c + d)}, i.e. raw displacement {@code t + R d} in the model of {@link Alignment}.
 */
final class MisalignedAcquisition {

	static final int N = 64;
	static final int PHANTOM = 40;
	static final double BACKGROUND = 0.05;
	static final double CHEMICAL_COUNTS = 20;

	final Phantom phantom;
	final SimulatedData noiseless;
	/** Raw HAADF: drift, tilt axis, background and noise. */
	final TiltSeries haadf;
	/** Raw chemical maps: drift, tilt axis and noise, per element. */
	final Map<String, TiltSeries> chemical = new LinkedHashMap<>();
	final Alignment truth;
	final Map<String, Alignment> chemicalTruth = new LinkedHashMap<>();

	MisalignedAcquisition(String phantomName, double shiftRms, double rotationDeg, double offsetPx, long seed) {
		this(phantomName, SimulationParameters.defaults().haadfAnglesDeg(), shiftRms, rotationDeg, offsetPx, seed);
	}

	/** As above with other HAADF tilts, degrees. */
	MisalignedAcquisition(String phantomName, double[] haadfAnglesDeg, double shiftRms, double rotationDeg, double offsetPx, long seed) {
		this(phantomName, haadfAnglesDeg, SimulationParameters.defaults().haadfDose(), shiftRms, rotationDeg, offsetPx, seed);
	}

	/** As above with another HAADF dose (electron counts at the brightest pixel). */
	MisalignedAcquisition(String phantomName, double[] haadfAnglesDeg, double haadfDose, double shiftRms, double rotationDeg, double offsetPx, long seed) {
		this(phantomName, haadfAnglesDeg, haadfDose, shiftRms, rotationDeg, offsetPx, seed, N);
	}

	/** As above on a {@code size}³ grid, the phantom made on {@code size}·{@value #PHANTOM}/{@value #N} voxels (for studies). */
	MisalignedAcquisition(String phantomName, double[] haadfAnglesDeg, double haadfDose, double shiftRms, double rotationDeg, double offsetPx, long seed, int size) {
		phantom = padded(Phantoms.create(phantomName, VolumeGeometry.cube(size * PHANTOM / N), seed), size);
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(haadfAnglesDeg).withShiftRmsPx(shiftRms).withSeed(seed).withNoise(false)
			.withCountsPerPixel(CHEMICAL_COUNTS).withHaadfDose(haadfDose);
		noiseless = new Simulator(Parallelism.available()).simulate(phantom, p);
		haadf = noisyHaadf(noiseless.haadf(), rotationDeg, offsetPx, p.haadfDose(), seed + 1);
		truth = alignment(noiseless.haadfDrift(), p.haadfAnglesDeg(), rotationDeg, offsetPx);
		long stream = seed + 2;
		for (String element : phantom.elements()) {
			TiltSeries c = onTiltAxis(noiseless.chemical().get(element), rotationDeg, offsetPx);
			new Poisson(stream++).apply(c.data(), 1);
			chemical.put(element, c);
			chemicalTruth.put(element, alignment(noiseless.chemicalDrift().get(element), p.chemAnglesDeg(), rotationDeg, offsetPx));
		}
	}

	/** The noiseless HAADF turned and offset to the tilt axis, plus the background, with Poisson noise of {@code noiseSeed} at {@code dose}, divided by the dose. */
	static TiltSeries noisyHaadf(TiltSeries noiseless, double rotationDeg, double offsetPx, double dose, long noiseSeed) {
		TiltSeries out = onTiltAxis(noiseless, rotationDeg, offsetPx);
		float[] d = out.data();
		for (int i = 0; i < d.length; i++)
			d[i] += (float) BACKGROUND;
		new Poisson(noiseSeed).apply(d, dose);
		for (int i = 0; i < d.length; i++)
			d[i] /= (float) dose;
		return out;
	}

	/** The phantom centred in a cube of {@code size} voxels, zero around it. */
	static Phantom padded(Phantom p, int size) {
		VolumeGeometry g = p.geometry();
		int ox = (size - g.width()) / 2, oy = (size - g.height()) / 2, oz = (size - g.depth()) / 2;
		Map<String, Volume> out = new LinkedHashMap<>();
		p.densities().forEach((element, v) -> {
			Volume big = Volume.zeros(VolumeGeometry.cube(size));
			for (int z = 0; z < g.depth(); z++)
				for (int y = 0; y < g.height(); y++)
					for (int x = 0; x < g.width(); x++)
						big.set(x + ox, y + oy, z + oz, v.get(x, y, z));
			out.put(element, big);
		});
		return new Phantom(p.name(), out);
	}

	/** {@code raw(p) = s(c + R(−φ)(p − c − (offset, 0)))}: the axis turned by φ about the centre, then offset; sampled exactly ({@link DetectorTurn}). */
	static TiltSeries onTiltAxis(TiltSeries s, double rotationDeg, double offsetPx) {
		return DetectorTurn.onTiltAxis(s, rotationDeg, offsetPx);
	}

	/** The alignment that undoes drift {@code d} followed by the tilt axis: shifts R d (see class comment). */
	static Alignment alignment(Alignment d, double[] anglesDeg, double rotationDeg, double offsetPx) {
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double[] dx = new double[d.angleCount()], dy = new double[d.angleCount()];
		for (int i = 0; i < dx.length; i++) {
			dx[i] = d.dx(i) * cos - d.dy(i) * sin;
			dy[i] = d.dx(i) * sin + d.dy(i) * cos;
		}
		return new Alignment(anglesDeg, dx, dy, rotationDeg, offsetPx, List.of("truth"));
	}

	/**
	 * An estimate compared with the truth where the data can tell them apart. The raw displacement
	 * error e of each projection, turned into the aligned frame, is split into what a translation of
	 * the object explains ({@link RigidTranslation}: {@code b cos θ + c sin θ} in x, a constant in y;
	 * centre-of-mass alignment puts the object's centre of mass on the axis, the phantom's need not be
	 * there), the error of the axis offset (the constant a in x), and the residual.
	 *
	 * @param offsetErrorPx a, pixels
	 * @param residualRmsPx RMS over projections of the residual length, pixels
	 * @param gauged the estimate with the object translation removed, i.e. in the frame of the truth
	 * @param residualRmsXPx RMS of the residual's component across the axis (aligned frame), pixels
	 * @param residualRmsYPx RMS of its component along the axis, pixels
	 */
	record Comparison(double offsetErrorPx, double residualRmsPx, Alignment gauged, double residualRmsXPx, double residualRmsYPx) {

		static Comparison of(Alignment estimate, Alignment truth) {
			int n = truth.angleCount();
			double[] angles = truth.anglesDeg();
			double phi = Math.toRadians(truth.axisRotationDeg()), cos = Math.cos(phi), sin = Math.sin(phi);
			double[] ex = new double[n], ey = new double[n];
			for (int i = 0; i < n; i++) {
				double rx = estimate.axisOffsetPx() + estimate.dx(i) - truth.axisOffsetPx() - truth.dx(i), ry = estimate.dy(i) - truth.dy(i);
				ex[i] = rx * cos + ry * sin;
				ey[i] = -rx * sin + ry * cos;
			}
			double[] fit = RigidTranslation.fit(ex, angles);
			double meanY = 0;
			for (double v : ey)
				meanY += v / n;
			double sumX = 0, sumY = 0;
			double[] dx = estimate.dx(), dy = estimate.dy();
			for (int i = 0; i < n; i++) {
				double rigid = RigidTranslation.evaluate(fit, angles[i]) - fit[0];
				double rx = ex[i] - fit[0] - rigid, ry = ey[i] - meanY;
				sumX += rx * rx;
				sumY += ry * ry;
				dx[i] -= rigid * cos - meanY * sin;
				dy[i] -= rigid * sin + meanY * cos;
			}
			Alignment gauged = new Alignment(estimate.anglesDeg(), dx, dy, estimate.axisRotationDeg(), estimate.axisOffsetPx(), estimate.methods());
			return new Comparison(fit[0], Math.sqrt((sumX + sumY) / n), gauged, Math.sqrt(sumX / n), Math.sqrt(sumY / n));
		}
	}

	/** RMS over the chemical projections of the error of {@code gauged}'s interpolated shifts against the true chemical shifts, pixels. */
	double chemicalShiftRms(Alignment gauged, String element) {
		Alignment t = chemicalTruth.get(element);
		double sum = 0;
		for (int i = 0; i < t.angleCount(); i++) {
			double[] s = gauged.shiftAt(t.anglesDeg()[i]);
			double ex = gauged.axisOffsetPx() + s[0] - t.axisOffsetPx() - t.dx(i), ey = s[1] - t.dy(i);
			sum += ex * ex + ey * ey;
		}
		return Math.sqrt(sum / t.angleCount());
	}
}
