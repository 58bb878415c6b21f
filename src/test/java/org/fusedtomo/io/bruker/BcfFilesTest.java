package org.fusedtomo.io.bruker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fusedtomo.io.RealData;
import org.fusedtomo.spectra.SpectrumImage;
import org.junit.jupiter.api.Test;

import io.jhdf.HdfFile;

/** The Bruker reader against the real files of ../shared/data (skipped without it). */
class BcfFilesTest {

	private static final String H5 = "idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5";

	private static double[] flat(Object data) {
		int n = Array.getLength(data);
		double[] out = new double[n];
		for (int i = 0; i < n; i++)
			out[i] = ((Number) Array.get(data, i)).doubleValue();
		return out;
	}

	@Test
	void idpFilesMatchTheIndependentReference() throws Exception {
		Path h5 = RealData.require(H5);
		double[] angles, haadf, sums;
		double offset, scale;
		try (HdfFile f = new HdfFile(h5)) {
			angles = flat(f.getDatasetByPath("tilt_angles_deg").getDataFlat());
			haadf = flat(f.getDatasetByPath("HAADF").getDataFlat());
			sums = flat(f.getDatasetByPath("EDS_sum_spectrum_per_tilt").getDataFlat());
			offset = ((Number) f.getAttribute("energy_axis_offset_keV").getData()).doubleValue();
			scale = ((Number) f.getAttribute("energy_axis_scale_keV").getData()).doubleValue();
		}
		for (int t = 0; t < angles.length; t++) {
			String name = (int) Math.round(angles[t]) + ".bcf";
			Path bcf = h5.resolveSibling("bcf").resolve(name);
			List<SpectrumImage> list = BcfFiles.open(bcf);
			SpectrumImage si = list.get(0);
			Map<String, SpectrumImage.SurveyImage> images = si.images();
			float[] img = images.get("HAADF").pixels();
			double maxDiff = 0;
			for (int i = 0; i < img.length; i++)
				maxDiff = Math.max(maxDiff, Math.abs(img[i] - haadf[t * img.length + i]));
			double[] sum = new double[si.energyAxis().channels()];
			si.scan((x, y, s) -> {
				for (int c = 0; c < s.length; c++)
					sum[c] += s[c];
			});
			long[] head = ((BcfSpectrumImage) si).headerSumSpectrum();
			double maxSum = 0, maxHead = 0, total = 0, totalRef = 0;
			for (int c = 0; c < sum.length; c++) {
				maxSum = Math.max(maxSum, Math.abs(sum[c] - sums[t * sum.length + c]));
				maxHead = Math.max(maxHead, Math.abs(sum[c] - head[c]));
				total += sum[c];
				totalRef += sums[t * sum.length + c];
			}
			System.out.printf("%s %dx%d %s tilt %s haadf maxdiff %g; sum vs h5 %g (total %g vs %g); sum vs header %g; axis %g %g vs %g %g; v%d %s%n", name, si.width(), si.height(),
					images.keySet(), si.tiltDeg(), maxDiff, maxSum, total, totalRef, maxHead, si.energyAxis().offsetKeV(), si.energyAxis().scaleKeV(), offset, scale,
					((BcfSpectrumImage) si).fileVersion(), si.calibration());
		}
	}
}
