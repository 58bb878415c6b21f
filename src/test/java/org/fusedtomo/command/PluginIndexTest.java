package org.fusedtomo.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonStreamParser;

import org.junit.jupiter.api.Test;

/** The build's SciJava plugin index and the ImageJ 1.x plugins.config list every command, once, under one menu. */
class PluginIndexTest {

	static final List<Class<?>> COMMANDS = List.of(SimulatePhantomCommand.class, ExtractElementMapsCommand.class, SubtractBackgroundCommand.class, CentreOfMassAlignmentCommand.class,
		CrossCorrelationAlignmentCommand.class, TiltAxisCommand.class, ProjectionMatchingCommand.class, ApplyAlignmentCommand.class, WbpCommand.class,
		SirtCommand.class, EmCommand.class, TvCommand.class, FusedReconstructionCommand.class, Fused2dCommand.class, TuneFusedCommand.class, ResolutionCommand.class, ElementCompositeCommand.class,
		ShowInBigDataViewerCommand.class, ShowIn3dViewerCommand.class, ExportBigDataViewerCommand.class);

	/** Command class name to menu path, from the annotation processor's index in the built classes. */
	static Map<String, String> index() throws Exception {
		Map<String, String> menus = new LinkedHashMap<>();
		try (InputStream in = PluginIndexTest.class.getResourceAsStream("/META-INF/json/org.scijava.plugin.Plugin")) {
			JsonStreamParser parser = new JsonStreamParser(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			while (parser.hasNext()) {
				JsonObject o = parser.next().getAsJsonObject();
				JsonObject values = o.getAsJsonObject("values");
				if (values.has("menuPath"))
					menus.put(o.get("class").getAsString(), values.get("menuPath").getAsString());
			}
		}
		return menus;
	}

	@Test
	void pluginIndex_listsEveryCommandUnderTheFusedTomographyMenu() throws Exception {
		Map<String, String> menus = index();
		for (Class<?> c : COMMANDS) {
			String path = menus.get(c.getName());
			assertTrue(path != null && path.startsWith("Plugins>Fused Tomography>"), c + " has menu path " + path);
		}
		assertEquals(COMMANDS.size(), menus.values().stream().distinct().count(), "menu labels must be unique: " + menus);
	}

	@Test
	void pluginsConfig_givesEachCommandOnceThroughTheAdapterWithItsSciJavaLabel() throws Exception {
		Map<String, String> menus = index();
		String config;
		try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Pattern entry = Pattern.compile("^Plugins>Fused Tomography, \"([^\"]+)\", org\\.fusedtomo\\.ij1\\.CommandPlugin\\(\"([^\"]+)\"\\)$");
		Map<String, String> labels = new LinkedHashMap<>();
		for (String line : config.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.endsWith("\"-\"")).toList()) {
			Matcher m = entry.matcher(line);
			assertTrue(m.matches(), "not an adapter entry: " + line);
			assertTrue(labels.put(m.group(2), m.group(1)) == null, "listed twice: " + m.group(2));
		}
		assertEquals(COMMANDS.stream().map(Class::getName).sorted().toList(), labels.keySet().stream().sorted().toList());
		labels.forEach((cls, label) -> assertEquals(menus.get(cls), "Plugins>Fused Tomography>" + label));
	}

	/** Fiji's Simulate offers every phantom the core has (its choices must be listed in the annotation, so they can drift). */
	@Test
	void simulateOffersEveryPhantom() throws Exception {
		org.scijava.plugin.Parameter p = SimulatePhantomCommand.class.getDeclaredField("phantom").getAnnotation(org.scijava.plugin.Parameter.class);
		assertEquals(org.fusedtomo.simulate.Phantoms.names(), List.of(p.choices()));
	}
}
