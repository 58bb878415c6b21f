// Resolution (FSC) of the current aligned series: even/odd halves, each reconstructed, correlated in
// Fourier shells overall and along x, y, z. The resolutions (pixels, 0.143 criterion) go to the Log
// (to standard output in batch mode), e.g. "Resolution (FSC) resolutionZ: 3.9".
run("Resolution (FSC)...", "method=wbp iterations=30 cone=20 threads=0");
