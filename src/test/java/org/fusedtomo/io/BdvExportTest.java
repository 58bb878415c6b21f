package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.xml.parsers.DocumentBuilderFactory;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.message.DataLayout;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads exported BigDataViewer datasets back with jhdf and javax.xml and checks them against the format. */
class BdvExportTest {

	@TempDir
	Path dir;

	private static Map<String, Volume> volumes() {
		Map<String, Volume> v = new LinkedHashMap<>();
		Random random = new Random(42);
		for (String el : List.of("Co", "O")) {
			Volume vol = new Volume(new VolumeGeometry(20, 18, 17), new Calibration(0.5, "nm"));
			for (int i = 0; i < vol.data().length; i++)
				vol.data()[i] = random.nextFloat() * 10 - 1;
			v.put(el, vol);
		}
		return v;
	}

	@Test
	void write_float32_hasEverySetupLevelAndAttribute() throws Exception {
		Map<String, Volume> volumes = volumes();
		Path xml = dir.resolve("elements.xml");
		Path h5 = BdvExport.write(volumes, 0.5, "nm", xml, BdvExport.Options.DEFAULT, AtomicFiles.protecting());
		assertEquals(dir.resolve("elements.h5"), h5);
		try (HdfFile file = new HdfFile(h5)) {
			int setup = 0;
			for (Volume v : volumes.values()) {
				String s = String.format("s%02d", setup++);
				Group group = (Group) file.getChild(s);
				assertEquals("float32", group.getAttribute("dataType").getData());
				double[][] resolutions = (double[][]) file.getDatasetByPath(s + "/resolutions").getData();
				int[][] subdivisions = (int[][]) file.getDatasetByPath(s + "/subdivisions").getData();
				// 17 voxels -> 9 -> 5 would fall below 8: two levels.
				assertArrayEquals(new double[][] { { 1, 1, 1 }, { 2, 2, 2 } }, resolutions);
				assertArrayEquals(new int[][] { { 20, 18, 17 }, { 10, 9, 9 } }, subdivisions);
				Dataset cells0 = file.getDatasetByPath("t00000/" + s + "/0/cells"), cells1 = file.getDatasetByPath("t00000/" + s + "/1/cells");
				assertArrayEquals(new int[] { 17, 18, 20 }, cells0.getDimensions());
				assertArrayEquals(new int[] { 9, 9, 10 }, cells1.getDimensions());
				assertEquals(DataLayout.CHUNKED, cells0.getDataLayout());
				assertEquals(float.class, cells0.getJavaType());
				float[][][] c0 = (float[][][]) cells0.getData(), c1 = (float[][][]) cells1.getData();
				assertEquals(v.get(3, 5, 7), c0[7][5][3]);
				assertEquals(v.get(19, 17, 16), c0[16][17][19]);
				// Level 1 holds 2x2x2 block means; the last block along z (voxel 16 alone) and x, y pairs.
				double mean = 0;
				for (int z = 2; z < 4; z++)
					for (int y = 4; y < 6; y++)
						for (int x = 6; x < 8; x++)
							mean += v.get(x, y, z) / 8.0;
				assertEquals(mean, c1[1][2][3], 1e-5);
				double edge = (v.get(18, 16, 16) + v.get(19, 16, 16) + v.get(18, 17, 16) + v.get(19, 17, 16)) / 4.0;
				assertEquals(edge, c1[8][8][9], 1e-5);
			}
		}
		checkXml(xml, "elements.h5");
	}

	private static void checkXml(Path xml, String h5Name) throws Exception {
		Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
		Element root = doc.getDocumentElement();
		assertEquals("SpimData", root.getTagName());
		assertEquals("0.2", root.getAttribute("version"));
		Element loader = (Element) root.getElementsByTagName("ImageLoader").item(0);
		assertEquals("bdv.hdf5", loader.getAttribute("format"));
		Element hdf5 = (Element) loader.getElementsByTagName("hdf5").item(0);
		assertEquals("relative", hdf5.getAttribute("type"));
		assertEquals(h5Name, hdf5.getTextContent());
		NodeList setups = root.getElementsByTagName("ViewSetup");
		assertEquals(2, setups.getLength());
		Element co = (Element) setups.item(0);
		assertEquals("0", text(co, "id"));
		assertEquals("Co", text(co, "name"));
		assertEquals("20 18 17", text(co, "size"));
		Element vox = (Element) co.getElementsByTagName("voxelSize").item(0);
		assertEquals("nm", text(vox, "unit"));
		assertEquals("0.5 0.5 0.5", text(vox, "size"));
		assertEquals("1", text((Element) ((Element) setups.item(1)).getElementsByTagName("attributes").item(0), "channel"));
		Element channels = (Element) root.getElementsByTagName("Attributes").item(0);
		assertEquals("channel", channels.getAttribute("name"));
		assertEquals("O", text((Element) channels.getElementsByTagName("Channel").item(1), "name"));
		assertEquals("0", text((Element) root.getElementsByTagName("Timepoints").item(0), "integerpattern"));
		NodeList registrations = root.getElementsByTagName("ViewRegistration");
		assertEquals(2, registrations.getLength());
		Element r = (Element) registrations.item(1);
		assertEquals("0", r.getAttribute("timepoint"));
		assertEquals("1", r.getAttribute("setup"));
		String[] affine = text(r, "affine").trim().split("\\s+");
		assertEquals(12, affine.length);
		assertEquals(0.5, Double.parseDouble(affine[0]));
		assertEquals(0.5, Double.parseDouble(affine[5]));
		assertEquals(0.5, Double.parseDouble(affine[10]));
		assertEquals(0.0, Double.parseDouble(affine[3]));
	}

	private static String text(Element parent, String tag) {
		return parent.getElementsByTagName(tag).item(0).getTextContent();
	}

	@Test
	void write_uint16_scalesEachSetupFromItsMinimumToItsMaximum() throws Exception {
		Map<String, Volume> volumes = volumes();
		Path xml = dir.resolve("u16.xml");
		Path h5 = BdvExport.write(volumes, 0.5, "nm", xml, new BdvExport.Options(BdvExport.BdvDataType.UINT16, 1, 16), AtomicFiles.protecting());
		try (HdfFile file = new HdfFile(h5)) {
			Group s00 = (Group) file.getChild("s00");
			assertEquals("uint16", s00.getAttribute("dataType").getData());
			double offset = ((Number) s00.getAttribute("valueOffset").getData()).doubleValue();
			double scale = ((Number) s00.getAttribute("valueScale").getData()).doubleValue();
			Dataset cells = file.getDatasetByPath("t00000/s00/0/cells");
			assertEquals(DataLayout.CHUNKED, cells.getDataLayout());
			int[][][] c = unsigned16(cells);
			Volume co = volumes.get("Co");
			assertEquals(BdvExport.uint16(co.get(4, 5, 6), offset, scale), c[6][5][4]);
			assertEquals(co.get(4, 5, 6), offset + scale * c[6][5][4], scale);
			assertArrayEquals(new double[][] { { 1, 1, 1 } }, (double[][]) file.getDatasetByPath("s00/resolutions").getData());
			assertArrayEquals(new int[][] { { 16, 16, 16 } }, (int[][]) file.getDatasetByPath("s00/subdivisions").getData());
		}
		assertTrue(Files.readString(xml).contains("uint16 cells: value ="));
	}

	/**
	 * BigDataViewer reads {@code dataType="uint16"} cells into an unsigned 16-bit memory type with overflow
	 * checking (issue 19): the file type must be unsigned 16-bit, and every code, those above 32767 included,
	 * must read back as written. jhdf reads an unsigned 16-bit dataset as ints, widened without sign.
	 */
	@Test
	void write_uint16_storesUnsigned16BitCellsThatReadBackAboveTheSignedRange() throws Exception {
		// A ramp over the whole uint16 range: codes 0 .. 65535 in one volume.
		Volume ramp = new Volume(new VolumeGeometry(16, 16, 16), new Calibration(1, "nm"));
		for (int i = 0; i < ramp.data().length; i++)
			ramp.data()[i] = i;
		Path xml = dir.resolve("ramp.xml");
		Path h5 = BdvExport.write(Map.of("Au", ramp), 1, "nm", xml, new BdvExport.Options(BdvExport.BdvDataType.UINT16, 2, 8), AtomicFiles.protecting());
		try (HdfFile file = new HdfFile(h5)) {
			Group s00 = (Group) file.getChild("s00");
			double offset = ((Number) s00.getAttribute("valueOffset").getData()).doubleValue();
			double scale = ((Number) s00.getAttribute("valueScale").getData()).doubleValue();
			int above = 0;
			for (int level = 0; level < 2; level++) {
				Dataset cells = file.getDatasetByPath("t00000/s00/" + level + "/cells");
				FixedPoint type = (FixedPoint) cells.getDataType();
				assertFalse(type.isSigned(), "level " + level + " cells must be unsigned");
				assertEquals(2, type.getSize());
				assertEquals(16, type.getBitPrecision());
				int[][][] c = unsigned16(cells);
				Volume v = BdvExport.pyramid(ramp, 2).get(level);
				for (int z = 0; z < v.depth(); z++)
					for (int y = 0; y < v.height(); y++)
						for (int x = 0; x < v.width(); x++) {
							assertEquals(BdvExport.uint16(v.get(x, y, z), offset, scale), c[z][y][x]);
							if (c[z][y][x] > Short.MAX_VALUE)
								above++;
						}
			}
			assertTrue(above > 1000, "codes above 32767: " + above);
			assertEquals(65535, unsigned16(file.getDatasetByPath("t00000/s00/0/cells"))[15][15][15]);
		}
	}

	/** The cells of an unsigned 16-bit dataset as ints; fails for any other type. */
	private static int[][][] unsigned16(Dataset cells) {
		Object data = cells.getData();
		assertTrue(data instanceof int[][][], "unsigned 16-bit cells read as ints, got " + data.getClass().getSimpleName());
		return (int[][][]) data;
	}

	@Test
	void downsample_averagesTheVoxelsOfEachBlock() {
		Volume v = new Volume(new VolumeGeometry(3, 2, 1), Calibration.PIXEL);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++)
			d[i] = i;
		Volume half = BdvExport.downsample(v);
		assertEquals(new VolumeGeometry(2, 1, 1), half.geometry());
		assertEquals((0 + 1 + 3 + 4) / 4f, half.get(0, 0, 0));
		assertEquals((2 + 5) / 2f, half.get(1, 0, 0));
	}

	@Test
	void write_refusesAnXmlNameWithoutXml() {
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> BdvExport.write(volumes(), 1, "nm", dir.resolve("a.txt"), BdvExport.Options.DEFAULT, AtomicFiles.protecting()));
	}
}
