package org.fusedtomo.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;

class SimulatePhantomPluginTest {

	@Test
	void simulate_givesHaadfThenOneStackPerElementWithAngleLabels() {
		List<ImagePlus> images = SimulatePhantomPlugin.simulate("core-shell", 24, 10, 1e4, 1);
		assertEquals(4, images.size());
		assertEquals("core-shell HAADF", images.get(0).getTitle());
		assertEquals(47, images.get(0).getStackSize());
		assertEquals("tilt -70.00 deg", images.get(0).getStack().getSliceLabel(1));
		assertEquals(9, images.get(1).getStackSize());
		assertEquals(24, images.get(1).getWidth());
	}

	@Test
	void pluginsConfig_isInTheJarAndNamesAnExistingPlugin() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
			String config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (String line : config.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
				String className = line.substring(line.lastIndexOf(',') + 1).trim();
				assertTrue(ij.plugin.PlugIn.class.isAssignableFrom(Class.forName(className)), className);
			}
		}
	}
}
