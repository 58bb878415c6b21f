package org.fusedtomo.command;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.CentreOfMassAlignment;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Coarse alignment that puts each projection's centre of mass on the tilt axis ({@link CentreOfMassAlignment}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Align by Centre of Mass...")
public final class CentreOfMassAlignmentCommand extends AlignmentCommand {

	@Parameter(persist = false, label = "Align x", description = "Centre the projections across the tilt axis.")
	private boolean alignX = true;

	@Parameter(persist = false, label = "Align y", description = "Centre the projections along the tilt axis.")
	private boolean alignY = true;

	@Override
	protected Alignment align(TiltSeries raw, Alignment initial, Monitor monitor) {
		return new CentreOfMassAlignment(alignX, alignY).run(raw, initial, monitor);
	}
}
