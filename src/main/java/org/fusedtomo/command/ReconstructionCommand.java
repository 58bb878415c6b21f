package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.PerSeriesReconstruction;
import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * The shell shared by the single-series reconstructions (WBP, SIRT, EM, TV): an aligned series, or
 * one chemical series per channel, each reconstructed on its own by its {@link org.fusedtomo.recon.ReconstructionMethod} ({@link ConventionalMethod#with})
 * into a volume of the projections' width and height ({@link PerSeriesReconstruction}). Repeated tilts (equal angles) are used exposure by
 * exposure, or, with "Average repeated tilts", aligned and averaged first ({@link org.fusedtomo.align.RepeatAveraging}).
 */
public abstract class ReconstructionCommand extends TomoCommand {

	@Parameter(persist = false, label = "Tilt series", description = "Aligned projections (x, y, angle), or (x, y, angle, element): one volume per channel.")
	private RandomAccessibleInterval<FloatType> series;

	@Parameter(persist = false, label = "Tilt angles (deg)", description = "One angle per projection, comma-separated, or first:last:step.",
		attrs = @Attr(name = "anglesOf", value = "series"))
	private String angles;

	@Parameter(persist = false, label = "Average repeated tilts", required = false,
		description = "Where a tilt was recorded several times (equal angles), align its exposures to each other by cross-correlation and reconstruct from their average; off, every exposure is a projection of its own.")
	private boolean averageRepeats = false;

	@Parameter(persist = false, label = "Thickness (voxels)", min = "0", description = "Volume depth z in voxels; 0 uses the projection width.")
	private int depth = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Volume", attrs = @Attr(name = "channelsOf", value = "series"))
	private Img<FloatType> volume;

	@Override
	protected final void execute(Monitor monitor) {
		List<TiltSeries> channels = TiltSeriesImgs.tiltSeries(series, TiltSeriesImgs.parseAngles(angles), Calibration.PIXEL);
		Map<String, TiltSeries> named = new LinkedHashMap<>();
		for (int c = 0; c < channels.size(); c++)
			named.put("channel " + (c + 1) + "/" + channels.size(), TiltSeriesImgs.averageRepeats(channels.get(c), averageRepeats, getClass().getSimpleName(), this::info));
		TiltSeries first = named.values().iterator().next();
		// NB: a specimen wider than the view gets a margin beyond it, as reconstruct's and the fused command's default.
		int margin = FieldOfView.automaticMargin(first, VolumeGeometry.ofDepthOrWidth(first.geometry(), depth).depth());
		if (margin > 0)
			info("The specimen leaves the field of view: " + margin + " voxels added beyond the view on each side");
		Map<String, Volume> out = new PerSeriesReconstruction(method(), parameters(), depth, margin).run(named, first, Map.of(), parallelism(),
			name -> channels.size() == 1 ? monitor : monitor.prefixed(name), part -> {});
		volume = TiltSeriesImgs.stackVolumes(List.copyOf(out.values()));
	}

	/** The algorithm. */
	protected abstract ConventionalMethod method();

	/** Its settings from this command's inputs. */
	protected abstract ConventionalParameters parameters();
}
