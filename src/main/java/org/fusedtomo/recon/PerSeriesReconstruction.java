package org.fusedtomo.recon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.projector.SampledProjector;

/**
 * Several tilt series (the HAADF and chemical series, or the channels of one image) each reconstructed on
 * its own by one single-series method, into volumes on one grid: that of a reference series (the HAADF),
 * {@code depth} voxels thick or as thick as it is wide ({@link VolumeGeometry#ofDepthOrWidth}), and
 * {@link VolumeGeometry#widened widened} by a margin for a specimen wider than the view. A series on a
 * coarser or smaller grid, by its {@link ChemicalSampling}, is reconstructed onto the reference's grid through
 * its {@link SampledProjector}. The command line and the Fiji commands run this loop; each adds what it shows.
 */
public final class PerSeriesReconstruction {

	/**
	 * One reconstructed series.
	 *
	 * @param name the series' name
	 * @param reconstruction the method's result
	 * @param volume its volume with the calibration of the grid it lies on (the reference's for a sampled series)
	 * @param seconds wall time of the reconstruction
	 */
	public record Part(String name, Reconstruction reconstruction, Volume volume, double seconds) {}

	private final ConventionalMethod method;
	private final ConventionalParameters parameters;
	private final int depth;
	private final int margin;
	private final ProjectorFactory projectors;

	/**
	 * @param depth volume depth in voxels; ≤ 0 for the reference's projection width
	 */
	public PerSeriesReconstruction(ConventionalMethod method, ConventionalParameters parameters, int depth) {
		this(method, parameters, depth, 0);
	}

	/**
	 * @param depth volume depth in voxels; ≤ 0 for the reference's projection width
	 * @param margin voxels added on each side in x ({@link VolumeGeometry#widened}); every series must then
	 *        be on the reference's grid
	 */
	public PerSeriesReconstruction(ConventionalMethod method, ConventionalParameters parameters, int depth, int margin) {
		this(method, parameters, depth, margin, ProjectorFactory.TOMOGRAPHY);
	}

	/**
	 * @param projectors makes each series' projector on the reference's grid (binned by a sampled series' sampling), e.g.
	 *        an alignment in the forward model ({@code align.ModelAlignment})
	 */
	public PerSeriesReconstruction(ConventionalMethod method, ConventionalParameters parameters, int depth, int margin, ProjectorFactory projectors) {
		if (margin < 0)
			throw new IllegalArgumentException("A volume's margin must be >= 0 voxels, got " + margin);
		this.method = method;
		this.parameters = parameters;
		this.depth = depth;
		this.margin = margin;
		this.projectors = projectors;
	}

	/**
	 * Reconstructs each of {@code series}, in order. Stops at the first failure or cancellation; what
	 * {@code finished} was given stays given.
	 *
	 * @param reference the series whose grid the volumes take
	 * @param samplings the grid of each series on the reference's; a series not named is on it (full)
	 * @param monitors the monitor of each series, by name
	 * @param finished told of each series when it is done, before the next starts (e.g. to write it)
	 * @return the volumes by name, as in {@link Part#volume}
	 */
	public Map<String, Volume> run(Map<String, TiltSeries> series, TiltSeries reference, Map<String, ChemicalSampling> samplings, Parallelism parallelism,
		Function<String, Monitor> monitors, Consumer<Part> finished) {
		Map<String, Volume> volumes = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			String name = e.getKey();
			TiltSeries b = e.getValue();
			long t0 = System.nanoTime();
			ChemicalSampling sampling = samplings.getOrDefault(name, ChemicalSampling.FULL);
			boolean own = sampling.isFull() && b.width() == reference.width() && b.height() == reference.height();
			if (!own && margin > 0)
				throw new IllegalArgumentException("Series " + name + " is not on the grid of the reference; a volume widened by a margin needs every series on it");
			Projector projector = own ? projectors.create(VolumeGeometry.ofDepthOrWidth(b.geometry(), depth).widened(margin), b.geometry(), parallelism)
				: SampledProjector.factory(projectors, sampling).create(VolumeGeometry.ofDepthOrWidth(reference.geometry(), depth), b.geometry(), parallelism);
			Monitor monitor = monitors.apply(name);
			Reconstruction r = method.run(projector, b, parameters, parallelism, monitor);
			Volume v = r.volume().withCalibration(own ? b.calibration() : reference.calibration());
			volumes.put(name, v);
			finished.accept(new Part(name, r, v, (System.nanoTime() - t0) * 1e-9));
		}
		return volumes;
	}
}
