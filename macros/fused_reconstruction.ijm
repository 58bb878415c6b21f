// Fused Reconstruction from two open images: the aligned HAADF series titled "haadf-aligned" and the aligned
// chemical maps titled "chemical-aligned" (channels = elements); angles and elements come from the images.
// Argument: an output folder (optional); the element volumes are saved there as fused.tif.
// auto = true chooses lambdachem and lambdatv by cross-validation on held-out chemical tilts around the
// values given (about 3x the time; needs 3 or more chemical tilts) and opens the validation-score picture.
dir = getArgument();
auto = false;
options = "haadf=haadf-aligned chemical=chemical-aligned depth=0 iterations=10 emiterations=30 gamma=1.6 lambdahaadf=10 lambdachem=0.05 lambdatv=0.0001 tvguide=0 weights=3 solver=reference threads=0";
if (auto) options = options + " auto";
run("Fused Reconstruction...", options);
if (dir != "") saveAs("Tiff", dir + "fused.tif");
