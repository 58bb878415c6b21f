package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Applies a saved alignment to any series, e.g. the chemical maps aligned by their HAADF series: at
 * other angles the shifts are interpolated ({@link Alignment#apply}); tilts beyond the alignment's range are
 * refused ({@link Alignment#requireCovers}). Each channel is aligned alike. With the
 * survey series recorded with the maps and the raw HAADF series, each map is first registered through its
 * survey image to the HAADF projection at the nearest tilt ({@link SurveyRegistration}), in the same resampling.
 * Pixels shifted in from outside are NaN, not measured ({@link ShiftInterpolation#MISSING}), as {@code align} writes them.
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

	@Parameter(persist = false, required = false, label = "Survey series (optional)", style = FileWidget.OPEN_STYLE,
		description = "The survey (ADF/HAADF) tilt series recorded with these chemical maps (same scan: their pixels and tilts), as a file with its angles: "
			+ "each survey image is registered to the raw HAADF projection at the nearest tilt and the maps are moved by it and aligned in one step.")
	private File survey;

	@Parameter(persist = false, required = false, label = "Raw HAADF series (with a survey)", style = FileWidget.OPEN_STYLE,
		description = "The unaligned HAADF series the alignment was made from, as a file with its angles; needed with a survey series.")
	private File haadfFile;

	@Parameter(type = ItemIO.OUTPUT, label = "Aligned", attrs = { @Attr(name = "angles", value = "angles"), @Attr(name = "channelsOf", value = "series"),
		@Attr(name = "binningOf", value = "series") })
	private Img<FloatType> aligned;

	@Override
	protected void execute(Monitor monitor) {
		if (alignmentFile == null)
			throw new IllegalArgumentException("No alignment file given; save one with an alignment step first");
		Alignment alignment = AlignmentJson.load(alignmentFile.toPath());
		double[] anglesDeg = TiltSeriesImgs.parseAngles(angles);
		alignment.requireCovers(anglesDeg, alignmentFile.getName());
		List<TiltSeries> channels = TiltSeriesImgs.tiltSeries(series, anglesDeg, Calibration.PIXEL);
		AlignmentJson.checkSeries(alignmentFile.toPath(), channels.get(0), "the tilt series", "bin it as the aligned HAADF series was");
		if (survey == null && haadfFile != null)
			throw new IllegalArgumentException("A raw HAADF series is only used with a survey series; give the survey recorded with the maps, or leave both empty");
		TiltSeries haadf = null;
		SurveyRegistration registration = null;
		if (survey != null) {
			if (haadfFile == null)
				throw new IllegalArgumentException("A survey series needs the raw HAADF series the alignment was made from, to register it to");
			haadf = SeriesReaders.read(haadfFile.toPath()).haadf();
			registration = registered(SeriesReaders.read(survey.toPath()).haadf(), haadf, channels);
		}
		List<TiltSeries> out = new ArrayList<>();
		for (TiltSeries s : channels) {
			monitor.checkCancelled();
			out.add(registration == null ? alignment.apply(s, ShiftInterpolation.MISSING) : registration.aligned(s, alignment, haadf.geometry(), ShiftInterpolation.MISSING));
		}
		aligned = TiltSeriesImgs.stackSeries(out);
	}

	/** The survey's registration to the raw HAADF, checked against every channel; problems name the survey file. */
	private SurveyRegistration registered(TiltSeries images, TiltSeries haadf, List<TiltSeries> channels) {
		try {
			for (int c = 0; c < channels.size(); c++)
				SurveyRegistration.checkSameScan(images, channels.get(c), "channel " + (c + 1) + " of the series");
			SurveyRegistration r = SurveyRegistration.register(haadf, images);
			info(String.format(java.util.Locale.ROOT, "Survey %s: registered at %d tilts (scale %d from %s), worst quality %.2f", survey.getName(), r.tilts().size(), r.factor(),
				r.scaleSource().key(), r.worstQuality()));
			return r;
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(survey.toPath(), e.getMessage(), e);
		}
	}
}
