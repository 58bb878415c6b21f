package org.fusedtomo.parallel;

import java.lang.reflect.InvocationTargetException;

/**
 * Creates the Vector API ({@code jdk.incubator.vector}) variant of a kernel by class name, so that a JVM
 * started without the module never loads a class that refers to it. Callers check for the module first.
 */
public final class VectorKernels {

	private VectorKernels() {}

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
}
