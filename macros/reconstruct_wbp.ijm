// Reconstruct WBP on the current aligned series (one stack, or a hyperstack: one volume per element).
// Argument: an output folder (optional); the volume is saved there as wbp.tif.
dir = getArgument();
run("Reconstruct WBP...", "filter=shepp-logan depth=0 threads=0");
if (dir != "") saveAs("Tiff", dir + "wbp.tif");
