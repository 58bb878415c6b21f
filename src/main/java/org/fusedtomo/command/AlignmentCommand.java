package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.io.File;
import java.nio.charset.StandardCharsets;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * The shell shared by the alignment steps: a raw (background-subtracted) HAADF series and its angles,
 * an optional alignment to refine (from an earlier step's file), and as outputs the aligned series and
 * the alignment as JSON ({@link AlignmentJson}), also saved to a file when one is named. As {@code align} writes it,
 * the aligned series is NaN where a shifted projection has no data ({@link ShiftInterpolation#MISSING}); a series
 * with such pixels (an earlier step's output) is searched with them read as 0, no signal ({@link MissingData#filled}),
 * and they stay NaN in the output.
 */
public abstract class AlignmentCommand extends TomoCommand {

	@Parameter(persist = false, label = "Tilt series", description = "Raw HAADF projections (x, y, angle), background subtracted.")
	private RandomAccessibleInterval<FloatType> series;

	@Parameter(persist = false, label = "Tilt angles (deg)", description = "One angle per projection, comma-separated, or first:last:step.",
		attrs = @Attr(name = "anglesOf", value = "series"))
	private String angles;

	@Parameter(persist = false, label = "Start from alignment", required = false, style = FileWidget.OPEN_STYLE,
		description = "alignment.json of an earlier step to refine; none starts from no shifts and a vertical axis.")
	private File initialAlignment;

	@Parameter(persist = false, label = "Save alignment to", required = false, style = FileWidget.SAVE_STYLE,
		description = "Where to write the alignment JSON (atomically); none writes nothing.")
	private File alignmentFile;

	@Parameter(type = ItemIO.OUTPUT, label = "Aligned", attrs = { @Attr(name = "angles", value = "angles"), @Attr(name = "binningOf", value = "series") })
	private Img<FloatType> aligned;

	@Parameter(type = ItemIO.OUTPUT, label = "Alignment (JSON)")
	private String alignment;

	@Override
	protected final void execute(Monitor monitor) {
		TiltSeries input = TiltSeriesImgs.tiltSeries(series, angles), raw = MissingData.filled(input);
		Alignment start = initialAlignment == null ? Alignment.identity(raw.anglesDeg()) : AlignmentJson.load(initialAlignment.toPath());
		if (initialAlignment != null)
			AlignmentJson.checkSeries(initialAlignment.toPath(), raw, "the tilt series", "bin it as the series it was aligned on was");
		if (!start.matches(raw.geometry()))
			throw new IllegalArgumentException(initialAlignment + " holds an alignment for " + start.angleCount() + " other angles than this series' " + raw.angleCount());
		// The alignment refined is an input: checked before the work, not overwritten after it.
		AtomicFiles files = initialAlignment == null ? AtomicFiles.protecting() : AtomicFiles.protecting(initialAlignment.toPath());
		if (alignmentFile != null)
			files.checkWritable(alignmentFile.toPath());
		Alignment found = align(raw, start, monitor);
		// With the grid its shifts are in pixels of, as align writes it, so Apply Saved Alignment can refuse another binning.
		alignment = AlignmentJson.withSeries(AlignmentJson.toJson(found), raw);
		if (alignmentFile != null) {
			byte[] json = alignment.getBytes(StandardCharsets.UTF_8);
			files.write(alignmentFile.toPath(), out -> out.write(json));
		}
		info(getClass().getSimpleName() + ": " + found);
		aligned = found.apply(input, ShiftInterpolation.MISSING).img();
	}

	/** The one core call: {@code initial} refined on {@code raw}. */
	protected abstract Alignment align(TiltSeries raw, Alignment initial, Monitor monitor);
}
