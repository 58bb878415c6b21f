package org.fusedtomo.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Applies a saved alignment to any series, e.g. the chemical maps aligned by their HAADF series: at
 * other angles the shifts are interpolated ({@link Alignment#apply}). Each channel is aligned alike.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Apply Saved Alignment...")
public final class ApplyAlignmentCommand extends TomoCommand {

	@Parameter(persist = false, label = "Tilt series", description = "Projections (x, y, angle), or (x, y, angle, element) for chemical maps.")
	private RandomAccessibleInterval<FloatType> series;

	@Parameter(persist = false, label = "Tilt angles (deg)", description = "One angle per projection, comma-separated, or first:last:step.",
		attrs = @Attr(name = "anglesOf", value = "series"))
	private String angles;

	@Parameter(persist = false, label = "Alignment file", style = FileWidget.OPEN_STYLE, description = "alignment.json written by an alignment step.")
	private File alignmentFile;

	@Parameter(type = ItemIO.OUTPUT, label = "Aligned", attrs = { @Attr(name = "angles", value = "angles"), @Attr(name = "channelsOf", value = "series") })
	private Img<FloatType> aligned;

	@Override
	protected void execute(Monitor monitor) {
		if (alignmentFile == null)
			throw new IllegalArgumentException("No alignment file given; save one with an alignment step first");
		Alignment alignment = AlignmentJson.load(alignmentFile.toPath());
		List<TiltSeries> out = new ArrayList<>();
		for (TiltSeries s : TiltSeriesImgs.tiltSeries(series, TiltSeriesImgs.parseAngles(angles), Calibration.PIXEL)) {
			monitor.checkCancelled();
			out.add(alignment.apply(s));
		}
		aligned = TiltSeriesImgs.stackSeries(out);
	}
}
