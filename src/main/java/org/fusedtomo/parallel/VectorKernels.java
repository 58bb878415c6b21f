package org.fusedtomo.parallel;

import java.lang.reflect.InvocationTargetException;

/**
 * The one place that asks whether this JVM has the Vector API ({@code jdk.incubator.vector}) and FMA
 * hardware, and that creates the Vector API variant of a kernel by class name, so that a JVM started
 * without the module never loads a class that refers to it. Callers check {@link #available()} first.
 */
public final class VectorKernels {

	/** How to enable the fast kernels, for the status line and the log when the module is missing. */
	public static final String HINT = "start Java with --add-modules jdk.incubator.vector "
		+ "(Fiji: add it to ImageJ.cfg or the launcher's JVM options) for 3-5x faster projections";

	/**
	 * Whether {@link Math#fma} (and the Vector API's {@code fma}) runs as one instruction. Without FMA
	 * hardware it falls back to BigDecimal, hundreds of times slower, so kernels then avoid it.
	 */
	public static final boolean HARDWARE_FMA = hardwareFma();

	private VectorKernels() {}

	/** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
	public static boolean available() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	/**
	 * A line for the user when kernels run in plain Java although the CPU could run the Vector API
	 * ones, saying how to enable them; null when there is nothing to tell.
	 */
	public static String notice() {
		return available() || !HARDWARE_FMA ? null : "Fused Tomography projects in plain Java: " + HINT;
	}

	/**
	 * A new instance of {@code className} through its constructor taking {@code parameterTypes}.
	 *
	 * @throws RuntimeException the constructor's own, unchanged (e.g. an IllegalArgumentException)
	 * @throws IllegalStateException when the class cannot be loaded or made
	 */
	public static <T> T create(Class<T> type, String className, Class<?>[] parameterTypes, Object... arguments) {
		try {
			// NB: kernels are package-private beside their interface; this class sits in another package.
			java.lang.reflect.Constructor<?> constructor = Class.forName(className).getDeclaredConstructor(parameterTypes);
			constructor.setAccessible(true);
			return type.cast(constructor.newInstance(arguments));
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof RuntimeException r)
				throw r;
			throw new IllegalStateException("Cannot create the Vector API kernel " + className, e);
		}
		catch (ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("Cannot load the Vector API kernel " + className, e);
		}
	}

	private static boolean hardwareFma() {
		try {
			return Boolean.parseBoolean(java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA").getValue());
		}
		catch (RuntimeException | LinkageError e) {
			// NB: not HotSpot, or no such option: assume FMA, which every 64-bit CPU since 2013 has.
			return true;
		}
	}
}
