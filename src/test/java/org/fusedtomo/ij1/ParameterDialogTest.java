package org.fusedtomo.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.command.WbpCommand;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

class ParameterDialogTest {

	@Test
	void labelBeyondName_dropsWhatRepeatsTheName() {
		assertEquals("", ParameterDialog.labelBeyondName("threads", "Threads"));
		assertEquals("", ParameterDialog.labelBeyondName("lambdaTv", "lambda TV"));
		assertEquals("(voxels)", ParameterDialog.labelBeyondName("thickness", "Thickness (voxels)"));
		assertEquals("Random seed", ParameterDialog.labelBeyondName("seed", "Random seed"));
		assertEquals("Thick", ParameterDialog.labelBeyondName("thickness", "Thick"));
		assertEquals("", ParameterDialog.labelBeyondName("x", null));
	}

	@Test
	void labelBeyondName_ofTheCommandsFieldsShowsNoLabelTwice() {
		try (Context context = new Context(CommandService.class)) {
			CommandInfo info = context.service(CommandService.class).getCommand(WbpCommand.class);
			assertEquals("", ParameterDialog.labelBeyondName("threads", info.getInput("threads").getLabel()), "threads  Threads");
			assertEquals("Thickness (voxels)", ParameterDialog.labelBeyondName("depth", info.getInput("depth").getLabel()));
		}
	}
}
