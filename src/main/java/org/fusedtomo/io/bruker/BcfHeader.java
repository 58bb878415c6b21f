package org.fusedtomo.io.bruker;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.spectra.EnergyAxis;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What a {@code .bcf} file's {@code EDSDatabase/HeaderData} XML says about its spectrum images. The
 * root {@code ClassInstance Type="TRTSpectrumDatabase"} holds:
 * <ul>
 * <li>{@code Header/FileVersion}: 1 or 2;</li>
 * <li>{@code TRTSEMData}: {@code HV} (kV), {@code DX}/{@code DY} (µm per pixel of the scan);</li>
 * <li>{@code TRTSEMStageData}: the stage ({@code X}, {@code Y}, {@code Z}, {@code Rotation},
 * {@code Tilt} in degrees) where the microscope told the Bruker software; often only {@code State};</li>
 * <li>{@code TRTImageData} without a {@code Name}: the images recorded with the map, {@code Width},
 * {@code Height}, {@code ItemSize} (bytes per unsigned pixel) and {@code Plane<i>} with a
 * {@code Description} (e.g. "HAADF") and base64 little-endian {@code Data};</li>
 * <li>{@code SpectrumData<i>/ClassInstance Type="TRTSpectrum"}: per dataset the sum spectrum
 * ({@code Channels}, comma separated) and its {@code TRTSpectrumHeader} with {@code ChannelCount},
 * {@code CalibAbs} (keV of channel 0) and {@code CalibLin} (keV per channel).</li>
 * </ul>
 * Numbers written by a Windows with a decimal comma are read too. The {@code DSPConfiguration}'s
 * {@code TiltAngle} is the scan's tilt correction, not the stage tilt, and is not used.
 */
final class BcfHeader {

	/** An image plane recorded with the map, still base64 encoded until asked for. */
	record Plane(String name, int width, int height, int itemSize, String base64) {

		/** The pixels as floats, row order. */
		float[] pixels(Path file) {
			byte[] raw = Base64.getMimeDecoder().decode(base64);
			int n = width * height;
			if (raw.length < (long) n * itemSize)
				throw new InvalidInputException(file, "image \"" + name + "\" has " + raw.length + " bytes, expected " + (long) n * itemSize);
			float[] out = new float[n];
			for (int i = 0; i < n; i++) {
				int p = i * itemSize;
				out[i] = switch (itemSize) {
					case 1 -> raw[p] & 0xff;
					case 2 -> (raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8;
					default -> (float) (((raw[p] & 0xffL) | (raw[p + 1] & 0xffL) << 8 | (raw[p + 2] & 0xffL) << 16 | (raw[p + 3] & 0xffL) << 24));
				};
			}
			return out;
		}
	}

	/** One spectrum image's sum spectrum and energy axis ({@code SpectrumData<index>}). */
	record Dataset(int index, EnergyAxis axis, long[] sumSpectrum) {
	}

	final int fileVersion;
	final Calibration calibration;
	final OptionalDouble stageTiltDeg;
	final List<Plane> planes = new ArrayList<>();
	final List<Dataset> datasets = new ArrayList<>();

	private final Path file;

	BcfHeader(Path file, byte[] xml, List<Integer> indexes) {
		this.file = file;
		Element root = parse(xml);
		Element db = child(root, "TRTSpectrumDatabase");
		if (db == null)
			throw corrupt("its header has no TRTSpectrumDatabase");
		Element header = firstElement(db, "Header");
		fileVersion = header == null ? 1 : (int) number(firstElement(header, "FileVersion"), 1);
		Element sem = child(db, "TRTSEMData");
		double dx = sem == null ? Double.NaN : number(firstElement(sem, "DX"), Double.NaN);
		calibration = dx > 0 ? LengthUnits.calibration(dx, "µm") : Calibration.PIXEL;
		Element stage = child(db, "TRTSEMStageData");
		double tilt = stage == null ? Double.NaN : number(firstElement(stage, "Tilt"), Double.NaN);
		stageTiltDeg = Double.isFinite(tilt) ? OptionalDouble.of(tilt) : OptionalDouble.empty();
		readPlanes(db);
		for (int index : indexes)
			datasets.add(readDataset(db, index));
	}

	private void readPlanes(Element db) {
		for (Node n = db.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element e) || !isInstance(e, "TRTImageData") || !e.getAttribute("Name").isEmpty())
				continue;
			int w = (int) number(firstElement(e, "Width"), 0);
			int h = (int) number(firstElement(e, "Height"), 0);
			int itemSize = (int) number(firstElement(e, "ItemSize"), 0);
			int count = (int) number(firstElement(e, "PlaneCount"), 0);
			if (w <= 0 || h <= 0 || count <= 0)
				continue;
			if (itemSize != 1 && itemSize != 2 && itemSize != 4)
				throw corrupt("image pixels of " + itemSize + " bytes");
			for (int i = 0; i < count; i++) {
				Element plane = firstElement(e, "Plane" + i);
				Element data = plane == null ? null : firstElement(plane, "Data");
				if (data == null)
					continue;
				Element desc = firstElement(plane, "Description");
				String name = desc == null || desc.getTextContent().isBlank() ? "Image" + i : desc.getTextContent().strip();
				planes.add(new Plane(name, w, h, itemSize, data.getTextContent()));
			}
			return;
		}
	}

	private Dataset readDataset(Element db, int index) {
		Element holder = firstElement(db, "SpectrumData" + index);
		Element spectrum = holder == null ? null : child(holder, "TRTSpectrum");
		Element sh = spectrum == null ? null : child(spectrum, "TRTSpectrumHeader");
		Element channels = spectrum == null ? null : firstElement(spectrum, "Channels");
		if (sh == null || channels == null)
			throw corrupt("its header has no sum spectrum for SpectrumData" + index);
		String[] parts = channels.getTextContent().strip().split("\\s*,\\s*");
		long[] sum = new long[parts.length];
		try {
			for (int i = 0; i < parts.length; i++)
				sum[i] = Long.parseLong(parts[i]);
		}
		catch (NumberFormatException e) {
			throw corrupt("its sum spectrum " + index + " holds a non-integer count");
		}
		int count = (int) number(firstElement(sh, "ChannelCount"), sum.length);
		double offset = number(firstElement(sh, "CalibAbs"), Double.NaN);
		double scale = number(firstElement(sh, "CalibLin"), Double.NaN);
		if (!Double.isFinite(offset) || !(scale > 0))
			throw corrupt("its spectrum " + index + " has no energy calibration (CalibAbs " + offset + ", CalibLin " + scale + ")");
		if (count != sum.length)
			throw corrupt("its sum spectrum " + index + " has " + sum.length + " channels, its header says " + count);
		return new Dataset(index, new EnergyAxis(offset, scale, count), sum);
	}

	private Element parse(byte[] xml) {
		try {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setExpandEntityReferences(false);
			DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(null);
			Document d = b.parse(new ByteArrayInputStream(xml));
			return d.getDocumentElement();
		}
		catch (Exception e) {
			throw corrupt("its header XML cannot be parsed: " + e.getMessage());
		}
	}

	private InvalidInputException corrupt(String problem) {
		return new InvalidInputException(file, "is not a readable Bruker .bcf file: " + problem);
	}

	private static boolean isInstance(Element e, String type) {
		return e.getTagName().equals("ClassInstance") && e.getAttribute("Type").equals(type);
	}

	/** The first child {@code ClassInstance} of {@code type}, or null. */
	private static Element child(Element parent, String type) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
			if (n instanceof Element e && isInstance(e, type))
				return e;
		return null;
	}

	private static Element firstElement(Element parent, String tag) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling())
			if (n instanceof Element e && e.getTagName().equals(tag))
				return e;
		return null;
	}

	/** The element's number, accepting a decimal comma; {@code fallback} when absent or not a number. */
	private static double number(Element e, double fallback) {
		if (e == null)
			return fallback;
		String s = e.getTextContent().strip().replace(',', '.');
		try {
			return Double.parseDouble(s);
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}
}
