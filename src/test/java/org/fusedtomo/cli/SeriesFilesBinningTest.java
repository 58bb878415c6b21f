package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

/** The series read with {@code --bin N} say so to the count reader (MultiModalSeries#binning), as reconstruct's do. */
class SeriesFilesBinningTest {

	@Test
	void multiModal_carriesTheBinOfTheOption() {
		TiltSeries fine = TiltSeries.zeros(new TiltGeometry(8, 8, new double[] { -30, 0, 30 }));
		fine.data()[0] = 1;
		for (int bin : new int[] { 1, 2 }) {
			SeriesFiles inputs = new SeriesFiles();
			inputs.bin = bin;
			Map<String, TiltSeries> series = new LinkedHashMap<>();
			series.put(SeriesFiles.HAADF, Binning.bin(fine, bin));
			series.put("Co", Binning.bin(fine, bin));
			assertEquals(bin, inputs.multiModal(series, Map.of(SeriesFiles.HAADF, Path.of("haadf.tif"), "Co", Path.of("co.tif"))).binning("Co"));
		}
	}
}
