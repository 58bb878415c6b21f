// Find Tilt Axis (rotation; add "findoffset" after cross-correlation) on the current raw HAADF series,
// starting from alignment-com.json in the output folder. Argument: that folder; writes axis.tif and alignment-axis.json.
dir = getArgument();
run("Find Tilt Axis...", "maxrotation=3 maxoffset=4 initialalignment=[" + dir + "alignment-com.json] alignmentfile=[" + dir + "alignment-axis.json] threads=0");
saveAs("Tiff", dir + "axis.tif");
