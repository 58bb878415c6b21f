package org.fusedtomo.io.dm;

import static org.fusedtomo.io.dm.DmBuilder.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.io.dm.DmBuilder.Arr;
import org.fusedtomo.io.dm.DmBuilder.Grp;
import org.fusedtomo.io.dm.DmBuilder.Num;
import org.fusedtomo.io.dm.DmBuilder.Tag;
import org.fusedtomo.spectra.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmSpectrumImagesTest {

	@TempDir
	Path dir;

	static float truth(int x, int y, int c) {
		return 1000 * y + 100 * x + c;
	}

	/** A DM4 spectrum image of w x h pixels and n channels, energy first or last, energy = (c - origin)·scale eV. */
	static Path write(Path file, int w, int h, int n, boolean energyFirst, double origin, double scale, String signal) throws IOException {
		double[] px = new double[w * h * n];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				for (int c = 0; c < n; c++)
					px[energyFirst ? c + n * (x + w * y) : x + w * (y + h * c)] = truth(x, y, c);
		int[] dims = energyFirst ? new int[] { n, w, h } : new int[] { w, h, n };
		Tag[] dimTags = new Tag[3], cal = new Tag[3];
		for (int i = 0; i < 3; i++) {
			dimTags[i] = new Num("", DmTags.ULONG, dims[i]);
			boolean energy = energyFirst ? i == 0 : i == 2;
			cal[i] = new Grp("", new Num("Origin", DmTags.FLOAT, energy ? origin : 0), new Num("Scale", DmTags.FLOAT, energy ? scale : 0.5), text("Units", energy ? "eV" : "nm"));
		}
		Grp si = new Grp("", new Grp("ImageData", new Grp("Calibrations", new Grp("Dimension", cal)), new Arr("Data", DmTags.FLOAT, px), new Num("DataType", DmTags.LONG, 2),
			new Grp("Dimensions", dimTags)), new Grp("ImageTags", new Grp("Meta Data", text("Signal", signal)), new Grp("Microscope Info", new Grp("Stage Position", new Num("Stage Alpha",
				DmTags.DOUBLE, -42.5)))), text("Name", "SI"));
		Grp adf = DmBuilder.image(2, DmTags.FLOAT, new double[w * h], new int[] { w, h }, 0.5, "nm");
		Files.write(file, new DmBuilder(4, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", adf, si))));
		return file;
	}

	@Test
	void synthetic_bothLayouts_roundTripExactly() throws IOException {
		int w = 5, h = 3, n = 7;
		for (boolean energyFirst : new boolean[] { true, false }) {
			Path f = write(dir.resolve("si" + energyFirst + ".dm4"), w, h, n, energyFirst, -100, 2, energyFirst ? "EELS" : "X-ray");
			List<SpectrumImage> all = SpectrumImageReaders.open(f);
			assertEquals(1, all.size());
			SpectrumImage s = all.get(0);
			assertEquals(w, s.width());
			assertEquals(h, s.height());
			assertEquals(n, s.energyAxis().channels());
			assertEquals(0.2, s.energyAxis().offsetKeV(), 1e-12, "(0 - origin) x scale = 200 eV");
			assertEquals(0.002, s.energyAxis().scaleKeV(), 1e-12);
			assertEquals(energyFirst ? SpectrumImage.SpectrumKind.EELS : SpectrumImage.SpectrumKind.EDS, s.kind());
			assertEquals(0.5, s.calibration().pixelSize(), 1e-12);
			assertEquals(-42.5, s.tiltDeg().getAsDouble(), 1e-12);
			assertEquals(1, s.images().size(), "the 2D image beside it");
			int[] visited = { 0 };
			s.scan((x, y, sp) -> {
				visited[0]++;
				for (int c = 0; c < n; c++)
					assertEquals(truth(x, y, c), sp[c], "x " + x + " y " + y + " c " + c);
			});
			assertEquals(w * h, visited[0]);
		}
	}

	@Test
	void realEelsSi_readsWithItsEnergyAxis() throws IOException {
		Path dm = RealData.require("spectra/EELS_SI.dm4");
		SpectrumImage s = SpectrumImageReaders.open(dm).get(0);
		// Tags: dimensions (2, 2, 2048), energy last with Origin -300, Scale 1, Units eV; x: 0.0019920736 µm.
		assertEquals(2, s.width());
		assertEquals(2, s.height());
		assertEquals(2048, s.energyAxis().channels());
		assertEquals(0.3, s.energyAxis().offsetKeV(), 1e-12);
		assertEquals(0.001, s.energyAxis().scaleKeV(), 1e-12);
		assertEquals(SpectrumImage.SpectrumKind.EELS, s.kind());
		assertEquals(1.9920736, s.calibration().pixelSize(), 1e-6);
		assertEquals("nm", s.calibration().unit());
		assertEquals(0.00244, s.tiltDeg().getAsDouble(), 1e-5);
		// Independent truth: the float32 array of the tag tree, x fastest, then y, then energy.
		DmTags.Tree tree = DmTags.parse(dm, Files.readAllBytes(dm));
		DmTags.ArrayRef data = tree.root().group("ImageList").get().groups().stream().map(g -> g.get("ImageData/Data").orElse(null)).filter(d -> d instanceof DmTags.ArrayRef a
			&& a.count() == 2 * 2 * 2048).map(DmTags.ArrayRef.class::cast).findFirst().get();
		ByteBuffer b = ByteBuffer.wrap(tree.bytes()).order(tree.order());
		float[][] expected = new float[4][2048];
		for (int c = 0; c < 2048; c++)
			for (int p = 0; p < 4; p++)
				expected[p][c] = b.getFloat((int) data.offset() + 4 * (p + 4 * c));
		float[][] got = new float[4][];
		s.scan((x, y, sp) -> got[y * 2 + x] = sp.clone());
		for (int p = 0; p < 4; p++)
			assertArrayEquals(expected[p], got[p]);
		assertTrue(expected[0][1000] != expected[0][1001] || expected[0][0] != expected[3][0], "not a constant array");
	}

	@Test
	void imageOnlyDm_isNoSpectrumImage() throws IOException {
		Path f = dir.resolve("haadf.dm4");
		Files.write(f, new DmBuilder(4, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", DmBuilder.image(2, DmTags.FLOAT, new double[6], new int[] { 3, 2 }, 1,
			"nm")))));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(f));
		assertTrue(e.getMessage().contains("haadf.dm4") && e.getMessage().contains("not a spectrum image"), e.getMessage());
		assertEquals(1, e.getMessage().lines().count());
	}

	/** The tree parsed through the read window equals the one parsed from the bytes in memory (DM3 and DM4). */
	@Test
	void tagTreeFromTheFile_equalsTheTreeFromItsBytes() throws IOException {
		for (Path f : new Path[] { RealData.require("spectra/EELS_SI.dm4"), RealData.require("needle-dm3/HAADF.dm3") }) {
			DmTags.Tree fromBytes = DmTags.parse(f, Files.readAllBytes(f)), fromFile = DmTags.parse(f);
			assertEquals(render(fromBytes, fromBytes.root()), render(fromFile, fromFile.root()), f.toString());
		}
	}

	private static String render(DmTags.Tree t, DmTags.Group g) {
		StringBuilder s = new StringBuilder("{");
		for (DmTags.Entry e : g.entries()) {
			Object v = e.value();
			s.append(e.label()).append('=').append(v instanceof DmTags.Group c ? render(t, c) : v instanceof double[] d ? java.util.Arrays.toString(d) : v instanceof DmTags.ArrayRef a
				&& a.type() == DmTags.USHORT && a.count() < 100 ? t.text(a) : String.valueOf(v)).append(';');
		}
		return s.append('}').toString();
	}
}
