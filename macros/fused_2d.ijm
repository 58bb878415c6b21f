// 2D fusion from two open images: the HAADF image titled "haadf" and the chemical maps titled "chemical"
// (one slice or channel per element, in the order of "elements"); background-subtract the maps first.
// Argument: an output folder (optional); the fused maps are saved there as fused2d.tif.
dir = getArgument();
run("Fuse 2D Maps...", "haadf=haadf chemical=chemical elements=[Co, Mn, O] iterations=30 gamma=1.6 lambdahaadf=0.1 lambdachem=0.05 lambdatv=0.02 weights=1 solver=reference threads=0");
// NB: the command shows the fused maps, then the HAADF model; save the maps (it saved the model, the active image).
if (dir != "") { selectImage("haadf-fused"); saveAs("Tiff", dir + "fused2d.tif"); }
