#@ File (label = "Output folder", style = "directory") out
#@ Integer (label = "Phantom size (voxels)", value = 48, min = 16) size
#@ Integer (label = "Fused iterations", value = 30, min = 1) iterations
#@output String result

// Fused Tomography pipeline as a Fiji script on the public Java API (org.fusedtomo.FusedTomography):
// simulate, subtract the background, align (centre of mass, then the tilt axis), fuse, export to
// BigDataViewer. The text after the #@ lines is plain Java as well as Groovy: JShell runs it too, and
// FusedTomographyScriptTest runs this file. Headless:
//   ImageJ-linux64 --headless --run scripts/fused_pipeline.groovy 'out="/tmp/fused",size=48,iterations=30'

import static org.fusedtomo.FusedTomography.*;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;

SimulationParameters simulation = SimulationParameters.defaults().withHaadfAnglesDeg(angles("-70:70:3")).withChemAnglesDeg(angles("-60:60:15")).withShiftRmsPx(0.5);
SimulatedData data = simulate("core-shell", size, simulation);

// The border median as background; negatives clipped in the chemical maps (counts) but not in the HAADF.
BackgroundOptions border = BackgroundOptions.border(BackgroundOptions.DEFAULT.borderPx());
TiltSeries haadf = subtractBackground(data.haadf(), border.withClipNegative(false));
Alignment alignment = alignTiltAxis(haadf, align(haadf));
AlignmentJson.save(alignment, new File(out, "alignment.json").toPath());

// The chemical maps take the HAADF's alignment, interpolated at their own angles.
Map<String, TiltSeries> chemical = new LinkedHashMap<>();
for (Map.Entry<String, TiltSeries> e : data.chemical().entrySet())
	chemical.put(e.getKey(), aligned(subtractBackground(e.getValue(), border), alignment));

// FusedParameters.DEFAULT is HAADF-guided TV with the proximal solver; FusedParameters.REFERENCE is the
// tomo_TV scheme of the paper's code.
FusedResult fused = reconstruct(aligned(haadf, alignment), chemical, FusedParameters.DEFAULT.withIterations(iterations));
exportBigDataViewer(fused.volumes(), new File(out, "elements.xml").toPath());
result = "Wrote " + new File(out, "elements.xml");
