// Simulates a core-shell phantom (Co, Mn, O) and opens its HAADF and chemical tilt series.
// HAADF: -70..+70 deg every 3 deg; chemical maps: -60..+60 deg every 15 deg (DESIGN §6).
// Run: Plugins > Macros > Run..., or headless: ImageJ -batch macros/simulate_phantom.ijm
run("Simulate Phantom...", "phantom=core-shell size=64 chemical=10 haadf=10000 seed=1");
