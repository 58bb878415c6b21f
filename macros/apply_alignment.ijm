// Apply Saved Alignment (alignment.json in the output folder) to the current series, e.g. the chemical maps,
// whose angles may differ from the HAADF ones. Argument: that folder; writes aligned.tif.
dir = getArgument();
run("Apply Saved Alignment...", "alignmentfile=[" + dir + "alignment.json] threads=0");
saveAs("Tiff", dir + "aligned.tif");
