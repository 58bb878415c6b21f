package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.report.SpectrumPlot;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.MapSettings;
import org.fusedtomo.spectra.SpectralLines;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Element maps from a folder of spectrum-image files, one per tilt ({@link ElementMapSeries}, as
 * {@code fusedtomo maps}): the HAADF series, the maps stacked as (x, y, angle, element) and the sum spectrum
 * of every tilt with the windows drawn on it.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Extract Element Maps...")
public final class ExtractElementMapsCommand extends TomoCommand {

	/** Opens the files; tests put synthetic spectrum images here. */
	static ElementMapSeries.Opener opener = SpectrumImageReaders::open;

	@Parameter(persist = false, label = "Folder", style = "directory", description = "Folder of spectrum-image files (.bcf, .emd, .dm3, .dm4), one per tilt.")
	private File folder;

	@Parameter(persist = false, label = "Lines", description = "Comma-separated X-ray lines (Fe_Ka, Pt_La ...) and/or EELS edges (Co_L3, O_K ...).")
	private String lines = "Fe_Ka,Pt_La,S_Ka";

	@Parameter(persist = false, label = "EDS background", choices = { "none", "windows" },
		description = "none: the window's counts (HyperSpy's default); windows: subtract the line through two side windows.")
	private String background = "none";

	@Parameter(persist = false, label = "EDS resolution at Mn Ka (eV)", min = "1", description = "Detector FWHM at Mn Ka; sets the window widths.")
	private double resolution = MapSettings.DEFAULT.resolutionMnKaEv();

	@Parameter(persist = false, label = "EELS pre-edge width (eV)", min = "0.001", description = "Window before the onset in which the power law is fitted.")
	private double preEdge = MapSettings.DEFAULT.preEdgeEv();

	@Parameter(persist = false, label = "EELS edge width (eV)", min = "0.001", description = "Integration window from the onset.")
	private double edgeWidth = MapSettings.DEFAULT.edgeWidthEv();

	@Parameter(persist = false, label = "EELS fit binning", min = "1", description = "Fit the power-law exponent on N x N pixel blocks; 1 = per pixel.")
	private int fitBin = 1;

	@Parameter(persist = false, label = "Binning", min = "1", description = "Sum N x N neighbouring pixels into one.")
	private int bin = 1;

	@Parameter(persist = false, label = "Angles (deg)", required = false,
		description = "Only for files without a tilt in their metadata or name: first:last:step or a list, in file-name order.")
	private String angles = "";

	@Parameter(type = ItemIO.OUTPUT, label = "HAADF", attrs = { @Attr(name = "angles", value = "mapAngles"), @Attr(name = "binning", value = "bin") })
	private Img<FloatType> haadf;

	@Parameter(type = ItemIO.OUTPUT, label = "Element maps", attrs = { @Attr(name = "angles", value = "mapAngles"), @Attr(name = "channels", value = "elements"),
		@Attr(name = "binning", value = "bin") })
	private Img<FloatType> maps;

	@Parameter(type = ItemIO.OUTPUT, label = "Sum spectra")
	private ImagePlus spectrum;

	@Parameter(type = ItemIO.OUTPUT, label = "Angles")
	private String mapAngles;

	@Parameter(type = ItemIO.OUTPUT, label = "Elements")
	private String elements;

	@Parameter(type = ItemIO.OUTPUT, label = "Pixel size")
	private String pixelSize;

	@Override
	protected void execute(Monitor monitor) {
		if (folder == null)
			throw new IllegalArgumentException("Choose the folder of spectrum-image files");
		MapSettings s = MapSettings.DEFAULT.withEdsBackground(background.equals("windows")).withResolution(resolution)
			.withEels(preEdge, MapSettings.DEFAULT.edgeGapEv(), edgeWidth, fitBin).withBin(bin);
		List<SpectralLines.Line> parsed = ElementMapSeries.lines(lines);
		if (parsed.stream().map(SpectralLines.Line::element).distinct().count() < parsed.size())
			throw new IllegalArgumentException("Lines '" + lines + "' name an element twice; the maps become one channel per element here (the command line 'maps' takes several lines of one element)");
		double[] fallback = angles == null || angles.isBlank() ? null : TiltSeriesImgs.parseAngles(angles);
		ElementMapSeries.Result r;
		try {
			r = ElementMapSeries.run(ElementMapSeries.files(List.of(folder.toPath())), parsed, s, fallback, opener, monitor);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e.getMessage(), e);
		}
		List<TiltSeries> chemical = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (SpectralLines.Line l : parsed) {
			String name = r.outputNames().get(l.name());
			chemical.add(r.series().get(name));
			names.add(name);
		}
		double[] a = chemical.get(0).anglesDeg();
		SpectrumKind kind = r.windows().keySet().iterator().next();
		ImagePlus plot = SpectrumPlot.of(kind + " sum spectrum per tilt", r.axes().get(kind), r.sumSpectra().get(kind), a, r.windows().get(kind));
		r.notes().forEach(this::info);
		TiltSeries h = r.series().get(ElementMapSeries.HAADF);
		haadf = h == null ? null : h.img();
		maps = TiltSeriesImgs.stackSeries(chemical);
		spectrum = plot;
		mapAngles = TiltSeriesImgs.formatAngles(a);
		elements = String.join(",", names);
		pixelSize = String.format(Locale.ROOT, "%s %s", chemical.get(0).calibration().pixelSize(), chemical.get(0).calibration().unit());
	}
}
