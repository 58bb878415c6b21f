package org.fusedtomo.bench;

import java.util.Arrays;

/** Times a task several times after warm-up and keeps every figure, for median/min/max reporting. */
public final class Stopwatch {

	private Stopwatch() {}

	/** Runs {@code task} {@code warmups} times untimed, then {@code repeats} times timed; seconds per run. */
	public static double[] time(Runnable task, int warmups, int repeats) {
		for (int i = 0; i < warmups; i++)
			task.run();
		double[] seconds = new double[repeats];
		for (int i = 0; i < repeats; i++) {
			long t0 = System.nanoTime();
			task.run();
			seconds[i] = (System.nanoTime() - t0) * 1e-9;
		}
		return seconds;
	}

	/**
	 * Warms {@code task} up for at least {@code warmupSeconds} (and {@code minWarmups} runs), then times
	 * it at least {@code repeats} times and for at least {@code minTimedSeconds} in all. A fixed count of
	 * warm-ups leaves small, fast calls in the interpreter or C1: C2 needs seconds on two cores.
	 */
	public static double[] timeFor(Runnable task, int minWarmups, double warmupSeconds, int repeats, double minTimedSeconds) {
		long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
		for (int i = 0; i < minWarmups || System.nanoTime() < warmupEnd; i++)
			task.run();
		double[] seconds = new double[repeats];
		double total = 0;
		int n = 0;
		while (n < repeats || total < minTimedSeconds) {
			long t0 = System.nanoTime();
			task.run();
			double t = (System.nanoTime() - t0) * 1e-9;
			if (n == seconds.length)
				seconds = Arrays.copyOf(seconds, 2 * n);
			seconds[n++] = t;
			total += t;
		}
		return Arrays.copyOf(seconds, n);
	}

	public static double median(double[] values) {
		double[] s = values.clone();
		Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}

	public static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}
}
