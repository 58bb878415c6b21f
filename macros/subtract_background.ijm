// Subtract Tilt Series Background on the current tilt series (one stack, or a hyperstack of element maps).
// Border median per projection; negatives kept for centre-of-mass alignment (omit "clip").
// Argument: an output folder (optional); the result is saved there as background.tif.
dir = getArgument();
run("Subtract Tilt Series Background...", "method=border borderpx=2 percentile=5 order=1 threads=0");
if (dir != "") saveAs("Tiff", dir + "background.tif");
