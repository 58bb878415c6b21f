package org.fusedtomo.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.SpectrumImage;
import org.fusedtomo.spectra.SyntheticSpectrumImageAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** "Extract Element Maps..." through SciJava on synthetic spectrum-image files. */
class ExtractElementMapsCommandTest {

	@TempDir
	Path dir;

	private final ElementMapSeries.Opener original = ExtractElementMapsCommand.opener;

	@AfterEach
	void restore() {
		ExtractElementMapsCommand.opener = original;
	}

	private CommandModule run(Map<String, Object> inputs) throws Exception {
		Map<Path, SpectrumImage> m = new HashMap<>();
		for (double a : new double[] { 10, -10, 0 }) {
			Path f = Files.createFile(dir.resolve((int) a + ".bcf"));
			m.put(f, SyntheticSpectrumImageAccess.eds(f.toString(), 8, a));
		}
		ExtractElementMapsCommand.opener = f -> List.of(m.get(f));
		try (Context context = new Context(CommandService.class)) {
			inputs.put("folder", dir.toFile());
			inputs.put("threads", 1);
			return context.service(CommandService.class).run(ExtractElementMapsCommand.class, true, inputs).get();
		}
	}

	@Test
	void mapsHaadfAndSpectrumComeOutSortedByAngle() throws Exception {
		Map<String, Object> in = new HashMap<>();
		in.put("lines", "Fe_Ka,Pt_La");
		CommandModule m = run(in);
		assertFalse(m.isCanceled(), m.getCancelReason());
		@SuppressWarnings("unchecked")
		Img<FloatType> maps = (Img<FloatType>) m.getOutput("maps");
		assertEquals(4, maps.numDimensions());
		assertEquals(3, maps.dimension(2));
		assertEquals(2, maps.dimension(3));
		assertEquals("-10,0,10", m.getOutput("mapAngles").toString().replace(" ", "").replace(".0", ""));
		assertEquals("Fe,Pt", m.getOutput("elements"));
		assertTrue(m.getOutput("spectrum") instanceof ImagePlus);
		assertEquals("13.08 nm", m.getOutput("pixelSize"));
	}

	@Test
	void theMacroNamesOnlyFieldsOfTheCommand() throws Exception {
		String line = Files.readAllLines(Path.of("macros", "extract_element_maps.ijm")).stream().filter(l -> l.contains("run(\"Extract Element Maps...\"")).findFirst().orElseThrow();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\w+)=").matcher(line);
		int keys = 0;
		while (m.find()) {
			String key = m.group(1);
			assertTrue(java.util.Arrays.stream(ExtractElementMapsCommand.class.getDeclaredFields()).anyMatch(f -> f.getName().equalsIgnoreCase(key)), "macro key " + key);
			keys++;
		}
		assertEquals(9, keys);
	}

	@Test
	void badLinesCancelWithAReasonAndNoOutput() throws Exception {
		Map<String, Object> in = new HashMap<>();
		in.put("lines", "Fe_Kz");
		CommandModule m = run(in);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("Fe_Kz"), m.getCancelReason());
		assertNull(m.getOutput("maps"));
	}
}
