package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedMaps;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * 2D fusion ({@link FusedMaps}): fused chemical maps from one HAADF image and one map per element, with
 * the 2D defaults. Background-subtract the maps first (the reference subtracts each map's minimum).
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Fuse 2D Maps...")
public final class Fused2dCommand extends TomoCommand {

	@Parameter(persist = false, label = "HAADF image", description = "HAADF image (x, y), recorded with the chemical maps.")
	private RandomAccessibleInterval<FloatType> haadf;

	@Parameter(persist = false, label = "Chemical maps", description = "One map per element: (x, y, element), as slices or channels.")
	private RandomAccessibleInterval<FloatType> chemical;

	@Parameter(persist = false, label = "Elements", description = "Element symbol of each map, in order, e.g. Co, Mn, O.")
	private String elements;

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Fused iterations.")
	private int iterations = FusedMaps.DEFAULT.iterations();

	@Parameter(persist = false, label = "Gamma", min = "1", max = "4", description = "HAADF exponent of the model sum_e w_e x_e^gamma.")
	private double gamma = FusedMaps.DEFAULT.gamma();

	@Parameter(persist = false, label = "lambda HAADF", min = "0", description = "HAADF step of the reference solver (> 0).")
	private double lambdaHaadf = FusedMaps.DEFAULT.lambdaHaadf();

	@Parameter(persist = false, label = "lambda chemistry", min = "0", description = "Weight of the Poisson chemical term (> 0).")
	private double lambdaChem = FusedMaps.DEFAULT.lambdaChem();

	@Parameter(persist = false, label = "lambda TV", min = "0", description = "TV weight on maps normalised to 1.")
	private double lambdaTv = FusedMaps.DEFAULT.lambdaTv();

	@Parameter(persist = false, label = "Z weights", choices = { "1", "0", "2", "3", "4" }, description = "0: 1, 1: Z/mean Z (2D reference), 2: Z^g/mean Z^g, 3: Z/sum Z, 4: Z^g/sum Z^g.")
	private String weights = "" + FusedMaps.DEFAULT.weightMethod().code();

	@Parameter(persist = false, label = "Solver", choices = { "reference", "proximal" }, description = "reference: the published scheme; proximal: monotone FISTA on the same cost.")
	private String solver = FusedMaps.DEFAULT.solver().key();

	@Parameter(type = ItemIO.OUTPUT, label = "Fused maps")
	private Img<FloatType> fused;

	@Parameter(type = ItemIO.OUTPUT, label = "HAADF model")
	private Img<FloatType> haadfModel;

	@Override
	protected void execute(Monitor monitor) {
		List<String> names = TiltSeriesImgs.parseElements(elements);
		List<TiltSeries> maps = maps(chemical, "chemical maps");
		if (maps.size() != names.size())
			throw new IllegalArgumentException("The chemical maps image has " + maps.size() + " maps but " + names.size() + " elements were named: " + names);
		List<TiltSeries> h = maps(haadf, "HAADF image");
		if (h.size() != 1)
			throw new IllegalArgumentException("The HAADF image must be one 2D image, got " + h.size());
		Map<String, TiltSeries> byElement = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++)
			byElement.put(names.get(i), maps.get(i));
		FusedParameters p = parameters();
		FusedMaps.Result r = FusedMaps.run(new MultiModalSeries(h.get(0), byElement), p, monitor);
		fused = planes(new ArrayList<>(r.fused().volumes().values()).stream().map(Volume::data).toList(), h.get(0));
		haadfModel = planes(List.of(r.haadfModel().data()), h.get(0));
	}

	/** The 2D defaults of the chosen solver with these fields; λ_H only when it differs from the default, as the proximal solver has none, and the iterations only when changed, as the 3D command gives them. */
	FusedParameters parameters() {
		double defaultLambdaHaadf = FusedMaps.DEFAULT.lambdaHaadf();
		return FusedMaps.defaults(FusedSolver.parse(solver)).toBuilder().gamma(gamma).weights(Integer.parseInt(weights.trim())).lambdaChem(lambdaChem).lambdaTv(lambdaTv)
			.lambdaHaadf(lambdaHaadf == defaultLambdaHaadf ? null : lambdaHaadf).iterations(FusedReconstructionCommand.changed(iterations, FusedMaps.DEFAULT.iterations())).threads(parallelism().threads()).build();
	}

	/** The maps of an (x, y), (x, y, map) or (x, y, 1, map) image, each one projection at 0°. */
	static List<TiltSeries> maps(RandomAccessibleInterval<FloatType> img, String what) {
		RandomAccessibleInterval<FloatType> m = img;
		if (m.numDimensions() == 4 && m.dimension(2) == 1)
			m = Views.hyperSlice(m, 2, m.min(2));
		if (m.numDimensions() == 2)
			m = Views.addDimension(m, 0, 0);
		if (m.numDimensions() != 3)
			throw new IllegalArgumentException("The " + what + " must be 2D images (x, y, map), got " + img.numDimensions() + " dimensions");
		// (x, y, map) -> (x, y, 1, map): one single-projection series per map.
		RandomAccessibleInterval<FloatType> series = Views.permute(Views.addDimension(m, 0, 0), 2, 3);
		return TiltSeriesImgs.tiltSeries(series, new double[] { 0 }, Calibration.PIXEL);
	}

	/** The maps stacked as (x, y, map), or (x, y) for one. */
	private static Img<FloatType> planes(List<float[]> maps, TiltSeries like) {
		int w = like.width(), h = like.height(), n = w * h;
		float[] d = new float[n * maps.size()];
		for (int i = 0; i < maps.size(); i++)
			System.arraycopy(maps.get(i), 0, d, i * n, n);
		return maps.size() == 1 ? ArrayImgs.floats(d, w, h) : ArrayImgs.floats(d, w, h, maps.size());
	}
}
