package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.FourierShellCorrelation;
import org.fusedtomo.metrics.FscCriterion;
import org.fusedtomo.metrics.FscDirection;
import org.fusedtomo.metrics.FscResult;
import org.fusedtomo.metrics.HalfSetFsc;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Half-set resolution ({@link HalfSetFsc}): the projections are split even/odd, each half reconstructed,
 * and the halves correlated in Fourier shells, overall and in cones along x, y and z (the z value shows
 * the missing wedge). Resolutions at the 0.143 criterion, in pixels.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Resolution (FSC)...")
public final class ResolutionCommand extends TomoCommand {

	@Parameter(persist = false, label = "Tilt series", description = "Aligned projections (x, y, angle).")
	private RandomAccessibleInterval<FloatType> series;

	@Parameter(persist = false, label = "Tilt angles (deg)", description = "One angle per projection, comma-separated, or first:last:step.",
		attrs = @Attr(name = "anglesOf", value = "series"))
	private String angles;

	@Parameter(persist = false, label = "Method", choices = { "wbp", "sirt", "em", "tv" }, description = "Reconstruction of each half set.")
	private String method = "sirt";

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Iterations of sirt, em and tv.")
	private int iterations = 30;

	@Parameter(persist = false, label = "Cone half-angle (deg)", min = "1", max = "60", description = "Cone around each axis for the per-axis FSC.")
	private double cone = FourierShellCorrelation.DEFAULT_CONE_HALF_ANGLE_DEG;

	@Parameter(type = ItemIO.OUTPUT, label = "Resolution, all directions (px)")
	private Double resolution;

	@Parameter(type = ItemIO.OUTPUT, label = "Resolution along x (px)")
	private Double resolutionX;

	@Parameter(type = ItemIO.OUTPUT, label = "Resolution along y (px)")
	private Double resolutionY;

	@Parameter(type = ItemIO.OUTPUT, label = "Resolution along z (px)")
	private Double resolutionZ;

	@Override
	protected void execute(Monitor monitor) {
		TiltSeries b = TiltSeriesImgs.tiltSeries(series, angles);
		ConventionalMethod m = ConventionalMethod.parse(method);
		ConventionalParameters p = new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), ConventionalParameters.DEFAULT.lambdaTv());
		Parallelism par = parallelism();
		FscResult r = HalfSetFsc.of(b, half -> m.run(Projectors.create(VolumeGeometry.of(half.geometry(), half.width()), half.geometry(), par), half, p, par, monitor).volume(),
			new FourierShellCorrelation(cone, FourierShellCorrelation.DEFAULT_TAPER_FRACTION));
		info("FSC 0.143 resolution (px): all " + r.resolutionPx(FscDirection.ALL, FscCriterion.FIXED_0143) + ", z " + r.resolutionPx(FscDirection.Z, FscCriterion.FIXED_0143));
		resolution = r.resolutionPx(FscDirection.ALL, FscCriterion.FIXED_0143);
		resolutionX = r.resolutionPx(FscDirection.X, FscCriterion.FIXED_0143);
		resolutionY = r.resolutionPx(FscDirection.Y, FscCriterion.FIXED_0143);
		resolutionZ = r.resolutionPx(FscDirection.Z, FscCriterion.FIXED_0143);
	}
}
