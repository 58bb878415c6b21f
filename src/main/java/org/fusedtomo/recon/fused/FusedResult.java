package org.fusedtomo.recon.fused;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.ReconstructionResult;

/**
 * The outcome of a fused reconstruction: one volume per element, in the element order of the input,
 * and the cost per iteration under "haadf", "chem", "tv" (the unweighted terms of {@link FusedCost}) and
 * "total" (F with the λ of the parameters). Volumes are on the scale of the normalised data (see
 * {@link FusedReconstruction}): compare them to a truth with a scale-invariant metric such as NRMSE.
 * With HAADF-guided TV, {@code haadfGuide} is the HAADF reconstruction whose edges guided it (null
 * otherwise), so that users can see where the elements were allowed to jump. {@code tvGroups} names the elements
 * of each group of the TV term ({@link FusedCost#withTvGroups}): one element per group unless joint TV or interface
 * coupling joined some.
 */
public record FusedResult(LinkedHashMap<String, Volume> volumes, CostHistory history, Volume haadfGuide, List<List<String>> tvGroups) implements ReconstructionResult {

	public FusedResult {
		volumes = new LinkedHashMap<>(volumes);
		tvGroups = List.copyOf(tvGroups.stream().map(List::copyOf).toList());
	}

	/** With TV per element, one group each. */
	public FusedResult(LinkedHashMap<String, Volume> volumes, CostHistory history, Volume haadfGuide) {
		this(volumes, history, haadfGuide, volumes.keySet().stream().map(List::of).toList());
	}

	/** {@code groups} of element indices as the groups of {@code elements}' names. */
	public static List<List<String>> named(int[][] groups, List<String> elements) {
		List<List<String>> named = new ArrayList<>();
		for (int[] g : groups) {
			List<String> names = new ArrayList<>();
			for (int e : g)
				names.add(elements.get(e));
			named.add(names);
		}
		return named;
	}

	/** The groups of more than one element, as "Co+Mn", joined by ", "; empty when every element has its own TV. */
	public String coupledElements() {
		return String.join(", ", tvGroups.stream().filter(g -> g.size() > 1).map(g -> String.join("+", g)).toList());
	}

	/** The map is a copy; the volumes are shared. */
	@Override
	public LinkedHashMap<String, Volume> volumes() {
		return new LinkedHashMap<>(volumes);
	}

	/** The volume of {@code element}; throws if it was not reconstructed. */
	public Volume volume(String element) {
		Volume v = volumes.get(element);
		if (v == null)
			throw new IllegalArgumentException("No volume for element '" + element + "'; reconstructed were " + volumes.keySet());
		return v;
	}
}
