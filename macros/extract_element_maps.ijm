// Extract Element Maps: a folder of spectrum-image files (one .bcf/.emd/.dm3/.dm4 per tilt) to the HAADF series,
// the element maps (a hyperstack: channels = elements, slices = angles) and the sum spectrum of every tilt.
// Argument: "INPUT_FOLDER OUTPUT_FOLDER" (both ending in /); the stacks are saved there as TIFF.
// Run: ImageJ -batch macros/extract_element_maps.ijm "/data/idp/bcf/ /tmp/maps/"
// NB: both folders end in "/", so "/ " separates them and either may hold spaces (split at " " broke such paths).
arg = getArgument();
in = arg; out = "";
cut = indexOf(arg, "/ ");
if (cut >= 0) { in = substring(arg, 0, cut + 1); out = substring(arg, cut + 2); }
run("Extract Element Maps...", "folder=[" + in + "] lines=Fe_Ka,Pt_La,S_Ka,Si_Ka,O_Ka background=none resolution=130 preedge=50 edgewidth=50 fitbin=1 bin=1 angles=[]");
if (out != "") {
	selectImage("haadf"); saveAs("Tiff", out + "haadf.tif"); rename("haadf");
	selectImage("maps"); saveAs("Tiff", out + "maps.tif"); rename("maps");
}
