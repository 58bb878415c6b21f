package org.fusedtomo.projector;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;

/** Creates the default projector for a pair of geometries. */
public final class Projectors {

	/**
	 * Whether {@link Math#fma} (and the Vector API's {@code fma}) runs as one instruction. Without FMA
	 * hardware it falls back to BigDecimal, hundreds of times slower: the plain-Java kernel then takes its
	 * multiply-add loops and {@link #create} does not pick the Vector API kernel.
	 */
	static final boolean HARDWARE_FMA = hardwareFma();

	/** Slices per block of the plain-Java blocked kernel. */
	public static final int SCALAR_BLOCK = 16;

	private Projectors() {}

	/** SIMD vectors per block of the Vector API kernel. */
	public static final int VECTORS_PER_BLOCK = 2;

	/**
	 * The fastest exact-adjoint projector on this JVM: the blocked Joseph projector with the Vector API
	 * kernel when the JVM has {@code jdk.incubator.vector} (and the CPU FMA), otherwise with the plain-Java
	 * kernel.
	 */
	public static Projector create(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism) {
		return usesVectorApi() ? simd(volume, tilts, parallelism, VECTORS_PER_BLOCK) : BlockedJosephProjector.scalar(volume, tilts, parallelism, SCALAR_BLOCK);
	}

	/** Whether {@link #create} picks the Vector API kernel on this JVM and CPU. */
	public static boolean usesVectorApi() {
		return vectorApiAvailable() && HARDWARE_FMA;
	}

	/**
	 * A line for the user when projections run in plain Java although the CPU could run the Vector API
	 * kernel, saying how to enable it; null when there is nothing to tell.
	 */
	public static String vectorApiNotice() {
		return vectorApiAvailable() || !HARDWARE_FMA ? null : "Fused Tomography projects in plain Java: " + VECTOR_API_HINT;
	}

	/** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
	public static boolean vectorApiAvailable() {
		return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
	}

	/** How to enable the fast kernel, for the status line and the log when it is missing. */
	public static final String VECTOR_API_HINT = "start Java with --add-modules jdk.incubator.vector "
		+ "(Fiji: add it to ImageJ.cfg or the launcher's JVM options) for 3-5x faster projections";

	/**
	 * The blocked projector with the Vector API kernel, {@code vectors} SIMD vectors of slices per block
	 * (even: the forward kernel takes them in pairs).
	 *
	 * @throws IllegalStateException when the JVM lacks the Vector API module
	 * @throws IllegalArgumentException when {@code vectors} is odd or below 2
	 */
	public static BlockedJosephProjector simd(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, int vectors) {
		if (!vectorApiAvailable())
			throw new IllegalStateException("The JDK Vector API is not enabled: " + VECTOR_API_HINT);
		RowKernel kernel = VectorKernels.create(RowKernel.class, "org.fusedtomo.projector.VectorRowKernel", new Class<?>[] { int.class }, vectors);
		return new BlockedJosephProjector(volume, tilts, parallelism, kernel);
	}

	static void checkSizes(VolumeGeometry vg, TiltGeometry tg, org.fusedtomo.data.Volume v, org.fusedtomo.data.TiltSeries t) {
		if (!v.geometry().equals(vg))
			throw new IllegalArgumentException("Volume is " + v.geometry() + " but the projector was built for " + vg);
		if (!t.geometry().equals(tg))
			throw new IllegalArgumentException("Tilt series is " + t.geometry() + " but the projector was built for " + tg);
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
