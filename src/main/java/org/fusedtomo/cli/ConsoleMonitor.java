package org.fusedtomo.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.fusedtomo.progress.Monitor;

/**
 * Shows progress as one line on the terminal, rewritten in place ({@code \r}) on a console and printed
 * at most every few seconds otherwise (logs, CI). Cancelled by {@link #cancel()}, which the launcher
 * wires to Ctrl-C so work stops between iterations and no partial output is written.
 */
public final class ConsoleMonitor implements Monitor {

	private final PrintStream out;
	private final boolean interactive;
	private final AtomicBoolean cancelled = new AtomicBoolean();
	private final long start = System.nanoTime();
	private long lastPrint;
	private String lastStage = "";
	private boolean lineOpen;

	private final Predicate<String> cancelAtStage;

	public ConsoleMonitor(PrintStream out, boolean interactive) {
		this(out, interactive, null);
	}

	/** A monitor that also cancels itself, as Ctrl-C would, when a stage matches {@code cancelAtStage} (tests; null for none). */
	ConsoleMonitor(PrintStream out, boolean interactive, Predicate<String> cancelAtStage) {
		this.out = out;
		this.interactive = interactive;
		this.cancelAtStage = cancelAtStage;
	}

	@Override
	public synchronized void progress(String stage, long done, long total) {
		if (cancelAtStage != null && cancelAtStage.test(stage))
			cancel();
		long now = System.nanoTime();
		boolean finished = done >= total;
		boolean newStage = !stage.equals(lastStage);
		long interval = interactive ? 100_000_000L : 5_000_000_000L;
		if (!finished && !newStage && now - lastPrint < interval)
			return;
		lastPrint = now;
		lastStage = stage;
		int percent = total <= 0 ? 100 : (int) (100 * done / total);
		String line = String.format("%-60s %3d%% (%d/%d) %6.1f s", stage, percent, done, total, (now - start) * 1e-9);
		if (interactive) {
			out.print("\r" + line);
			lineOpen = !finished;
			if (finished)
				out.println();
		}
		else if (finished || newStage || !interactive)
			out.println(line);
		out.flush();
	}

	/** Ends an open progress line so that following output starts on a fresh line. */
	public synchronized void endLine() {
		if (lineOpen) {
			out.println();
			lineOpen = false;
		}
	}

	public void cancel() {
		cancelled.set(true);
	}

	@Override
	public boolean isCancelled() {
		return cancelled.get();
	}
}
