// Export BigDataViewer XML-HDF5 of the current element volumes: one setup per element, a resolution pyramid.
// Argument: an output folder; writes elements.xml and elements.h5 (float32; "datatype=uint16" for older viewers).
dir = getArgument();
run("Export BigDataViewer XML-HDF5...", "xml=[" + dir + "elements.xml] datatype=float32 levels=0 threads=0");
