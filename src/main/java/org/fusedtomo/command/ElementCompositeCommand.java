package org.fusedtomo.command;

import ij.ImagePlus;

import org.fusedtomo.ij1.ElementComposite;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The element volumes as one calibrated composite, one colour per element ({@link ElementComposite}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Show Element Composite...")
public final class ElementCompositeCommand extends ElementVolumesCommand {

	@Parameter(persist = false, label = "Title", description = "Title of the composite image.")
	private String title = "Elements";

	@Parameter(type = ItemIO.OUTPUT, label = "Composite")
	private ImagePlus composite;

	@Override
	protected void execute(Monitor monitor) {
		composite = ElementComposite.of(title, elementVolumes(), calibration());
	}
}
