// Reconstruct EM on the current aligned series (one stack, or a hyperstack: one volume per element).
// Argument: an output folder (optional); the volume is saved there as em.tif.
dir = getArgument();
run("Reconstruct EM...", "iterations=30 depth=0 threads=0");
if (dir != "") saveAs("Tiff", dir + "em.tif");
