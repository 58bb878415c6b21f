package org.fusedtomo.recon.fused;

import java.util.LinkedHashMap;

import org.fusedtomo.data.Volume;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.ReconstructionResult;

/**
 * The outcome of a fused reconstruction: one volume per element, in the element order of the input,
 * and the cost per iteration under "haadf", "chem", "tv" (the unweighted terms of {@link FusedCost}) and
 * "total" (F with the λ of the parameters). Volumes are on the scale of the normalised data (see
 * {@link FusedReconstruction}): compare them to a truth with a scale-invariant metric such as NRMSE.
 * With HAADF-guided TV, {@code haadfGuide} is the HAADF reconstruction whose edges guided it (null
 * otherwise), so that users can see where the elements were allowed to jump.
 */
public record FusedResult(LinkedHashMap<String, Volume> volumes, CostHistory history, Volume haadfGuide) implements ReconstructionResult {

	public FusedResult {
		volumes = new LinkedHashMap<>(volumes);
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
