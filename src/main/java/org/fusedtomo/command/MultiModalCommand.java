package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.widget.FileWidget;

/**
 * A command whose input is a multi-modal series: the aligned HAADF stack and the aligned chemical maps
 * (one channel per element), each with its angles; optionally the survey series recorded with the maps, which
 * moves each map onto the HAADF ({@link SurveyRegistration}). Subclasses read it with {@link #series()}.
 */
public abstract class MultiModalCommand extends TomoCommand {

	@Parameter(persist = false, label = "HAADF series", description = "Aligned HAADF projections (x, y, angle).")
	private RandomAccessibleInterval<FloatType> haadf;

	@Parameter(persist = false, label = "HAADF angles (deg)", description = "One angle per HAADF projection, comma-separated, or first:last:step.",
		attrs = @Attr(name = "anglesOf", value = "haadf"))
	private String haadfAngles;

	@Parameter(persist = false, label = "Chemical maps", description = "Aligned chemical projections (x, y, angle, element), one channel per element.")
	private RandomAccessibleInterval<FloatType> chemical;

	@Parameter(persist = false, label = "Chemical angles (deg)", description = "One angle per chemical projection, shared by all elements.",
		attrs = @Attr(name = "anglesOf", value = "chemical"))
	private String chemicalAngles;

	@Parameter(persist = false, label = "Elements", description = "Element symbol of each chemical channel, in order, e.g. Co, Mn, O.",
		attrs = @Attr(name = "channelsOf", value = "chemical"))
	private String elements;

	@Parameter(persist = false, label = "Average repeated tilts", required = false,
		description = "Where a HAADF tilt was recorded several times (equal angles), align its exposures to each other by cross-correlation and use their average; off, every exposure is a projection of its own.")
	private boolean averageRepeats = false;

	@Parameter(persist = false, required = false, label = "Survey series (optional)", style = FileWidget.OPEN_STYLE,
		description = "The survey (ADF/HAADF) tilt series recorded with the chemical maps (same scan: the maps' pixels and tilts), as a file with its angles: "
			+ "each survey image is registered to the HAADF projection at the nearest tilt and every element's map moved by it. The maps may then be unaligned.")
	private File survey;

	@Parameter(persist = false, required = false, label = "Chemical sampling (factor[,x0,y0])",
		description = "When the chemical maps have coarser pixels or a smaller field of view than the HAADF: each map pixel covers factor x factor HAADF pixels from HAADF pixel (x0, y0) (default 0,0), e.g. 2 or 4,16,8; they are fused as they are, never resampled. Empty: the maps have the HAADF's pixels.")
	private String chemicalSampling = "";

	@Parameter(persist = false, required = false, label = "Chemical binning (0: as the maps say)", min = "0", attrs = @Attr(name = "binningOf", value = "chemical"),
		description = "When the maps were binned N x N after recording (Extract Element Maps' Binning, align --bin), each map pixel sums or averages N x N recorded pixels "
			+ "and their counts are read so. 0: as the chemical image says (the fusedtomo.binning line of its Info, which those write), else 1.")
	private int chemicalBinning = 0;

	/** The inputs as one series; throws naming the mismatch when channels and element names disagree. */
	protected MultiModalSeries series() {
		List<String> names = TiltSeriesImgs.parseElements(elements);
		TiltSeries h = TiltSeriesImgs.averageRepeats(TiltSeriesImgs.tiltSeries(haadf, haadfAngles), averageRepeats, "HAADF", this::info);
		List<TiltSeries> maps = TiltSeriesImgs.tiltSeries(chemical, TiltSeriesImgs.parseAngles(chemicalAngles), Calibration.PIXEL);
		if (maps.size() != names.size())
			throw new IllegalArgumentException("The chemical maps have " + maps.size() + " channels but " + names.size() + " elements were named: " + names);
		Map<String, TiltSeries> byElement = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++)
			byElement.put(names.get(i), maps.get(i));
		Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
		if (chemicalSampling != null && !chemicalSampling.isBlank()) {
			ChemicalSampling s;
			try {
				s = ChemicalSampling.parse(chemicalSampling);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("Chemical sampling: " + e.getMessage());
			}
			names.forEach(el -> samplings.put(el, s));
		}
		if (survey != null)
			moveBySurvey(h, byElement, samplings);
		try {
			// NB: 0 is "as the image says", read by the dialog (ParameterDialog); a caller without an image gives none: as recorded.
			return new MultiModalSeries(h, byElement, samplings).binned(Math.max(1, chemicalBinning));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("The chemical maps do not lie on the HAADF series' grid: " + e.getMessage() + " (Chemical sampling: factor[,x0,y0])");
		}
	}

	/** Whether a survey series was given (its registration moves the maps). */
	protected boolean hasSurvey() {
		return survey != null;
	}

	/**
	 * Each map moved by the registration of {@link #survey} ({@link SurveyRegistration}) onto the window of
	 * the HAADF grid the registration found, which becomes its sampling (it decides over a sampling given); pixels
	 * moved in from outside are NaN, not measured, as in {@code reconstruct}.
	 */
	private void moveBySurvey(TiltSeries haadfSeries, Map<String, TiltSeries> byElement, Map<String, ChemicalSampling> samplings) {
		Path file = survey.toPath();
		TiltSeries images = SeriesReaders.read(file).haadf();
		try {
			for (Map.Entry<String, TiltSeries> e : byElement.entrySet())
				SurveyRegistration.checkSameScan(images, e.getValue(), "the " + e.getKey() + " maps");
			SurveyRegistration r = SurveyRegistration.register(haadfSeries, images);
			byElement.replaceAll((element, m) -> r.moved(m, ShiftInterpolation.MISSING));
			byElement.keySet().forEach(element -> samplings.put(element, r.sampling()));
			info(String.format(java.util.Locale.ROOT, "Survey %s: registered at %d tilts (scale %d from %s), offsets up to %.2f px, worst quality %.2f", file.getFileName(),
				r.tilts().size(), r.factor(), r.scaleSource().key(), r.tilts().stream().mapToDouble(t -> Math.hypot(t.dx(), t.dy())).max().orElse(0), r.worstQuality()));
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(file, e.getMessage(), e);
		}
	}
}
