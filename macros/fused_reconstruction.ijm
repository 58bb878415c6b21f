// Fused Reconstruction from two open images: the aligned HAADF series titled "haadf-aligned" and the aligned
// chemical maps titled "chemical-aligned" (channels = elements); angles and elements come from the images.
// Argument: an output folder (optional); the element volumes are saved there as fused.tif.
// With the survey (ADF/HAADF) tilt series recorded with the maps, add "survey=/path/to/survey.tif": each map is
// then registered through its survey image to the HAADF and may be given unaligned.
// auto = true chooses lambdachem and lambdatv by cross-validation on held-out chemical tilts around the
// values given (about 3x the time; needs 3 or more chemical tilts) and opens the validation-score picture.
dir = getArgument();
// The settings not named take the defaults: HAADF-guided TV with the proximal solver (docs/fiji.md). For the
// tomo_TV scheme of the paper's code, add "solver=reference": the settings not named then take its defaults.
// 10 iterations instead of 50 keep the example quick.
auto = false;
if (auto) run("Fused Reconstruction...", "haadf=haadf-aligned chemical=chemical-aligned depth=0 iterations=10 solver=proximal threads=0 auto");
else run("Fused Reconstruction...", "haadf=haadf-aligned chemical=chemical-aligned depth=0 iterations=10 solver=proximal threads=0");
if (dir != "") saveAs("Tiff", dir + "fused.tif");
