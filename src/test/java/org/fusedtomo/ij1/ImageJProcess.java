package org.fusedtomo.ij1;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A real ImageJ 1.x installation in a temporary folder, for tests and for the documentation screenshots:
 * {@code plugins/Fused_Tomography.jar} packed from the build's classes (with plugins.config at its root)
 * and the runtime dependency jars of the test JVM's class path in {@code plugins/jars/}. Macros run as
 * {@code xvfb-run -a java -Dplugins.dir=DIR -cp ij.jar ij.ImageJ -batch macro ARG}, in a process of their own.
 */
final class ImageJProcess {

	/** Class-path jars that are test tooling, not runtime dependencies. */
	private static final List<String> TOOLING = List.of("junit", "opentest4j", "apiguardian", "surefire", "hamcrest");

	private final Path dir;
	private final Path ijJar;

	private ImageJProcess(Path dir, Path ijJar) {
		this.dir = dir;
		this.ijJar = ijJar;
	}

	/** Whether {@code xvfb-run} is on the PATH (ImageJ 1.x needs a display to build its menus). */
	static boolean xvfbAvailable() {
		for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			if (Files.isExecutable(Path.of(p, "xvfb-run")))
				return true;
		return false;
	}

	/** Installs the plugin jar and its dependencies under {@code dir}. */
	static ImageJProcess install(Path dir) throws IOException {
		Path plugins = Files.createDirectories(dir.resolve("plugins")), jars = Files.createDirectories(plugins.resolve("jars"));
		Path ij = null;
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Path.of(entry);
			String name = p.getFileName().toString();
			if (Files.isDirectory(p) && p.endsWith("classes") && !p.endsWith("test-classes"))
				pack(p, plugins.resolve("Fused_Tomography.jar"));
			else if (name.matches("ij-1\\..*\\.jar"))
				ij = p;
			else if (name.endsWith(".jar") && TOOLING.stream().noneMatch(name::contains))
				Files.copy(p, jars.resolve(name));
		}
		if (ij == null)
			throw new IllegalStateException("ImageJ 1.x (net.imagej:ij) is not on the test class path");
		return new ImageJProcess(dir, ij);
	}

	private static void pack(Path classes, Path jar) throws IOException {
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
			for (Path f : files.filter(Files::isRegularFile).toList()) {
				out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
	}

	/**
	 * Runs {@code macro} with {@code argument} in ImageJ under Xvfb and returns what it printed.
	 *
	 * @throws IllegalStateException when ImageJ does not end within {@code limitSeconds} (a hung dialog)
	 */
	String runBatch(Path macro, String argument, int limitSeconds) throws IOException, InterruptedException {
		return run(limitSeconds, "-batch", macro.toString(), argument);
	}

	/** Starts ImageJ with the given ImageJ arguments (e.g. {@code -macro FILE ARG}) under Xvfb. */
	String run(int limitSeconds, String... imagejArgs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", javaBinary(), "-Xmx1g",
			"-Dplugins.dir=" + dir, "-cp", ijJar.toString(), "ij.ImageJ"));
		command.addAll(List.of(imagejArgs));
		Path log = dir.resolve("imagej-" + System.nanoTime() + ".log");
		Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			throw new IllegalStateException("ImageJ did not finish within " + limitSeconds + " s; its output:\n" + Files.readString(log));
		}
		return Files.readString(log);
	}

	Path dir() {
		return dir;
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static void write(Path file, String text) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
	}
}
