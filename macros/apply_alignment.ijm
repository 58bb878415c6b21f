// Apply Saved Alignment (alignment.json in the output folder) to the current series, e.g. the chemical maps,
// whose angles may differ from the HAADF ones. Argument: that folder; writes aligned.tif.
// With the survey (ADF/HAADF) series recorded with the maps, add "survey=[FILE] haadffile=[FILE]" (the raw HAADF
// series the alignment was made from): each map is then registered through its survey image first.
dir = getArgument();
run("Apply Saved Alignment...", "alignmentfile=[" + dir + "alignment.json] threads=0");
saveAs("Tiff", dir + "aligned.tif");
