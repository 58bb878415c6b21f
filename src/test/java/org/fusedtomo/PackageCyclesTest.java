package org.fusedtomo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * No two org.fusedtomo packages may depend on each other, directly or through others: the main classes' package graph
 * (from jdeps) must have no strongly connected component with more than one package.
 */
class PackageCyclesTest {

	private static final Path CLASSES = Path.of("target", "classes");
	/** A jdeps -verbose:package line: "   org.fusedtomo.a   ->   org.fusedtomo.b   classes". */
	private static final Pattern EDGE = Pattern.compile("^\\s*(org\\.fusedtomo[\\w.]*)\\s+->\\s+(org\\.fusedtomo[\\w.]*)\\s");

	@Test
	void mainPackages_haveNoCycles() {
		Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
		assumeTrue(jdeps.isPresent(), "jdeps is not available in this JDK");
		assumeTrue(Files.isDirectory(CLASSES), CLASSES + " is missing");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int rc = jdeps.get().run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-e", "org\\.fusedtomo.*",
				CLASSES.toString());
		assertTrue(rc == 0, "jdeps failed: " + err);

		Map<String, Set<String>> graph = parse(out.toString());
		assertTrue(graph.size() > 10, "jdeps found too few packages, parsing is broken:\n" + out);
		List<Set<String>> cycles = new ArrayList<>();
		for (Set<String> component : stronglyConnected(graph))
			if (component.size() > 1)
				cycles.add(component);
		assertTrue(cycles.isEmpty(), () -> "package cycles: " + describe(cycles, graph));
	}

	@Test
	void cycleDetection_findsAKnownCycle() {
		Map<String, Set<String>> graph = parse("""
				   org.fusedtomo.a   -> org.fusedtomo.b   classes
				   org.fusedtomo.b   -> org.fusedtomo.c   classes
				   org.fusedtomo.c   -> org.fusedtomo.a   classes
				   org.fusedtomo.c   -> org.fusedtomo.d   classes
				   org.fusedtomo.d   -> java.lang   java.base
				""");
		List<Set<String>> big = stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
		assertTrue(big.equals(List.of(Set.of("org.fusedtomo.a", "org.fusedtomo.b", "org.fusedtomo.c"))), big.toString());
	}

	/** package -> packages it uses, within org.fusedtomo, self-edges dropped. */
	static Map<String, Set<String>> parse(String jdepsOutput) {
		Map<String, Set<String>> graph = new TreeMap<>();
		for (String line : jdepsOutput.split("\\R")) {
			Matcher m = EDGE.matcher(line);
			if (!m.find())
				continue;
			graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
			graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
			if (!m.group(1).equals(m.group(2)))
				graph.get(m.group(1)).add(m.group(2));
		}
		return graph;
	}

	/** Tarjan's strongly connected components (recursive; the graph has a few dozen packages). */
	static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
		Map<String, Integer> index = new HashMap<>();
		Map<String, Integer> low = new HashMap<>();
		Deque<String> stack = new ArrayDeque<>();
		Set<String> onStack = new HashSet<>();
		List<Set<String>> components = new ArrayList<>();
		for (String v : graph.keySet())
			if (!index.containsKey(v))
				visit(v, graph, index, low, stack, onStack, components);
		return components;
	}

	private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
			Deque<String> stack, Set<String> onStack, List<Set<String>> components) {
		index.put(v, index.size());
		low.put(v, index.get(v));
		stack.push(v);
		onStack.add(v);
		for (String w : graph.getOrDefault(v, Set.of())) {
			if (!index.containsKey(w)) {
				visit(w, graph, index, low, stack, onStack, components);
				low.put(v, Math.min(low.get(v), low.get(w)));
			} else if (onStack.contains(w))
				low.put(v, Math.min(low.get(v), index.get(w)));
		}
		if (low.get(v).equals(index.get(v))) {
			Set<String> component = new TreeSet<>();
			String w;
			do {
				w = stack.pop();
				onStack.remove(w);
				component.add(w);
			} while (!w.equals(v));
			components.add(component);
		}
	}

	private static String describe(List<Set<String>> cycles, Map<String, Set<String>> graph) {
		StringBuilder s = new StringBuilder();
		for (Set<String> c : cycles) {
			s.append("\n  ").append(c).append(':');
			for (String a : c)
				for (String b : graph.get(a))
					if (c.contains(b))
						s.append("\n    ").append(a).append(" -> ").append(b);
		}
		return s.toString();
	}
}
