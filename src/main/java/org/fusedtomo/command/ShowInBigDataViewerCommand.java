package org.fusedtomo.command;

import org.fusedtomo.ij1.ElementComposite;
import org.fusedtomo.ij1.Viewers;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Shows the element composite in BigDataViewer (Fiji), or ImageJ's orthogonal views without it ({@link Viewers}). It needs a display, so it is not headless.
 */
@Plugin(type = Command.class, headless = false, menuPath = TomoCommand.MENU + "Show in BigDataViewer...")
public final class ShowInBigDataViewerCommand extends ElementVolumesCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "Shown with")
	private String shownWith;

	@Override
	protected void execute(Monitor monitor) {
		shownWith = Viewers.showInBigDataViewer(ElementComposite.of("Elements", elementVolumes(), calibration()));
	}
}
