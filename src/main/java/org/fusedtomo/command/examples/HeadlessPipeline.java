package org.fusedtomo.command.examples;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.fusedtomo.command.CentreOfMassAlignmentCommand;
import org.fusedtomo.command.ApplyAlignmentCommand;
import org.fusedtomo.command.ExportBigDataViewerCommand;
import org.fusedtomo.command.FusedReconstructionCommand;
import org.fusedtomo.command.SimulatePhantomCommand;
import org.fusedtomo.command.SubtractBackgroundCommand;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Headless scripting from Java: the pipeline as a chain of commands run by a {@link CommandService} in
 * a {@link Context} that the caller owns (no display, no static state). Each command's outputs feed the
 * next one's inputs by name, exactly as in a Fiji script. Run it with
 * {@code java -cp "target/classes:target/lib/*" org.fusedtomo.command.examples.HeadlessPipeline OUT_DIR}.
 */
public final class HeadlessPipeline {

	private final CommandService commands;

	public HeadlessPipeline(Context context) {
		this.commands = context.service(CommandService.class);
	}

	/**
	 * Simulates a {@code size}³ core-shell phantom, subtracts the background, aligns by centre of mass,
	 * applies the HAADF alignment to the chemical maps, fuses with the default settings (HAADF-guided TV,
	 * proximal solver; add {@code "solver", "reference"} for the tomo_TV scheme), and exports the element volumes to
	 * {@code out/elements.xml} (+ .h5). Returns the fused reconstruction's module (output "volumes").
	 *
	 * @throws IllegalStateException naming the step when a command stops (bad input or cancel)
	 */
	public CommandModule run(int size, int iterations, File out) throws InterruptedException, ExecutionException {
		CommandModule sim = step(SimulatePhantomCommand.class, Map.of("size", size, "haadfTilts", "-70:70:5", "chemicalTilts", "-60:60:15", "drift", 0.5));
		CommandModule haadf = step(SubtractBackgroundCommand.class, Map.of("series", sim.getOutput("haadf"), "method", "border", "clip", false));
		CommandModule chem = step(SubtractBackgroundCommand.class, Map.of("series", sim.getOutput("chemical"), "method", "border", "clip", true));
		File alignment = new File(out, "alignment.json");
		CommandModule aligned = step(CentreOfMassAlignmentCommand.class,
			Map.of("series", haadf.getOutput("subtracted"), "angles", sim.getOutput("haadfAngles"), "alignmentFile", alignment));
		CommandModule chemAligned = step(ApplyAlignmentCommand.class,
			Map.of("series", chem.getOutput("subtracted"), "angles", sim.getOutput("chemicalAngles"), "alignmentFile", alignment));
		CommandModule fused = step(FusedReconstructionCommand.class,
			Map.of("haadf", aligned.getOutput("aligned"), "haadfAngles", sim.getOutput("haadfAngles"), "chemical", chemAligned.getOutput("aligned"),
				"chemicalAngles", sim.getOutput("chemicalAngles"), "elements", sim.getOutput("elements"), "iterations", iterations));
		step(ExportBigDataViewerCommand.class, Map.of("volumes", fused.getOutput("volumes"), "elements", sim.getOutput("elements"), "xml", new File(out, "elements.xml")));
		return fused;
	}

	private CommandModule step(Class<? extends Command> type, Map<String, Object> inputs) throws InterruptedException, ExecutionException {
		CommandModule m = commands.run(type, true, inputs).get();
		if (m.isCanceled())
			throw new IllegalStateException(type.getSimpleName() + " stopped: " + m.getCancelReason());
		return m;
	}

	public static void main(String[] args) throws Exception {
		File out = new File(args.length > 0 ? args[0] : "out/headless");
		out.mkdirs();
		try (Context context = new Context(CommandService.class)) {
			new HeadlessPipeline(context).run(32, 20, out);
			System.out.println("Wrote " + new File(out, "elements.xml"));
		}
	}
}
