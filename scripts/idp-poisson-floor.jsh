// Poisson noise floor of the held-out NRMSE on the IDP maps: sqrt(sum c / sum c^2) per element, c the raw
// counts summed over 4 x 4 blocks (the 64 x 64 px of docs/real-data.md). Run from the repository root after
// building: jshell --class-path "target/classes:$(ls target/lib/*.jar | tr '\n' :)" scripts/idp-poisson-floor.jsh
import org.fusedtomo.io.*;
import org.fusedtomo.io.readers.*;
import org.fusedtomo.data.*;
import org.fusedtomo.align.*;
var f = SeriesReaders.read(java.nio.file.Path.of("recipes/idp-haadf-edx.json"));
System.out.println(f.haadf().angleCount() + " tilts " + f.haadf().width() + " " + java.util.Arrays.toString(f.haadf().anglesDeg()) + " " + f.chemical().keySet());
double sumf=0; int n=0;
for (String el : new String[]{"Fe","Si","O","S","Pt"}) {
  TiltSeries raw = f.chemical().get(el);
  float[] r = raw.data(); boolean integer = true; for (int i=0;i<r.length;i+=97) if (r[i]!=Math.rint(r[i])) integer=false;
  TiltSeries s = Binning.bin(raw, 4);
  float[] d = s.data(); double sb=0, sbb=0;
  for (float v : d) { double c = 16.0*v; sb += c; sbb += c*c; }
  double fl = Math.sqrt(sb/sbb); sumf += fl; n++;
  System.out.printf("%s integer %b mean counts/binned px %.3f floor %.3f%n", el, integer, sb/d.length, fl);
}
System.out.printf("mean floor %.3f%n", sumf/n);
/exit
