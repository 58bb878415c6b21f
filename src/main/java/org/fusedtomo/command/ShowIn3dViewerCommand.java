package org.fusedtomo.command;

import org.fusedtomo.ij1.ElementComposite;
import org.fusedtomo.ij1.Viewers;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Shows the element composite in the 3D Viewer (Fiji), or ImageJ's rotating 3D projection without it ({@link Viewers}). It needs a display, so it is not headless.
 */
@Plugin(type = Command.class, headless = false, menuPath = TomoCommand.MENU + "Show in 3D Viewer...")
public final class ShowIn3dViewerCommand extends ElementVolumesCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "Shown with")
	private String shownWith;

	@Override
	protected void execute(Monitor monitor) {
		shownWith = Viewers.showIn3dViewer(ElementComposite.of("Elements", elementVolumes(), calibration()));
	}
}
