/**
 * Seeded multi-element phantoms and the HAADF/chemical projection simulator with drift and Poisson noise.
 * <p>
 * Every random choice derives from the seed in {@link org.fusedtomo.simulate.SimulationParameters}, so a run is reproducible.
 */
package org.fusedtomo.simulate;
