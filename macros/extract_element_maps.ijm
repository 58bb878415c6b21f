// Extract Element Maps: a folder of spectrum-image files (one .bcf/.emd/.dm3/.dm4 per tilt) to the HAADF series,
// the element maps (a hyperstack: channels = elements, slices = angles) and the sum spectrum of every tilt.
// Argument: "INPUT_FOLDER OUTPUT_FOLDER" (both ending in /); the stacks are saved there as TIFF.
// Run: ImageJ -batch macros/extract_element_maps.ijm "/data/idp/bcf/ /tmp/maps/"
args = split(getArgument(), " ");
run("Extract Element Maps...", "folder=[" + args[0] + "] lines=Fe_Ka,Pt_La,S_Ka,Si_Ka,O_Ka background=none resolution=130 preedge=50 edgewidth=50 fitbin=1 bin=1 angles=[]");
if (args.length > 1) {
	selectImage("haadf"); saveAs("Tiff", args[1] + "haadf.tif"); rename("haadf");
	selectImage("maps"); saveAs("Tiff", args[1] + "maps.tif"); rename("maps");
}
