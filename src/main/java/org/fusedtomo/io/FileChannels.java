package org.fusedtomo.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads that the binary readers share (MRC, DM, TIFF structure, Bruker SFS). */
public final class FileChannels {

	private FileChannels() {}

	/**
	 * Fills the remaining space of {@code b} from byte {@code position} of {@code ch} (a channel may return
	 * fewer bytes per read); {@code b} is not flipped.
	 *
	 * @throws EOFException "unexpected end of file at byte N" when the file ends first; {@code b} then
	 *         holds what was there
	 */
	public static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
		long p = position;
		while (b.hasRemaining()) {
			int n = ch.read(b, p);
			if (n < 0)
				throw new EOFException("unexpected end of file at byte " + p);
			p += n;
		}
	}
}
