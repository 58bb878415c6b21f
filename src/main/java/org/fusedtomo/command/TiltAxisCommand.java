package org.fusedtomo.command;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.TiltAxisFinder;
import org.fusedtomo.align.TiltAxisOptions;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Finds the tilt axis' in-plane rotation and, optionally, its offset ({@link TiltAxisFinder}). After
 * centre-of-mass alignment leave the offset off: that alignment already put the axis through the object.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Find Tilt Axis...")
public final class TiltAxisCommand extends AlignmentCommand {

	@Parameter(persist = false, label = "Largest rotation (deg)", min = "0.1", max = "45", description = "The rotation is searched within ± this of the start, degrees.")
	private double maxRotation = TiltAxisOptions.DEFAULT.maxRotationDeg();

	@Parameter(persist = false, label = "Find offset", description = "Also search the axis offset by SIRT reprojection error (after cross-correlation or projection matching).")
	private boolean findOffset = false;

	@Parameter(persist = false, label = "Largest offset (px)", min = "0.5", description = "The offset is searched within ± this of the start, pixels.")
	private double maxOffset = TiltAxisOptions.DEFAULT.maxOffsetPx();

	@Override
	protected Alignment align(TiltSeries raw, Alignment initial, Monitor monitor) {
		TiltAxisOptions d = TiltAxisOptions.DEFAULT;
		TiltAxisOptions options = new TiltAxisOptions(maxRotation, maxOffset, d.rotationStepDeg(), d.offsetStepPx(), d.rotationToleranceDeg(),
			d.offsetTolerancePx(), d.slices(), d.rowFraction(), d.sirtIterations());
		TiltAxisFinder finder = new TiltAxisFinder(options, parallelism());
		if (findOffset)
			return finder.run(raw, initial, monitor);
		return initial.withAxis(finder.findRotation(raw, initial.axisRotationDeg(), monitor), initial.axisOffsetPx(), "tilt-axis rotation");
	}
}
