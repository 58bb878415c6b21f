// Show Element Composite of the current element volumes (x, y, z, channel = element): one colour per
// element, calibrated. Argument: an output folder (optional); saves composite.tif and a PNG of the middle slice.
dir = getArgument();
run("Show Element Composite...", "title=Elements");
if (dir != "") {
	saveAs("Tiff", dir + "composite.tif");
	Stack.getDimensions(width, height, channels, slices, frames);
	Stack.setSlice(floor(slices / 2) + 1);
	saveAs("PNG", dir + "composite.png");
	rename("Elements");
}
