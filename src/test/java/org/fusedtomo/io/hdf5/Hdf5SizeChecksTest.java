package org.fusedtomo.io.hdf5;

import static org.fusedtomo.io.BadInput.assertRejected;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDF5 datasets that declare more data than the file can hold (issue 19: a 6 kB chunked file
 * declaring 20000 x 20000 took 22 s and 5.3 GB for {@code info}) are refused before jhdf allocates.
 */
class Hdf5SizeChecksTest {

	@TempDir
	Path dir;

	/**
	 * A tomo_TV file whose (y, x, angle) = (5, 7, 3) HAADF dataset is then declared as
	 * (20000, 20000, 3) by rewriting its dataspace, with the object header checksum redone.
	 */
	Path claiming(String name, DatasetCreationOptions options) throws IOException {
		Path f = dir.resolve(name);
		try (WritableHdfFile w = HdfFile.write(f)) {
			WritableGroup g = w.putGroup("haadf");
			g.putDataset("tiltSeries", new float[5][7][3], options);
			g.putDataset("tiltAngles", new double[] { -1, 0, 1 });
		}
		byte[] b = Files.readAllBytes(f);
		ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		int patched = 0;
		for (int i = 0; i + 24 <= b.length; i++)
			if (le.getLong(i) == 5 && le.getLong(i + 8) == 7 && le.getLong(i + 16) == 3) {
				le.putLong(i, 20000).putLong(i + 8, 20000);
				fixObjectHeaderChecksum(b, i);
				patched++;
			}
		if (patched == 0)
			throw new AssertionError("dataspace (5, 7, 3) not found");
		Files.write(f, b);
		return f;
	}

	/** Recomputes the Jenkins lookup3 checksum of the version-2 object header ("OHDR") holding byte {@code at}. */
	static void fixObjectHeaderChecksum(byte[] b, int at) {
		int start = at;
		while (start >= 0 && !(b[start] == 'O' && b[start + 1] == 'H' && b[start + 2] == 'D' && b[start + 3] == 'R'))
			start--;
		if (start < 0)
			return; // NB: a version-1 object header has no checksum.
		int flags = b[start + 5];
		int p = start + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
		int sizeBytes = 1 << (flags & 3);
		ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		long chunk = switch (sizeBytes) {
			case 1 -> b[p] & 0xff;
			case 2 -> Short.toUnsignedInt(le.getShort(p));
			case 4 -> Integer.toUnsignedLong(le.getInt(p));
			default -> le.getLong(p);
		};
		int end = (int) (p + sizeBytes + chunk);
		le.putInt(end, io.jhdf.checksum.ChecksumUtils.checksum(ByteBuffer.wrap(b, start, end - start)));
	}

	@Test
	void read_refusesAContiguousDatasetLargerThanTheFile() throws IOException {
		Path f = claiming("contiguous.h5", DatasetCreationOptions.DEFAULT);
		assertRejected(f, "haadf/tiltSeries", "20000", "cannot hold");
	}

	@Test
	void read_refusesAChunkedDeflatedDatasetLargerThanTheFileCouldExpandTo() throws IOException {
		Path f = claiming("chunked.h5", DatasetCreationOptions.builder().chunkDimensions(5, 7, 3).deflate().build());
		assertRejected(f, "haadf/tiltSeries", "20000", "even compressed");
		Path plain = claiming("chunked-plain.h5", DatasetCreationOptions.builder().chunkDimensions(5, 7, 3).build());
		assertRejected(plain, "haadf/tiltSeries", "20000", "cannot hold");
	}
}
