package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * The shell shared by the show and export steps: element volumes (x, y, z, element), their element
 * names and their voxel size.
 */
public abstract class ElementVolumesCommand extends TomoCommand {

	@Parameter(persist = false, label = "Volumes", description = "Reconstructed volumes (x, y, z), or (x, y, z, element) with one channel per element.")
	private RandomAccessibleInterval<FloatType> volumes;

	@Parameter(persist = false, label = "Elements", description = "Element symbol of each channel, in order, e.g. Co, Mn, O.",
		attrs = @Attr(name = "channelsOf", value = "volumes"))
	private String elements;

	@Parameter(persist = false, label = "Voxel size", min = "0", description = "Edge of one voxel in the unit below.",
		attrs = @Attr(name = "calibrationOf", value = "volumes"))
	private double voxelSize = 1;

	@Parameter(persist = false, label = "Unit", description = "Unit of the voxel size, e.g. nm.", attrs = @Attr(name = "unitOf", value = "volumes"))
	private String unit = "pixel";

	/** The volumes by element, in channel order. */
	protected Map<String, Volume> elementVolumes() {
		return TiltSeriesImgs.elementVolumes(volumes, TiltSeriesImgs.parseElements(elements), calibration());
	}

	protected Calibration calibration() {
		return new Calibration(voxelSize, unit);
	}
}
