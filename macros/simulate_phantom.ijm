// Simulate Phantom: a seeded core-shell phantom (Co, Mn, O) and its HAADF and chemical tilt series.
// Opens "haadf" (x, y, angle) and "chemical" (a hyperstack: channels = elements, slices = angles).
// Argument: an output folder (optional); both stacks are saved there as TIFF, with their angles.
// Run: Plugins > Macros > Run..., or: ImageJ -batch macros/simulate_phantom.ijm /tmp/out/
dir = getArgument();
run("Simulate Phantom...", "phantom=core-shell size=32 haadftilts=-70:70:5 chemicaltilts=-60:60:15 counts=20 dose=10000 drift=0.5 seed=1");
if (dir != "") {
	selectImage("haadf"); saveAs("Tiff", dir + "haadf.tif"); rename("haadf");
	selectImage("chemical"); saveAs("Tiff", dir + "chemical.tif"); rename("chemical");
}
