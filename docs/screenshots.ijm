// Regenerates the screenshots in docs/ (a display is needed; Xvfb is enough). Argument: the docs folder.
//   timeout 120 xvfb-run -a -s "-screen 0 1280x1024x24" java -Dplugins.dir=DIR -cp ij.jar ij.ImageJ -macro docs/screenshots.ijm $PWD/docs/
// where DIR/plugins holds Fused_Tomography.jar and DIR/plugins/jars its dependencies (docs/fiji.md).
docs = getArgument();
setBatchMode(true);
run("Simulate Phantom...", "phantom=core-shell size=48 haadftilts=-70:70:3 chemicaltilts=-60:60:15 counts=50 dose=10000 seed=1");
selectImage("haadf");
run("Subtract Tilt Series Background...", "method=border borderpx=2");
rename("haadf-aligned");
selectImage("chemical");
run("Subtract Tilt Series Background...", "method=border borderpx=2 clip");
rename("chemical-aligned");
run("Fused Reconstruction...", "haadf=haadf-aligned chemical=chemical-aligned iterations=20 emiterations=50");
run("Show Element Composite...", "title=[Fused core-shell: Co, Mn, O]");
Stack.setSlice(24);
setBatchMode("exit and display");
run("Set... ", "zoom=600");
wait(1500);
run("Capture Image");
saveAs("PNG", docs + "composite.png");
close();
// The adapter's dialog, opened on a thread of its own so that this macro can photograph it.
selectImage("chemical-aligned");
call("ij.IJ.doCommand", "Reconstruct EM...");
wait(2500);
run("Capture Screen");
saveAs("PNG", docs + "dialog.png");
// NB: the open dialog keeps ImageJ running; the command line in docs/fiji.md ends it with timeout.
