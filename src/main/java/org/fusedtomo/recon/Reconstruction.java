package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;

/** A reconstructed volume and how the algorithm got there. */
public record Reconstruction(Volume volume, CostHistory history) {}
