// Show in BigDataViewer and Show in 3D Viewer for the current element volumes. In Fiji they open
// BigDataViewer and the 3D Viewer; in plain ImageJ they fall back to orthogonal views and a 3D projection
// and say so in the Log. Argument: an output folder (optional); the 3D projection is saved as projection.tif.
dir = getArgument();
volumes = getTitle();
run("Show in BigDataViewer...", "threads=0");
selectImage(volumes);
run("Show in 3D Viewer...", "threads=0");
for (i = 1; i <= nImages; i++) {
	selectImage(i);
	if (dir != "" && startsWith(getTitle(), "Projections")) saveAs("Tiff", dir + "projection.tif");
}
