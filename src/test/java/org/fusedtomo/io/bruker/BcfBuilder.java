package org.fusedtomo.io.bruker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Writes small synthetic {@code .bcf} files from known spectra, written independently of the reader
 * from the format description, so that every packing (16-bit and 12-bit pulses, instructively packed
 * runs of 4/8/16/32-bit values with extra pulses), zlib compression, chunk chains and offsets past
 * 2 GiB can be checked against known truth.
 */
final class BcfBuilder {

	/** How a pixel is packed. */
	enum Packing {
		PULSES16, PULSES12, INSTRUCTED
	}

	final int width;
	final int height;
	final int channels;
	final int[][] spectra; // [y*width+x][channel]
	final boolean[] present; // pixels the data lists (others must read as zero)
	final Packing[] packing;
	final int[] haadf;
	int chunkSize = 1030; // NB: usable 998 is not a multiple of 4, so pointer-table entries straddle chunks
	boolean compress;
	int compressionBlock = 700;
	long firstSpectrumChunk = -1; // where the spectrum data starts; past 2 GiB for the large-file test
	String decimalDx = "0,0125"; // µm, with a Windows decimal comma

	BcfBuilder(int width, int height, int channels) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		spectra = new int[width * height][channels];
		present = new boolean[width * height];
		packing = new Packing[width * height];
		haadf = new int[width * height];
	}

	private static void u16(ByteArrayOutputStream o, int v) {
		o.write(v & 0xff);
		o.write(v >>> 8 & 0xff);
	}

	private static void u32(ByteArrayOutputStream o, long v) {
		for (int i = 0; i < 4; i++)
			o.write((int) (v >>> 8 * i) & 0xff);
	}

	/** The SpectrumData stream. */
	byte[] spectrumData() {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		u32(o, height);
		u32(o, width);
		while (o.size() < 0x1A0)
			o.write(0);
		for (int y = 0; y < height; y++) {
			int n = 0;
			for (int x = 0; x < width; x++)
				if (present[y * width + x])
					n++;
			u32(o, n);
			for (int x = 0; x < width; x++)
				if (present[y * width + x])
					pixel(o, x, spectra[y * width + x], packing[y * width + x]);
		}
		return o.toByteArray();
	}

	private List<Integer> pulses(int[] s) {
		List<Integer> out = new ArrayList<>();
		for (int c = 0; c < s.length; c++)
			for (int k = 0; k < s[c]; k++)
				out.add(c);
		// shuffle deterministically: pulses arrive in time order, not sorted
		for (int i = out.size() - 1; i > 0; i--) {
			int j = (i * 7919) % (i + 1);
			Integer t = out.get(i);
			out.set(i, out.get(j));
			out.set(j, t);
		}
		return out;
	}

	private void pixel(ByteArrayOutputStream o, int x, int[] s, Packing p) {
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		int flag;
		int pulseCount;
		byte[] extra = null;
		switch (p) {
			case PULSES16 -> {
				flag = 0;
				List<Integer> ps = pulses(s);
				ps.add(channels + 5); // a pulse past the map's channels: dropped
				for (int c : ps)
					u16(data, c);
				pulseCount = ps.size();
			}
			case PULSES12 -> {
				flag = 1;
				List<Integer> ps = pulses(s);
				ps.add(4000); // past the map's channels: dropped
				pulseCount = ps.size();
				for (int g = 0; g < ps.size(); g += 4) {
					int c0 = ps.get(g), c1 = g + 1 < ps.size() ? ps.get(g + 1) : 0, c2 = g + 2 < ps.size() ? ps.get(g + 2) : 0,
							c3 = g + 3 < ps.size() ? ps.get(g + 3) : 0;
					int[] b = new int[6];
					b[1] = c0 >> 4;
					b[0] = (c0 & 0xf) << 4 | (c1 >> 8 & 0xf);
					b[3] = c1 & 0xff;
					b[2] = c2 >> 4;
					b[5] = (c2 & 0xf) << 4 | (c3 >> 8 & 0xf);
					b[4] = c3 & 0xff;
					for (int v : b)
						data.write(v);
				}
			}
			default -> {
				flag = 2;
				// Move one count per 7th non-empty channel into additional pulses.
				int[] runs = s.clone();
				ByteArrayOutputStream add = new ByteArrayOutputStream();
				int added = 0;
				for (int c = 0; c < runs.length; c += 7)
					if (runs[c] > 0) {
						runs[c]--;
						u16(add, c);
						added++;
					}
				for (int start = 0; start < runs.length; start += 200) {
					int n = Math.min(200, runs.length - start);
					int min = Integer.MAX_VALUE, max = 0;
					for (int i = 0; i < n; i++) {
						min = Math.min(min, runs[start + i]);
						max = Math.max(max, runs[start + i]);
					}
					if (max == 0) {
						data.write(0);
						data.write(n);
						continue;
					}
					int range = max - min;
					int size = range < 16 ? 1 : range < 256 ? 2 : range < 65536 ? 4 : 8;
					data.write(size);
					data.write(n);
					for (int i = 0; i < size; i++)
						data.write(i < 4 ? min >>> 8 * i & 0xff : 0);
					if (size == 1) {
						for (int i = 0; i < n; i += 2) {
							int lo = runs[start + i] - min, hi = i + 1 < n ? runs[start + i + 1] - min : 0;
							data.write(lo | hi << 4);
						}
					}
					else
						for (int i = 0; i < n; i++) {
							int v = runs[start + i] - min;
							for (int k = 0; k < size / 2; k++)
								data.write(v >>> 8 * k & 0xff);
						}
				}
				pulseCount = added;
				extra = add.toByteArray();
			}
		}
		u32(o, x);
		u16(o, channels);
		u16(o, channels);
		u32(o, 0x12345678);
		u16(o, flag);
		u16(o, 0);
		u16(o, pulseCount);
		byte[] d = data.toByteArray();
		u32(o, flag > 1 ? d.length + 4 : d.length);
		o.writeBytes(d);
		if (flag > 1) {
			u32(o, extra.length);
			if (pulseCount > 0)
				o.writeBytes(extra);
		}
	}

	byte[] headerXml() {
		StringBuilder sum = new StringBuilder();
		for (int c = 0; c < channels; c++) {
			long t = 0;
			for (int[] s : spectra)
				t += s[c];
			sum.append(c == 0 ? "" : ",").append(t);
		}
		byte[] img = new byte[2 * width * height];
		for (int i = 0; i < haadf.length; i++) {
			img[2 * i] = (byte) haadf[i];
			img[2 * i + 1] = (byte) (haadf[i] >> 8);
		}
		String xml = "<?xml version=\"1.0\" encoding=\"WINDOWS-1252\" standalone=\"yes\"?>"
				+ "<TRTSpectrumDatabase><RTHeader/><ClassInstance Type=\"TRTSpectrumDatabase\" Name=\"synthetic\"><Header><FileVersion>2</FileVersion></Header>"
				+ "<ClassInstance Type=\"TRTSEMData\"><HV>200</HV><DX>" + decimalDx + "</DX><DY>" + decimalDx + "</DY></ClassInstance>"
				+ "<ClassInstance Type=\"TRTSEMStageData\"><X>1</X><Y>2</Y><Z>3</Z><Rotation>0</Rotation><Tilt>-12,5</Tilt></ClassInstance>"
				+ "<ClassInstance Type=\"TRTDSPConfiguration\"><TiltAngle>0</TiltAngle></ClassInstance>"
				+ "<ClassInstance Type=\"TRTImageData\"><ItemSize>2</ItemSize><Width>" + width + "</Width><Height>" + height + "</Height><PlaneCount>2</PlaneCount>"
				+ "<Plane0><Description>HAADF</Description><Data>" + Base64.getMimeEncoder().encodeToString(img) + "</Data></Plane0>"
				+ "<Plane1><Description>BF</Description><Data>" + Base64.getEncoder().encodeToString(new byte[img.length]) + "</Data></Plane1></ClassInstance>"
				+ "<ClassInstance Type=\"TRTImageData\" Name=\"PixelTimes\"><ItemSize>4</ItemSize><Width>1</Width><Height>1</Height><PlaneCount>1</PlaneCount><Plane0><Data>AQAAAA==</Data></Plane0></ClassInstance>"
				+ "<ChCount>4096</ChCount><SpectrumData0><ClassInstance Type=\"TRTSpectrum\"><TRTHeaderedClass/><ClassInstance Type=\"TRTSpectrumHeader\"><ChannelCount>" + channels
				+ "</ChannelCount><CalibAbs>-4.75E-1</CalibAbs><CalibLin>1.0E-2</CalibLin></ClassInstance><Channels>" + sum + "</Channels></ClassInstance></SpectrumData0>"
				+ "</ClassInstance></TRTSpectrumDatabase>";
		return xml.getBytes(StandardCharsets.ISO_8859_1);
	}

	private byte[] maybeCompress(byte[] raw) {
		if (!compress)
			return raw;
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		int blocks = (raw.length + compressionBlock - 1) / compressionBlock;
		o.writeBytes("AACS".getBytes(StandardCharsets.US_ASCII));
		u32(o, compressionBlock);
		u32(o, 0);
		u32(o, blocks);
		while (o.size() < 0x80)
			o.write(0);
		Deflater d = new Deflater();
		byte[] buf = new byte[compressionBlock * 2 + 64];
		for (int b = 0; b < blocks; b++) {
			int off = b * compressionBlock, len = Math.min(compressionBlock, raw.length - off);
			d.reset();
			d.setInput(raw, off, len);
			d.finish();
			int n = d.deflate(buf);
			u32(o, n);
			u32(o, len);
			u32(o, 0);
			u32(o, n + 16);
			o.write(buf, 0, n);
		}
		d.end();
		return o.toByteArray();
	}

	/** Writes the container to {@code file}. */
	Path write(Path file) throws IOException {
		int usable = chunkSize - 32;
		Map<String, byte[]> contents = new LinkedHashMap<>();
		contents.put("HeaderData", maybeCompress(headerXml()));
		contents.put("SpectrumData0", maybeCompress(spectrumData()));
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			long[] next = { 1 };
			// tree: 0 = directory EDSDatabase, then its files
			List<byte[]> entries = new ArrayList<>();
			entries.add(entry(-1, 0, -1, true, "EDSDatabase"));
			for (Map.Entry<String, byte[]> e : contents.entrySet()) {
				if (e.getKey().startsWith("Spectrum") && firstSpectrumChunk > 0)
					next[0] = Math.max(next[0], firstSpectrumChunk);
				byte[] bytes = e.getValue();
				int n = (bytes.length + usable - 1) / usable;
				long[] dataChunks = new long[n];
				for (int i = 0; i < n; i++) {
					dataChunks[i] = next[0]++;
					int len = Math.min(usable, bytes.length - i * usable);
					writeChunk(ch, dataChunks[i], 0, ByteBuffer.wrap(bytes, i * usable, len));
				}
				ByteBuffer table = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
				for (long c : dataChunks)
					table.putInt((int) c);
				long tableStart = writeChain(ch, table.array(), usable, next);
				entries.add(entry((int) tableStart, bytes.length, 0, false, e.getKey()));
			}
			ByteArrayOutputStream tree = new ByteArrayOutputStream();
			for (byte[] en : entries)
				tree.writeBytes(en);
			long treeStart = writeChain(ch, tree.toByteArray(), usable / 512 * 512, next);
			ByteBuffer head = ByteBuffer.allocate(0x14c).order(ByteOrder.LITTLE_ENDIAN);
			head.put("AAMVHFSS".getBytes(StandardCharsets.US_ASCII));
			head.putFloat(0x124, 2.6f).putInt(0x128, chunkSize);
			head.putInt(0x140, (int) treeStart).putInt(0x144, entries.size()).putInt(0x148, (int) next[0]);
			head.position(0);
			ch.write(head, 0);
			// pad the last chunk to its full size, as the instrument does
			long end = 0x118 + next[0] * chunkSize;
			if (ch.size() < end)
				ch.write(ByteBuffer.allocate(1), end - 1);
		}
		return file;
	}

	private long writeChain(FileChannel ch, byte[] bytes, int perChunk, long[] next) throws IOException {
		int n = Math.max(1, (bytes.length + perChunk - 1) / perChunk);
		long first = next[0];
		for (int i = 0; i < n; i++) {
			long chunk = next[0]++;
			int len = Math.min(perChunk, bytes.length - i * perChunk);
			writeChunk(ch, chunk, i < n - 1 ? chunk + 1 : 0, ByteBuffer.wrap(bytes, i * perChunk, len));
		}
		return first;
	}

	private void writeChunk(FileChannel ch, long chunk, long nextChunk, ByteBuffer payload) throws IOException {
		ByteBuffer h = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt((int) nextChunk);
		h.position(0);
		long start = 0x118 + chunk * chunkSize;
		ch.write(h, start);
		ch.write(payload, start + 32);
	}

	private static byte[] entry(int table, long size, int parent, boolean dir, String name) {
		ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, table).putLong(4, size).putInt(40, parent).put(220, (byte) (dir ? 1 : 0));
		byte[] n = name.getBytes(StandardCharsets.UTF_8);
		b.put(224, n);
		return b.array();
	}
}
