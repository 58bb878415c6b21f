package org.fusedtomo.io.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.fusedtomo.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFilesTest {

	@TempDir
	Path tmp;

	/** A version-1 .npy image: magic, version, header padded with spaces to a multiple of 64, data. */
	static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
		String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
		int total = 10 + dict.length() + 1;
		String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
		ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length());
		b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
		return b.array();
	}

	static byte[] doubles(ByteOrder order, double... v) {
		ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
		for (double d : v)
			b.putDouble(d);
		return b.array();
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(tmp.resolve(name), bytes);
	}

	@Test
	void read_decodesLittleEndianFloat64InCOrder() throws IOException {
		Path f = write("a.npy", npy("<f8", false, "(2, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 0, 1, 2, 3.5, -4, 5)));
		NpyArray a = NpyFiles.read(f);
		assertEquals("a", a.name());
		assertArrayEquals(new int[] { 2, 3 }, a.shape());
		assertArrayEquals(new float[] { 0, 1, 2, 3.5f, -4, 5 }, a.data());
		assertEquals("float64", a.type());
		assertEquals("a (2, 3) float64", a.describe());
	}

	@Test
	void read_decodesBigEndianInt16AndUnsignedBytes() throws IOException {
		ByteBuffer s = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) -2).putShort((short) 300).putShort((short) 7);
		assertArrayEquals(new float[] { -2, 300, 7 }, NpyFiles.read(write("s.npy", npy(">i2", false, "(3,)", s.array()))).data());
		NpyArray u = NpyFiles.read(write("u.npy", npy("|u1", false, "(1, 2)", new byte[] { (byte) 255, 3 })));
		assertArrayEquals(new float[] { 255, 3 }, u.data());
		assertEquals("uint8", u.type());
	}

	@Test
	void read_reordersFortranOrderIntoCOrder() throws IOException {
		// The 2 x 3 matrix [[0 1 2] [3 4 5]] in Fortran order is stored column by column: 0 3 1 4 2 5.
		Path f = write("f.npy", npy("<f8", true, "(2, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 0, 3, 1, 4, 2, 5)));
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, NpyFiles.read(f).data());
	}

	@Test
	void fortranToC_handlesThreeAxes() {
		// shape (2, 2, 2): C index (i, j, k) at 4i + 2j + k; Fortran offset i + 2j + 4k.
		float[] fortran = new float[8];
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2; j++)
				for (int k = 0; k < 2; k++)
					fortran[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
		assertArrayEquals(new float[] { 0, 1, 10, 11, 100, 101, 110, 111 }, NpyFiles.fortranToC(fortran, new int[] { 2, 2, 2 }));
	}

	@Test
	void read_acceptsVersion2Headers() throws IOException {
		byte[] v1 = npy("<f4", false, "(2,)", ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
		int headerLength = Short.toUnsignedInt(ByteBuffer.wrap(v1, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
		ByteBuffer v2 = ByteBuffer.allocate(v1.length + 2).order(ByteOrder.LITTLE_ENDIAN);
		v2.put(v1, 0, 6).put((byte) 2).put((byte) 0).putInt(headerLength).put(v1, 10, v1.length - 10);
		assertArrayEquals(new float[] { 1.5f, -2f }, NpyFiles.read(write("v2.npy", v2.array())).data());
	}

	@Test
	void read_refusesUnsupportedTypesTruncationAndBadMagicNamingTheFile() throws IOException {
		Path complex = write("complex.npy", npy("<c16", false, "(1,)", new byte[16]));
		assertMessage(assertThrows(InvalidInputException.class, () -> NpyFiles.read(complex)), "complex.npy", "'<c16'");
		Path cut = write("cut.npy", npy("<f8", false, "(4, 4)", new byte[100]));
		assertMessage(assertThrows(InvalidInputException.class, () -> NpyFiles.read(cut)), "cut.npy", "truncated", "128", "100");
		Path text = write("text.npy", "hello".getBytes(StandardCharsets.US_ASCII));
		assertMessage(assertThrows(InvalidInputException.class, () -> NpyFiles.read(text)), "text.npy", "magic");
		Path structured = write("rec.npy", npy("<f8", false, "(1,)", new byte[8]).clone());
		byte[] b = Files.readAllBytes(structured);
		String s = new String(b, StandardCharsets.ISO_8859_1).replace("'descr': '<f8'", "'descr': [('a','<f8')]");
		Path rec = write("rec.npy", s.getBytes(StandardCharsets.ISO_8859_1));
		assertMessage(assertThrows(InvalidInputException.class, () -> NpyFiles.read(rec)), "rec.npy", "descr");
	}

	@Test
	void readNpz_readsStoredAndDeflatedEntriesInArchiveOrder() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("HAADF.npy"));
			zip.write(npy("<f8", false, "(1, 2)", doubles(ByteOrder.LITTLE_ENDIAN, 7, 8)));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("notes.txt"));
			zip.write("not an array".getBytes(StandardCharsets.US_ASCII));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("Co.npy"));
			zip.write(npy(">f8", false, "(1, 2)", doubles(ByteOrder.BIG_ENDIAN, 0.25, 0.5)));
			zip.closeEntry();
		}
		LinkedHashMap<String, NpyArray> arrays = NpyFiles.readNpz(write("maps.npz", bytes.toByteArray()));
		assertEquals(List.of("HAADF", "Co"), List.copyOf(arrays.keySet()));
		assertArrayEquals(new float[] { 7, 8 }, arrays.get("HAADF").data());
		assertArrayEquals(new float[] { 0.25f, 0.5f }, arrays.get("Co").data());
	}

	@Test
	void readNpz_refusesATruncatedArchiveNamingIt() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("a.npy"));
			zip.write(npy("<f8", false, "(8,)", new byte[64]));
			zip.closeEntry();
		}
		byte[] all = bytes.toByteArray();
		Path cut = write("cut.npz", java.util.Arrays.copyOf(all, all.length / 2));
		assertMessage(assertThrows(InvalidInputException.class, () -> NpyFiles.readNpz(cut)), "cut.npz", "npz");
	}

	/** An independent check: arrays that numpy itself wrote, when python3 with numpy is installed. */
	@Test
	void readNpz_matchesWhatNumpyWrote() throws IOException, InterruptedException {
		Path npz = tmp.resolve("numpy.npz");
		String script = "import numpy as np\n"
			+ "a = np.arange(12, dtype='<f8').reshape(3, 4) / 4 - 1\n"
			+ "b = np.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3))\n"
			+ "c = np.array([[1, 65535]], dtype='<u2')\n"
			+ "np.savez_compressed(r'" + npz + "', a=a, b=b)\n"
			+ "np.save(r'" + tmp.resolve("c.npy") + "', c)\n";
		Process p;
		try {
			p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
		}
		catch (IOException e) {
			assumeTrue(false, "skipped: python3 is not installed");
			return;
		}
		boolean done = p.waitFor(60, TimeUnit.SECONDS);
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assumeTrue(done && p.exitValue() == 0, "skipped: python3 with numpy is not available (" + out.strip() + ")");
		LinkedHashMap<String, NpyArray> arrays = NpyFiles.readNpz(npz);
		float[] a = new float[12];
		for (int i = 0; i < 12; i++)
			a[i] = i / 4f - 1;
		assertArrayEquals(new int[] { 3, 4 }, arrays.get("a").shape());
		assertArrayEquals(a, arrays.get("a").data());
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, arrays.get("b").data());
		assertEquals("int32", arrays.get("b").type());
		assertArrayEquals(new float[] { 1, 65535 }, NpyFiles.read(tmp.resolve("c.npy")).data());
	}

	private static void assertMessage(InvalidInputException e, String... fragments) {
		for (String f : fragments)
			assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
		assertEquals(1, e.getMessage().lines().count(), e.getMessage());
	}
}
