// Reconstruct TV on the current aligned series (one stack, or a hyperstack: one volume per element).
// Argument: an output folder (optional); the volume is saved there as tv.tif.
dir = getArgument();
run("Reconstruct TV...", "iterations=30 lambda=1 depth=0 threads=0");
if (dir != "") saveAs("Tiff", dir + "tv.tif");
