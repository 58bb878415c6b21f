package org.fusedtomo.projector;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;

/** Creates the default projector for a pair of geometries. */
public final class Projectors {

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

	/**
	 * {@link #create} with the rays of angle a moved by {@code offsets[a]} detector pixels: the projection's content moves
	 * by {@code +offsets[a]} in x, exactly in the ray model (no interpolation of the projection; the volume is read by
	 * Joseph's linear interpolation as always). Used by {@link AlignedProjector}'s ray kernel.
	 */
	public static Projector withOffsets(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, double[] offsets) {
		if (offsets.length != tilts.angleCount())
			throw new IllegalArgumentException("Ray offsets need one value per angle: " + tilts.angleCount() + " angles, " + offsets.length + " offsets");
		RowKernel kernel = usesVectorApi() ? VectorKernels.create(RowKernel.class, "org.fusedtomo.projector.VectorRowKernel", new Class<?>[] { int.class }, VECTORS_PER_BLOCK)
			: new ScalarRowKernel(SCALAR_BLOCK);
		return new BlockedJosephProjector(volume, tilts, parallelism, kernel, offsets.clone());
	}

	/**
	 * Whether {@link #create} picks the Vector API kernel on this JVM and CPU: not without FMA hardware,
	 * where the plain-Java kernel is faster ({@link VectorKernels#HARDWARE_FMA}).
	 */
	public static boolean usesVectorApi() {
		return VectorKernels.available() && VectorKernels.HARDWARE_FMA;
	}

	/**
	 * The blocked projector with the Vector API kernel, {@code vectors} SIMD vectors of slices per block
	 * (even: the forward kernel takes them in pairs).
	 *
	 * @throws IllegalStateException when the JVM lacks the Vector API module
	 * @throws IllegalArgumentException when {@code vectors} is odd or below 2
	 */
	public static BlockedJosephProjector simd(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism, int vectors) {
		if (!VectorKernels.available())
			throw new IllegalStateException("The JDK Vector API is not enabled: " + VectorKernels.HINT);
		RowKernel kernel = VectorKernels.create(RowKernel.class, "org.fusedtomo.projector.VectorRowKernel", new Class<?>[] { int.class }, vectors);
		return new BlockedJosephProjector(volume, tilts, parallelism, kernel);
	}

	static void checkSizes(VolumeGeometry vg, TiltGeometry tg, org.fusedtomo.data.Volume v, org.fusedtomo.data.TiltSeries t) {
		if (!v.geometry().equals(vg))
			throw new IllegalArgumentException("Volume is " + v.geometry() + " but the projector was built for " + vg);
		if (!t.geometry().equals(tg))
			throw new IllegalArgumentException("Tilt series is " + t.geometry() + " but the projector was built for " + tg);
	}
}
