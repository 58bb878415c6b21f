package org.fusedtomo.examples;

import static org.fusedtomo.FusedTomography.aligned;
import static org.fusedtomo.FusedTomography.angles;
import static org.fusedtomo.FusedTomography.align;
import static org.fusedtomo.FusedTomography.exportBigDataViewer;
import static org.fusedtomo.FusedTomography.reconstruct;
import static org.fusedtomo.FusedTomography.series;
import static org.fusedtomo.FusedTomography.simulate;
import static org.fusedtomo.FusedTomography.subtractBackground;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.FusedTomography;
import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Headless scripting from Java on the {@link FusedTomography} facade: ImgLib2 images of projections and
 * {@code double[]} angles in, the fused element volumes out. Run it with
 * {@code java --add-modules jdk.incubator.vector -cp "target/classes:target/lib/*" org.fusedtomo.examples.HeadlessPipeline OUT_DIR}.
 */
public final class HeadlessPipeline {

	private HeadlessPipeline() {}

	/**
	 * Simulates a {@code size}³ core-shell phantom, then, on its projections as ImgLib2 images: subtracts the
	 * background, aligns the HAADF by centre of mass (saved as {@code out/alignment.json}), applies that
	 * alignment to the chemical maps, fuses with the default settings (HAADF-guided TV, proximal solver;
	 * {@link FusedParameters#REFERENCE} is the tomo_TV scheme), and exports the element volumes to
	 * {@code out/elements.xml} (+ .h5).
	 *
	 * @return the element volumes as one (x, y, z, element) image, elements in the phantom's order
	 */
	public static Img<FloatType> run(int size, int iterations, Path out) {
		double[] haadfAngles = angles("-70:70:5"), chemicalAngles = angles("-60:60:15");
		SimulatedData data = simulate("core-shell", size,
			SimulationParameters.defaults().withHaadfAnglesDeg(haadfAngles).withChemAnglesDeg(chemicalAngles).withShiftRmsPx(0.5));
		// NB: from here on only images and angles, as a caller with its own data has them.
		RandomAccessibleInterval<FloatType> haadfImg = data.haadf().img();
		Map<String, RandomAccessibleInterval<FloatType>> chemicalImgs = new LinkedHashMap<>();
		data.chemical().forEach((element, s) -> chemicalImgs.put(element, s.img()));

		// The border median as background; negatives clipped in the chemical maps (counts) but not in the HAADF.
		BackgroundOptions border = BackgroundOptions.border(BackgroundOptions.DEFAULT.borderPx());
		TiltSeries haadf = subtractBackground(series(haadfImg, haadfAngles), border.withClipNegative(false));
		Alignment alignment = align(haadf);
		AlignmentJson.save(alignment, out.resolve("alignment.json"));
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		chemicalImgs.forEach((element, img) -> chemical.put(element, aligned(subtractBackground(series(img, chemicalAngles), border), alignment)));

		FusedResult fused = reconstruct(aligned(haadf, alignment), chemical, FusedParameters.DEFAULT.withIterations(iterations));
		exportBigDataViewer(fused.volumes(), out.resolve("elements.xml"));
		return TiltSeriesImgs.stackVolumes(new ArrayList<>(fused.volumes().values()));
	}

	public static void main(String[] args) throws Exception {
		Path out = Path.of(args.length > 0 ? args[0] : "out/headless");
		Files.createDirectories(out);
		run(32, 20, out);
		System.out.println("Wrote " + out.resolve("elements.xml"));
	}
}
