package org.fusedtomo.io.dm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds small DM3/DM4 files for tests, following the published tag layout ({@link DmTags}). */
final class DmBuilder {

	interface Tag {
		String label();
	}

	record Grp(String label, List<Tag> tags) implements Tag {
		Grp(String label, Tag... tags) {
			this(label, List.of(tags));
		}
	}

	/** A single value of a DM type (DmTags.SHORT ... DOUBLE). */
	record Num(String label, int type, double value) implements Tag {}

	/** An array of a DM element type. */
	record Arr(String label, int type, double[] values) implements Tag {}

	/** A DM string: an array of uint16 characters. */
	static Arr text(String label, String s) {
		double[] v = new double[s.length()];
		for (int i = 0; i < v.length; i++)
			v[i] = s.charAt(i);
		return new Arr(label, DmTags.USHORT, v);
	}

	private final boolean dm4;
	private final ByteOrder order;

	DmBuilder(int version, ByteOrder valueOrder) {
		this.dm4 = version == 4;
		this.order = valueOrder;
	}

	byte[] build(Grp root) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		group(body, root);
		byte[] tags = body.toByteArray();
		ByteBuffer h = ByteBuffer.allocate(dm4 ? 16 : 12).order(ByteOrder.BIG_ENDIAN);
		h.putInt(dm4 ? 4 : 3);
		if (dm4)
			h.putLong(tags.length);
		else
			h.putInt(tags.length);
		h.putInt(order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(h.array());
		out.writeBytes(tags);
		out.writeBytes(new byte[8]);
		return out.toByteArray();
	}

	private void group(ByteArrayOutputStream out, Grp g) {
		out.write(0);
		out.write(1);
		count(out, g.tags.size());
		for (Tag t : g.tags) {
			out.write(t instanceof Grp ? 20 : 21);
			byte[] label = t.label().getBytes(StandardCharsets.ISO_8859_1);
			out.writeBytes(ByteBuffer.allocate(2).putShort((short) label.length).array());
			out.writeBytes(label);
			if (dm4)
				out.writeBytes(new byte[8]);
			if (t instanceof Grp c)
				group(out, c);
			else {
				out.writeBytes("%%%%".getBytes(StandardCharsets.US_ASCII));
				if (t instanceof Num n) {
					count(out, 1);
					count(out, n.type);
					value(out, n.type, n.value);
				}
				else if (t instanceof Arr a) {
					count(out, 3);
					count(out, DmTags.ARRAY);
					count(out, a.type);
					count(out, a.values.length);
					for (double v : a.values)
						value(out, a.type, v);
				}
			}
		}
	}

	private void count(ByteArrayOutputStream out, long n) {
		out.writeBytes(dm4 ? ByteBuffer.allocate(8).putLong(n).array() : ByteBuffer.allocate(4).putInt((int) n).array());
	}

	private void value(ByteArrayOutputStream out, int type, double v) {
		ByteBuffer b = ByteBuffer.allocate(8).order(order);
		switch (type) {
			case DmTags.SHORT, DmTags.USHORT -> b.putShort((short) (long) v);
			case DmTags.LONG, DmTags.ULONG -> b.putInt((int) (long) v);
			case DmTags.FLOAT -> b.putFloat((float) v);
			case DmTags.DOUBLE -> b.putDouble(v);
			case DmTags.BOOL, DmTags.CHAR, DmTags.OCTET -> b.put((byte) (long) v);
			default -> b.putLong((long) v);
		}
		out.write(b.array(), 0, b.position());
	}

	/** An ImageList entry: data of {@code type} with the given dims, calibration and tags. */
	static Grp image(int dataType, int arrayType, double[] pixels, int[] dims, double scale, String unit, Tag... imageTags) {
		Tag[] dimTags = new Tag[dims.length];
		for (int i = 0; i < dims.length; i++)
			dimTags[i] = new Num("", DmTags.ULONG, dims[i]);
		Tag[] cal = new Tag[dims.length];
		for (int i = 0; i < dims.length; i++)
			cal[i] = new Grp("", new Num("Origin", DmTags.FLOAT, 0), new Num("Scale", DmTags.FLOAT, i < 2 ? scale : 1), text("Units", i < 2 ? unit : ""));
		return new Grp("", new Grp("ImageData", new Grp("Calibrations", new Grp("Dimension", cal)), new Arr("Data", arrayType, pixels), new Num("DataType", DmTags.LONG, dataType),
			new Grp("Dimensions", dimTags)), new Grp("ImageTags", imageTags));
	}
}
