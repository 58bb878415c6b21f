package org.fusedtomo.report;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.GsonBuilder;

import org.fusedtomo.recon.CostHistory;

/**
 * The content of {@code report.json}: what ran, with which parameters, how long each stage took,
 * the cost history of each reconstruction and any metrics. Keys keep insertion order.
 */
public final class Report {

	private final Map<String, Object> root = new LinkedHashMap<>();
	private final Map<String, Object> parameters = new LinkedHashMap<>();
	private final Map<String, Double> timings = new LinkedHashMap<>();
	private final Map<String, Map<String, double[]>> histories = new LinkedHashMap<>();
	private final Map<String, Object> metrics = new LinkedHashMap<>();

	public Report(String command) {
		root.put("command", command);
		root.put("version", Report.class.getPackage().getImplementationVersion());
		root.put("parameters", parameters);
		root.put("timings_s", timings);
		root.put("history", histories);
		root.put("metrics", metrics);
	}

	public Report parameter(String name, Object value) {
		parameters.put(name, value);
		return this;
	}

	public Report timing(String stage, double seconds) {
		timings.merge(stage, seconds, Double::sum);
		return this;
	}

	public Report history(String name, CostHistory history) {
		histories.put(name, history.asMap());
		return this;
	}

	public Report metric(String name, Object value) {
		metrics.put(name, value);
		return this;
	}

	/** Any other top-level section, e.g. the inputs. */
	public Report section(String name, Object value) {
		root.put(name, value);
		return this;
	}

	public String toJson() {
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(root);
	}
}
