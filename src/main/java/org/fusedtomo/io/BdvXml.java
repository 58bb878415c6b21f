package org.fusedtomo.io;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.fusedtomo.data.Volume;

/** The SpimData 0.2 XML of a {@link BdvExport}: sequence description, view setups and registrations. */
final class BdvXml {

	private BdvXml() {}

	static String document(List<BdvExport.Setup> setups, Volume size, double voxelSize, String unit, String h5Name, BdvExport.BdvDataType type) {
		try {
			Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
			Element root = doc.createElement("SpimData");
			root.setAttribute("version", "0.2");
			doc.appendChild(root);
			Element base = child(doc, root, "BasePath", ".");
			base.setAttribute("type", "relative");
			Element sequence = child(doc, root, "SequenceDescription", null);
			Element loader = child(doc, sequence, "ImageLoader", null);
			loader.setAttribute("format", "bdv.hdf5");
			child(doc, loader, "hdf5", h5Name).setAttribute("type", "relative");
			Element viewSetups = child(doc, sequence, "ViewSetups", null);
			String dims = size.width() + " " + size.height() + " " + size.depth();
			String s = number(voxelSize);
			for (BdvExport.Setup setup : setups) {
				Element vs = child(doc, viewSetups, "ViewSetup", null);
				child(doc, vs, "id", Integer.toString(setup.id()));
				child(doc, vs, "name", setup.name());
				child(doc, vs, "size", dims);
				Element vox = child(doc, vs, "voxelSize", null);
				child(doc, vox, "unit", unit);
				child(doc, vox, "size", s + " " + s + " " + s);
				child(doc, child(doc, vs, "attributes", null), "channel", Integer.toString(setup.id()));
				if (type == BdvExport.BdvDataType.UINT16)
					vs.appendChild(doc.createComment(" uint16 cells: value = " + number(setup.offset()) + " + " + number(setup.scale())
						+ " * code; set the display range to 0-65535 for the full range "));
			}
			Element channels = child(doc, viewSetups, "Attributes", null);
			channels.setAttribute("name", "channel");
			for (BdvExport.Setup setup : setups) {
				Element c = child(doc, channels, "Channel", null);
				child(doc, c, "id", Integer.toString(setup.id()));
				child(doc, c, "name", setup.name());
			}
			Element timepoints = child(doc, sequence, "Timepoints", null);
			timepoints.setAttribute("type", "pattern");
			child(doc, timepoints, "integerpattern", "0");
			Element registrations = child(doc, root, "ViewRegistrations", null);
			for (BdvExport.Setup setup : setups) {
				Element r = child(doc, registrations, "ViewRegistration", null);
				r.setAttribute("timepoint", "0");
				r.setAttribute("setup", Integer.toString(setup.id()));
				Element t = child(doc, r, "ViewTransform", null);
				t.setAttribute("type", "affine");
				child(doc, t, "Name", "calibration");
				child(doc, t, "affine", String.join(" ", s, "0.0", "0.0", "0.0", "0.0", s, "0.0", "0.0", "0.0", "0.0", s, "0.0"));
			}
			StringWriter out = new StringWriter();
			var transformer = TransformerFactory.newInstance().newTransformer();
			transformer.setOutputProperty(OutputKeys.INDENT, "yes");
			transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
			transformer.transform(new DOMSource(doc), new StreamResult(out));
			return out.toString();
		}
		catch (ParserConfigurationException | TransformerException e) {
			throw new IllegalStateException("The JDK's XML writer failed: " + e.getMessage(), e);
		}
	}

	private static Element child(Document doc, Element parent, String name, String text) {
		Element e = doc.createElement(name);
		if (text != null)
			e.setTextContent(text);
		parent.appendChild(e);
		return e;
	}

	private static String number(double v) {
		return Double.toString(v).toLowerCase(Locale.ROOT);
	}
}
