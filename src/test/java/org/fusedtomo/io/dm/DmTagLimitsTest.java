package org.fusedtomo.io.dm;

import static org.fusedtomo.io.BadInput.assertRejected;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.dm.DmBuilder.Grp;
import org.fusedtomo.io.dm.DmBuilder.Num;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted DM3/DM4 tag trees (issue 19): every count the parser uses is checked against the file
 * before it allocates, so each is refused at once with one line naming the file, never a
 * NegativeArraySizeException, an "array size exceeds VM limit", a ClassCastException or a full heap.
 */
class DmTagLimitsTest {

	@TempDir
	Path dir;

	/**
	 * A DM file whose root group holds one data tag "x" with these info words, followed by
	 * {@code tail} bytes (values), as the published layout says.
	 */
	static byte[] oneTag(int version, byte[] tail, long... info) {
		boolean dm4 = version == 4;
		ByteArrayOutputStream tags = new ByteArrayOutputStream();
		tags.write(0);
		tags.write(1);
		count(tags, dm4, 1);
		tags.write(21);
		tags.writeBytes(new byte[] { 0, 1, 'x' });
		if (dm4)
			tags.writeBytes(new byte[8]);
		tags.writeBytes("%%%%".getBytes(StandardCharsets.US_ASCII));
		count(tags, dm4, info.length);
		for (long w : info)
			count(tags, dm4, w);
		tags.writeBytes(tail);
		byte[] body = tags.toByteArray();
		ByteBuffer h = ByteBuffer.allocate(dm4 ? 16 : 12);
		h.putInt(version);
		if (dm4)
			h.putLong(body.length);
		else
			h.putInt(body.length);
		h.putInt(1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(h.array());
		out.writeBytes(body);
		return out.toByteArray();
	}

	private static void count(ByteArrayOutputStream out, boolean dm4, long n) {
		out.writeBytes(dm4 ? ByteBuffer.allocate(8).putLong(n).array() : ByteBuffer.allocate(4).putInt((int) n).array());
	}

	Path file(String name, byte[] bytes) throws IOException {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		return p;
	}

	@Test
	void read_refusesStringLengthsOutsideTheFile() throws IOException {
		assertRejected(file("neg.dm3", oneTag(3, new byte[16], DmTags.STRING, -5)), "string 'x'", "-5");
		assertRejected(file("huge.dm3", oneTag(3, new byte[16], DmTags.STRING, Integer.MAX_VALUE)), "string 'x'", "2147483647");
		assertRejected(file("huge.dm4", oneTag(4, new byte[16], DmTags.STRING, 1L << 40)), "string 'x'");
		assertRejected(file("short.dm4", oneTag(4, new byte[16], DmTags.STRING)), "string 'x'");
	}

	@Test
	void read_refusesStructFieldCountsTheTypeWordsCannotHold() throws IOException {
		// (STRUCT, name length, field count, (name length, type) per field)
		assertRejected(file("neg.dm3", oneTag(3, new byte[16], DmTags.STRUCT, 0, -3)), "struct 'x'", "-3 fields");
		assertRejected(file("huge.dm3", oneTag(3, new byte[16], DmTags.STRUCT, 0, 0x7fffffff, 0, DmTags.LONG)), "struct 'x'", "2147483647 fields");
		assertRejected(file("huge.dm4", oneTag(4, new byte[16], DmTags.STRUCT, 0, 1L << 61, 0, DmTags.LONG)), "struct 'x'");
		// An array of such structs: (ARRAY, STRUCT, name length, field count, pairs, length).
		assertRejected(file("arr.dm3", oneTag(3, new byte[16], DmTags.ARRAY, DmTags.STRUCT, 0, 1000, 0, DmTags.LONG, 1)), "struct 'x'", "1000 fields");
	}

	@Test
	void read_refusesArrayLengthsOutsideTheFile() throws IOException {
		assertRejected(file("len62.dm4", oneTag(4, new byte[16], DmTags.ARRAY, DmTags.SHORT, 1L << 62)), "array 'x'", String.valueOf(1L << 62));
		assertRejected(file("neg.dm3", oneTag(3, new byte[16], DmTags.ARRAY, DmTags.SHORT, -1)), "array 'x'");
		assertRejected(file("over.dm3", oneTag(3, new byte[16], DmTags.ARRAY, DmTags.DOUBLE, 3)), "array 'x'", "16 bytes left");
		assertRejected(file("empty.dm4", oneTag(4, new byte[16], DmTags.ARRAY, DmTags.STRUCT, 0, 0, 1L << 40)), "array 'x'");
	}

	@Test
	void read_refusesDimensionsThatAreNotNumbers() throws IOException {
		Grp[] dims = { new Grp("Dimensions", DmBuilder.text("", "abc"), new Num("", DmTags.ULONG, 2)), new Grp("Dimensions", new Grp("", new Num("", DmTags.ULONG, 2)),
			new Num("", DmTags.ULONG, 2)), new Grp("Dimensions", new Num("", DmTags.ULONG, 2), new Num("", DmTags.DOUBLE, 2.5)) };
		for (int i = 0; i < dims.length; i++) {
			Grp image = new Grp("", new Grp("ImageData", new DmBuilder.Arr("Data", DmTags.FLOAT, new double[4]), new Num("DataType", DmTags.LONG, 2), dims[i]));
			Path f = file("dims" + i + ".dm4", new DmBuilder(4, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", image))));
			assertRejected(f, "Dimensions entry " + (i == 2 ? 1 : 0), "corrupt");
		}
	}

	@Test
	void read_refusesDimensionsLargerThanTheDataBeforeAllocating() throws IOException {
		// 1 kB of pixels whose dimensions claim 46340 x 46340 (8.6 GB as floats) or 20000 x 20000 x 2.
		int[][] claims = { { 46340, 46340 }, { 20000, 20000, 2 }, { 65536, 65536, 65536, 65536 } };
		for (int i = 0; i < claims.length; i++) {
			Grp image = DmBuilder.image(2, DmTags.FLOAT, new double[256], claims[i], 1, "nm");
			Path f = file("claim" + i + ".dm3", new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", image))));
			assertRejected(f, "holds 256 values", "dimensions");
		}
	}

	@Test
	void read_refusesGroupsNestedTooDeepOrClaimingMoreTagsThanBytes() throws IOException {
		Grp g = new Grp("leaf", new Num("v", DmTags.LONG, 1));
		for (int d = 0; d < DmTags.MAX_DEPTH + 2; d++)
			g = new Grp("g", g);
		assertRejected(file("deep.dm3", new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(new Grp("", g))), "nested deeper than " + DmTags.MAX_DEPTH);
		byte[] b = new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Num("v", DmTags.LONG, 1)));
		ByteBuffer.wrap(b).putInt(14, 0x7fffffff); // the root group's tag count
		assertRejected(file("count.dm3", b), "claims 2147483647 tags");
	}
}
