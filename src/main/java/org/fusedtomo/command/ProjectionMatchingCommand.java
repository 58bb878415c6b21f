package org.fusedtomo.command;

import java.util.Arrays;
import java.util.List;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.ProjectionMatching;
import org.fusedtomo.align.ProjectionMatchingOptions;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Fine alignment by multi-resolution reconstruct-reproject-match rounds ({@link ProjectionMatching}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Align by Projection Matching...")
public final class ProjectionMatchingCommand extends AlignmentCommand {

	@Parameter(persist = false, label = "Bin factors", description = "Resolution levels, coarse to fine, comma-separated (e.g. 4,2,1).")
	private String binnings = "4,2,1";

	@Parameter(persist = false, label = "SIRT iterations", min = "1", description = "SIRT iterations per reconstruction.")
	private int sirtIterations = ProjectionMatchingOptions.DEFAULT.sirtIterations();

	@Parameter(persist = false, label = "Rounds per level", min = "1", description = "Largest number of reconstruct-reproject-match rounds per level.")
	private int rounds = ProjectionMatchingOptions.DEFAULT.maxIterations();

	@Override
	protected Alignment align(TiltSeries raw, Alignment initial, Monitor monitor) {
		List<Integer> levels;
		try {
			levels = Arrays.stream(binnings.trim().split("[,;\\s]+")).map(Integer::valueOf).toList();
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("Bin factors '" + binnings + "' must be whole numbers separated by commas, e.g. 4,2,1");
		}
		ProjectionMatchingOptions d = ProjectionMatchingOptions.DEFAULT;
		ProjectionMatchingOptions options = new ProjectionMatchingOptions(levels, sirtIterations, rounds, d.damping(), d.tolerancePx(), d.correlation());
		return new ProjectionMatching(options, parallelism()).run(raw, initial, monitor).alignment();
	}
}
