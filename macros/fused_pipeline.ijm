// Fused Tomography pipeline, from simulated data to coloured element volumes and a BigDataViewer dataset.
//
//  1. Simulate Phantom ........................ "haadf" (x, y, angle) and "chemical" (channels = Co, Mn, O)
//     (or open your own: a TIFF stack per series with its angles, see docs/fiji.md)
//  2. Subtract Tilt Series Background .......... HAADF with negatives kept (centre of mass needs them),
//                                                chemical maps clipped at 0 (Poisson counts)
//  3. Align the HAADF series .................... centre of mass -> tilt-axis rotation -> projection matching;
//                                                each step refines the last one's alignment.json
//  4. Apply Saved Alignment ..................... the HAADF alignment moves the chemical maps too
//  5. Fused Reconstruction ...................... one volume per element (chemistry-only EM: reconstruct_em.ijm)
//  6. Show Element Composite, Export BigDataViewer XML-HDF5
//
// Argument: an output folder (ends with a slash); every result is saved there.
// Run: ImageJ -batch macros/fused_pipeline.ijm /tmp/pipeline/   (Fiji: --headless -batch, see docs/fiji.md)
dir = getArgument();
if (dir == "") dir = getDirectory("Choose a folder for the results");
File.makeDirectory(dir);
setBatchMode(true);

run("Simulate Phantom...", "phantom=core-shell size=32 haadftilts=-70:70:5 chemicaltilts=-60:60:15 counts=20 dose=10000 drift=0.5 seed=1");

selectImage("haadf");
run("Subtract Tilt Series Background...", "method=border borderpx=2 percentile=5 order=1");
rename("haadf-clean");
run("Align by Centre of Mass...", "alignx aligny alignmentfile=[" + dir + "alignment-com.json]");
close();
selectImage("haadf-clean");
run("Find Tilt Axis...", "maxrotation=3 maxoffset=4 initialalignment=[" + dir + "alignment-com.json] alignmentfile=[" + dir + "alignment-axis.json]");
close();
selectImage("haadf-clean");
run("Align by Projection Matching...", "binnings=2,1 sirtiterations=5 rounds=2 initialalignment=[" + dir + "alignment-axis.json] alignmentfile=[" + dir + "alignment.json]");
rename("haadf-aligned");
saveAs("Tiff", dir + "haadf-aligned.tif");
rename("haadf-aligned");

selectImage("chemical");
run("Subtract Tilt Series Background...", "method=border borderpx=2 percentile=5 order=1 clip");
run("Apply Saved Alignment...", "alignmentfile=[" + dir + "alignment.json]");
rename("chemical-aligned");
saveAs("Tiff", dir + "chemical-aligned.tif");
rename("chemical-aligned");

// Default settings (HAADF-guided TV, proximal solver); "solver=reference" runs the tomo_TV scheme instead.
run("Fused Reconstruction...", "haadf=haadf-aligned chemical=chemical-aligned iterations=10");
rename("fused");
saveAs("Tiff", dir + "fused.tif");
rename("fused");

run("Show Element Composite...", "title=Elements");
saveAs("Tiff", dir + "composite.tif");
selectImage("fused");
run("Export BigDataViewer XML-HDF5...", "xml=[" + dir + "elements.xml] datatype=float32 levels=0");
print("Fused Tomography pipeline finished: " + dir);
