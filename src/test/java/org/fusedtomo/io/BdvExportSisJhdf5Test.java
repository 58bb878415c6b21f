package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * Reads exported BigDataViewer datasets with sis-jhdf5, the HDF5 library BigDataViewer itself reads
 * through, the way its {@code Hdf5ImageLoader} does (issue 19): the setup's {@code dataType} attribute,
 * then each level's cells block by block (the subdivisions), {@code uint16} cells through the unsigned
 * 16-bit reader with its default overflow checking and {@code float32} cells through the float reader.
 * Signed 16-bit cells fail there above 32767, which jhdf alone would not show.
 * <p>
 * sis-jhdf5 is no build dependency: it is loaded from the Debian package {@code libsis-jhdf5-java}
 * ({@value #JAR}, with its native library in {@code /usr/lib/jni}) at test time; without it the tests
 * are skipped. {@code .ci/run} installs the package where it can.
 */
class BdvExportSisJhdf5Test {

	private static final String JAR = "/usr/share/java/sis-jhdf5.jar";

	/** One class loader for the whole run: a native library binds to the first loader that loads it. */
	private static ClassLoader loader;

	@TempDir
	Path dir;

	@Test
	void uint16Export_readsBackThroughTheUnsignedReaderAtEveryLevel() throws Exception {
		// A ramp over the whole uint16 range: codes 0 .. 65535, half of them above 32767.
		Volume ramp = new Volume(new VolumeGeometry(16, 16, 16), new Calibration(1, "nm"));
		for (int i = 0; i < ramp.data().length; i++)
			ramp.data()[i] = i;
		Path xml = dir.resolve("ramp.xml");
		Path h5 = BdvExport.write(Map.of("Au", ramp), 1, "nm", xml, new BdvExport.Options(BdvExport.BdvDataType.UINT16, 3, 8), AtomicFiles.protecting());
		assertXmlNames(xml, h5);
		assertTrue(Files.readString(xml).contains("uint16 cells: value ="), "uint16 XML notes the value mapping");
		Object reader = open(h5);
		try {
			assertEquals("uint16", dataType(reader, "s00"));
			double offset = (Double) call(call(reader, "float64"), "getAttr", new Class<?>[] { String.class, String.class }, "s00", "valueOffset");
			double scale = (Double) call(call(reader, "float64"), "getAttr", new Class<?>[] { String.class, String.class }, "s00", "valueScale");
			int above = 0;
			for (int level = 0; level < 3; level++) {
				Volume v = BdvExport.pyramid(ramp, 3).get(level);
				int[] block = subdivision(reader, "s00", level);
				int[] codes = readCells(reader, "t00000/s00/" + level + "/cells", v, block, "uint16");
				for (int z = 0; z < v.depth(); z++)
					for (int y = 0; y < v.height(); y++)
						for (int x = 0; x < v.width(); x++) {
							int code = codes[v.index(x, y, z)];
							assertEquals(BdvExport.uint16(v.get(x, y, z), offset, scale), code, "level " + level + " cell " + x + "," + y + "," + z);
							if (code > Short.MAX_VALUE)
								above++;
						}
				if (level == 0) {
					assertEquals(0, codes[0]);
					assertEquals(65535, codes[codes.length - 1]);
				}
			}
			assertTrue(above > 2000, "codes above 32767: " + above);
		}
		finally {
			call(reader, "close");
		}
	}

	@Test
	void float32Export_readsBackExactlyAtEveryLevel() throws Exception {
		Volume v0 = new Volume(new VolumeGeometry(20, 18, 17), new Calibration(0.5, "nm"));
		java.util.Random random = new java.util.Random(19);
		for (int i = 0; i < v0.data().length; i++)
			v0.data()[i] = random.nextFloat() * 1e5f - 3e4f;
		Path xml = dir.resolve("f32.xml");
		Path h5 = BdvExport.write(Map.of("Co", v0), 0.5, "nm", xml, new BdvExport.Options(BdvExport.BdvDataType.FLOAT32, 2, 8), AtomicFiles.protecting());
		assertXmlNames(xml, h5);
		Object reader = open(h5);
		try {
			assertEquals("float32", dataType(reader, "s00"));
			for (int level = 0; level < 2; level++) {
				Volume v = BdvExport.pyramid(v0, 2).get(level);
				int[] block = subdivision(reader, "s00", level);
				int[] bits = readCells(reader, "t00000/s00/" + level + "/cells", v, block, "float32");
				for (int i = 0; i < bits.length; i++)
					assertEquals(v.data()[i], Float.intBitsToFloat(bits[i]), "level " + level + " cell " + i);
			}
		}
		finally {
			call(reader, "close");
		}
	}

	/** The XML's image loader is the HDF5 loader and names the file written beside it. */
	private static void assertXmlNames(Path xml, Path h5) throws Exception {
		Element loaderElement = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
			.getElementsByTagName("ImageLoader").item(0);
		assertEquals("bdv.hdf5", loaderElement.getAttribute("format"));
		assertEquals(h5.getFileName().toString(), loaderElement.getElementsByTagName("hdf5").item(0).getTextContent());
	}

	/** The setup group's {@code dataType} attribute, read as BigDataViewer reads it. */
	private static String dataType(Object reader, String setup) throws Exception {
		return (String) call(call(reader, "string"), "getAttr", new Class<?>[] { String.class, String.class }, setup, "dataType");
	}

	/** The x y z block size of {@code level}, from the setup's {@code subdivisions}. */
	private static int[] subdivision(Object reader, String setup, int level) throws Exception {
		int[][] subdivisions = (int[][]) call(call(reader, "int32"), "readMatrix", new Class<?>[] { String.class }, setup + "/subdivisions");
		return subdivisions[level];
	}

	/**
	 * The cells of {@code path}, read block by block of {@code block} (x y z) as BigDataViewer's cache
	 * loader does, into {@code v}'s index order: unsigned codes for {@code uint16}, float bits for {@code float32}.
	 */
	private static int[] readCells(Object reader, String path, Volume v, int[] block, String type) throws Exception {
		long[] dims = (long[]) call(call(reader, "object"), "getDimensions", new Class<?>[] { String.class }, path);
		assertArrayEquals(new long[] { v.depth(), v.height(), v.width() }, dims, path + " dimensions (z, y, x)");
		Object typed = call(reader, type);
		int[] out = new int[v.data().length];
		for (int z0 = 0; z0 < v.depth(); z0 += block[2])
			for (int y0 = 0; y0 < v.height(); y0 += block[1])
				for (int x0 = 0; x0 < v.width(); x0 += block[0]) {
					int bz = Math.min(block[2], v.depth() - z0), by = Math.min(block[1], v.height() - y0), bx = Math.min(block[0], v.width() - x0);
					Object md = call(typed, "readMDArrayBlockWithOffset", new Class<?>[] { String.class, int[].class, long[].class },
						path, new int[] { bz, by, bx }, new long[] { z0, y0, x0 });
					Object flat = call(md, "getAsFlatArray");
					for (int z = 0; z < bz; z++)
						for (int y = 0; y < by; y++)
							for (int x = 0; x < bx; x++) {
								int i = (z * by + y) * bx + x, o = v.index(x0 + x, y0 + y, z0 + z);
								out[o] = flat instanceof short[] s ? Short.toUnsignedInt(s[i]) : Float.floatToRawIntBits(((float[]) flat)[i]);
							}
				}
		return out;
	}

	/** A sis-jhdf5 reader of {@code h5} ({@code HDF5Factory.openForReading}); skips when the library or its native part is missing. */
	private static Object open(Path h5) throws Exception {
		Assumptions.assumeTrue(new File(JAR).isFile(), JAR + " is missing: install libsis-jhdf5-java to read the export as BigDataViewer does");
		try {
			Class<?> factory = Class.forName("ch.systemsx.cisd.hdf5.HDF5Factory", true, loader());
			return factory.getMethod("openForReading", File.class).invoke(null, h5.toFile());
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof LinkageError missing)
				Assumptions.abort("sis-jhdf5 cannot load its native library (libsis-jhdf5-jni): " + missing);
			throw e;
		}
		catch (LinkageError | ClassNotFoundException missing) {
			Assumptions.abort("sis-jhdf5 or its dependencies (sis-base, commons-lang3, commons-io) cannot be loaded from /usr/share/java: " + missing);
			throw missing;
		}
	}

	private static synchronized ClassLoader loader() throws Exception {
		// NB: the jar's manifest Class-Path names its dependencies beside it, which URLClassLoader follows.
		if (loader == null)
			loader = new URLClassLoader(new URL[] { new File(JAR).toURI().toURL() }, BdvExportSisJhdf5Test.class.getClassLoader());
		return loader;
	}

	private static Object call(Object target, String method) throws Exception {
		return call(target, method, new Class<?>[0]);
	}

	/** Calls a public interface method on a sis-jhdf5 object, whose implementation classes are package-private. */
	private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Exception {
		Method m = target.getClass().getMethod(method, types);
		m.setAccessible(true);
		try {
			return m.invoke(target, args);
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof Exception cause)
				throw cause;
			throw e;
		}
	}
}
