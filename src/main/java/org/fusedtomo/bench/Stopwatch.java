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
