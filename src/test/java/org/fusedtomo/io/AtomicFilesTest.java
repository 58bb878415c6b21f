package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

	@TempDir
	Path dir;

	static List<String> listing(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void write_createsTheFileAndParentsAndLeavesNoTemporaryFile() throws IOException {
		Path out = dir.resolve("sub/out.txt");
		new AtomicFiles(List.of()).write(out, s -> s.write("hello".getBytes(StandardCharsets.US_ASCII)));
		assertEquals("hello", Files.readString(out));
		assertEquals(List.of("out.txt"), listing(out.getParent()));
	}

	@Test
	void write_replacesAnExistingOutput() throws IOException {
		Path out = dir.resolve("out.txt");
		Files.writeString(out, "old");
		AtomicFiles.protecting().write(out, s -> s.write('n'));
		assertEquals("n", Files.readString(out));
	}

	@Test
	void write_failureLeavesNoPartialFileAndKeepsTheOldOne() throws IOException {
		Path fresh = dir.resolve("fresh.tif"), old = dir.resolve("old.tif");
		Files.writeString(old, "previous");
		AtomicFiles files = AtomicFiles.protecting();
		AtomicFiles.Content failing = s -> {
			s.write(new byte[100_000]);
			throw new IOException("disk full");
		};
		UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> files.write(fresh, failing));
		assertTrue(e.getMessage().contains("fresh.tif") && e.getMessage().contains("disk full"), e.getMessage());
		assertThrows(UncheckedIOException.class, () -> files.write(old, failing));
		assertFalse(Files.exists(fresh));
		assertEquals("previous", Files.readString(old));
		assertEquals(List.of("old.tif"), listing(dir), "no temporary files are left");
		RuntimeException r = assertThrows(IllegalStateException.class, () -> files.write(fresh, s -> {
			s.write(1);
			throw new IllegalStateException("bug");
		}));
		assertEquals("bug", r.getMessage());
		assertEquals(List.of("old.tif"), listing(dir));
	}

	@Test
	void write_refusesToOverwriteAnInput() throws IOException {
		Path input = dir.resolve("HAADF.tif");
		Files.writeString(input, "data");
		AtomicFiles files = AtomicFiles.protecting(input);
		// The same file by another spelling of its path.
		Path other = dir.resolve("x/../HAADF.tif");
		for (Path target : List.of(input, other)) {
			InvalidInputException e = assertThrows(InvalidInputException.class, () -> files.write(target, s -> s.write('x')));
			assertTrue(e.getMessage().contains("HAADF.tif") && e.getMessage().contains("input"), e.getMessage());
		}
		assertEquals("data", Files.readString(input));
		assertEquals(List.of("HAADF.tif"), listing(dir));
	}

	@Test
	void write_refusesAnInputReachedThroughALink() throws IOException {
		Path input = dir.resolve("in.tif");
		Files.writeString(input, "data");
		Path link;
		try {
			link = Files.createSymbolicLink(dir.resolve("link.tif"), input);
		}
		catch (UnsupportedOperationException | IOException e) {
			return; // NB: no symbolic links on this file system; the path case is covered above.
		}
		Path target = link;
		assertThrows(InvalidInputException.class, () -> AtomicFiles.protecting(input).write(target, s -> s.write('x')));
		assertEquals("data", Files.readString(input));
	}

	@Test
	void writeAll_writesNothingWhenOneTargetIsRefused() throws IOException {
		Path a = dir.resolve("a.tif"), b = dir.resolve("b.rawtlt");
		Files.createDirectory(b);
		Map<Path, AtomicFiles.Content> m = new LinkedHashMap<>();
		m.put(a, s -> s.write(1));
		m.put(b, s -> s.write(2));
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> AtomicFiles.protecting().writeAll(m));
		assertTrue(e.getMessage().contains("b.rawtlt"), e.getMessage());
		assertEquals(List.of("b.rawtlt"), listing(dir));
	}

	@Test
	void writeAll_failureInTheSecondFileWritesNeither() throws IOException {
		Path a = dir.resolve("a.tif"), b = dir.resolve("a.rawtlt");
		Map<Path, AtomicFiles.Content> m = new LinkedHashMap<>();
		m.put(a, s -> s.write(new byte[] { 1, 2, 3 }));
		m.put(b, s -> {
			throw new IOException("no space");
		});
		assertThrows(UncheckedIOException.class, () -> AtomicFiles.protecting().writeAll(m));
		assertEquals(List.of(), listing(dir));
		m.put(b, s -> s.write(4));
		AtomicFiles.protecting().writeAll(m);
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(a));
		assertArrayEquals(new byte[] { 4 }, Files.readAllBytes(b));
	}
}
