package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.util.ArrayList;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Simulates a seeded multi-element phantom (DESIGN §6) and its acquisition: a HAADF series and one
 * chemical series per element, stacked as (x, y, angle, element).
 */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Simulate Phantom...")
public final class SimulatePhantomCommand extends TomoCommand {

	@Parameter(persist = false, label = "Phantom", choices = { Phantoms.CORE_SHELL, Phantoms.AU_ON_SUPPORT, Phantoms.BLOBS, Phantoms.LAYERED_PARTICLES, Phantoms.SHELL_CAP_ROD }, description = "Which multi-element object.")
	private String phantom = Phantoms.CORE_SHELL;

	@Parameter(persist = false, label = "Size (voxels)", min = "16", max = "512", description = "Edge of the cubic volume and of the projections, voxels.")
	private int size = 64;

	@Parameter(persist = false, label = "HAADF angles (deg)", description = "HAADF tilts: a list or first:last:step.")
	private String haadfTilts = "-70:70:3";

	@Parameter(persist = false, label = "Chemical angles (deg)", description = "Chemical-map tilts: a list or first:last:step.")
	private String chemicalTilts = "-60:60:15";

	@Parameter(persist = false, label = "Chemical counts per pixel", min = "0.001", description = "Mean expected counts per chemical-map pixel over the object.")
	private double counts = 10;

	@Parameter(persist = false, label = "HAADF dose", min = "1", description = "Expected electrons at the brightest HAADF pixel.")
	private double dose = 1e4;

	@Parameter(persist = false, label = "Drift RMS (px)", min = "0", description = "Random per-projection shift, pixels RMS per axis.")
	private double drift = 0;

	@Parameter(persist = false, label = "Seed", description = "Seeds the phantom, the drift and the noise.")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "HAADF", attrs = @Attr(name = "angles", value = "haadfAngles"))
	private Img<FloatType> haadf;

	@Parameter(type = ItemIO.OUTPUT, label = "Chemical maps", attrs = { @Attr(name = "angles", value = "chemicalAngles"), @Attr(name = "channels", value = "elements") })
	private Img<FloatType> chemical;

	@Parameter(type = ItemIO.OUTPUT, label = "HAADF angles")
	private String haadfAngles;

	@Parameter(type = ItemIO.OUTPUT, label = "Chemical angles")
	private String chemicalAngles;

	@Parameter(type = ItemIO.OUTPUT, label = "Elements")
	private String elements;

	@Override
	protected void execute(Monitor monitor) {
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(TiltSeriesImgs.parseAngles(haadfTilts))
			.withChemAnglesDeg(TiltSeriesImgs.parseAngles(chemicalTilts)).withCountsPerPixel(counts).withHaadfDose(dose).withShiftRmsPx(drift).withSeed(seed);
		SimulatedData data = new Simulator(parallelism()).simulate(Phantoms.create(phantom, VolumeGeometry.cube(size), seed), p, monitor);
		haadf = data.haadf().img();
		chemical = TiltSeriesImgs.stackSeries(new ArrayList<>(data.chemical().values()));
		haadfAngles = TiltSeriesImgs.formatAngles(p.haadfAnglesDeg());
		chemicalAngles = TiltSeriesImgs.formatAngles(p.chemAnglesDeg());
		elements = String.join(",", data.chemical().keySet());
	}
}
