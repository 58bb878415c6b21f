// Align by Centre of Mass on the current (background-subtracted) HAADF series; angles come from the image.
// Argument: an output folder; the aligned stack goes to com.tif and the alignment to alignment-com.json.
dir = getArgument();
run("Align by Centre of Mass...", "alignx aligny initialalignment=[] alignmentfile=[" + dir + "alignment-com.json] threads=0");
saveAs("Tiff", dir + "com.tif");
