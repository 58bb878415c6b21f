#@ CommandService command
#@ File (label = "Output folder", style = "directory") out
#@ Integer (label = "Phantom size (voxels)", value = 48, min = 16) size
#@ Integer (label = "Fused iterations", value = 30, min = 1) iterations
#@output String result

// Fused Tomography pipeline as a Fiji script, headless or not: every step is a SciJava command run by
// name with its inputs as a map; outputs feed the next step. Headless:
//   ImageJ-linux64 --headless --run scripts/fused_pipeline.groovy 'out="/tmp/fused",size=48,iterations=30'

import org.fusedtomo.command.*

def step(cls, inputs) {
	def m = command.run(cls, true, inputs).get()
	if (m.isCanceled())
		throw new IllegalStateException(cls.simpleName + " stopped: " + m.cancelReason)
	return m
}

def sim = step(SimulatePhantomCommand, [size: size, haadfTilts: "-70:70:3", chemicalTilts: "-60:60:15", drift: 0.5])
def haadf = step(SubtractBackgroundCommand, [series: sim.getOutput("haadf"), method: "border", clip: false])
def chem = step(SubtractBackgroundCommand, [series: sim.getOutput("chemical"), method: "border", clip: true])
def alignment = new File(out, "alignment.json")
def com = step(CentreOfMassAlignmentCommand, [series: haadf.getOutput("subtracted"), angles: sim.getOutput("haadfAngles"), alignmentFile: alignment])
def axis = step(TiltAxisCommand, [series: haadf.getOutput("subtracted"), angles: sim.getOutput("haadfAngles"), initialAlignment: alignment, alignmentFile: alignment])
def aligned = step(ApplyAlignmentCommand, [series: haadf.getOutput("subtracted"), angles: sim.getOutput("haadfAngles"), alignmentFile: alignment])
def chemAligned = step(ApplyAlignmentCommand, [series: chem.getOutput("subtracted"), angles: sim.getOutput("chemicalAngles"), alignmentFile: alignment])
// The fused settings not given take the core's defaults (HAADF-guided TV, proximal solver); add
// solver: "reference" for the tomo_TV scheme of the paper's code, with its own defaults.
def fused = step(FusedReconstructionCommand, [haadf: aligned.getOutput("aligned"), haadfAngles: sim.getOutput("haadfAngles"),
	chemical: chemAligned.getOutput("aligned"), chemicalAngles: sim.getOutput("chemicalAngles"), elements: sim.getOutput("elements"), iterations: iterations])
step(ExportBigDataViewerCommand, [volumes: fused.getOutput("volumes"), elements: sim.getOutput("elements"), xml: new File(out, "elements.xml")])
result = "Wrote " + new File(out, "elements.xml")
