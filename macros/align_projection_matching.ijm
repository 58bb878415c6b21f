// Align by Projection Matching on the current raw HAADF series, refining alignment-axis.json in the output folder.
// Argument: that folder; writes matched.tif and alignment.json (the final alignment).
dir = getArgument();
run("Align by Projection Matching...", "binnings=2,1 sirtiterations=5 rounds=2 initialalignment=[" + dir + "alignment-axis.json] alignmentfile=[" + dir + "alignment.json] threads=0");
saveAs("Tiff", dir + "matched.tif");
