// Align by Cross-Correlation on the current HAADF series, refining alignment-com.json from the output folder.
// Argument: that folder; writes xcorr.tif and alignment-xcorr.json.
dir = getArgument();
run("Align by Cross-Correlation...", "lowpass=1 maxshift=0 peakfit=gaussian initialalignment=[" + dir + "alignment-com.json] alignmentfile=[" + dir + "alignment-xcorr.json] threads=0");
saveAs("Tiff", dir + "xcorr.tif");
