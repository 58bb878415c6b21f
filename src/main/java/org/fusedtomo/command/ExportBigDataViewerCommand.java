package org.fusedtomo.command;

import java.io.File;

import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.BdvExport;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Exports the element volumes as a BigDataViewer XML/HDF5 dataset ({@link BdvExport}): one setup per
 * element with a multi-resolution pyramid, for BigDataViewer, BigStitcher and MoBIE.
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Export BigDataViewer XML-HDF5...")
public final class ExportBigDataViewerCommand extends ElementVolumesCommand {

	@Parameter(persist = false, label = "XML file", style = FileWidget.SAVE_STYLE, description = "The dataset's .xml; the .h5 is written beside it.")
	private File xml;

	@Parameter(persist = false, label = "Data type", choices = { "float32", "uint16" },
		description = "float32 is exact (BigDataViewer 10.4+); uint16 scales each element from its minimum to its maximum, for older viewers.")
	private String dataType = "float32";

	@Parameter(persist = false, label = "Levels", min = "0", description = "Resolution levels of the pyramid; 0 halves while every side stays at least 8 voxels.")
	private int levels = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "HDF5 file")
	private File hdf5;

	@Override
	protected void execute(Monitor monitor) {
		if (xml == null)
			throw new IllegalArgumentException("No XML file given for the BigDataViewer export");
		BdvExport.Options options = new BdvExport.Options("uint16".equalsIgnoreCase(dataType) ? BdvExport.BdvDataType.UINT16 : BdvExport.BdvDataType.FLOAT32,
			levels, BdvExport.Options.DEFAULT.blockSize());
		hdf5 = BdvExport.write(elementVolumes(), calibration().pixelSize(), calibration().unit(), xml.toPath(), options, AtomicFiles.protecting()).toFile();
		info("Wrote " + xml + " and " + hdf5);
	}
}
