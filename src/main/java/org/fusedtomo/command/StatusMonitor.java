package org.fusedtomo.command;

import java.util.function.BooleanSupplier;

import org.fusedtomo.progress.Monitor;
import org.scijava.app.StatusService;

/**
 * Shows core progress through SciJava's {@link StatusService} (Fiji's status bar and progress bar) and
 * cancels when the command is cancelled or its thread is interrupted ({@code Future.cancel(true)}).
 */
public final class StatusMonitor implements Monitor {

	private final StatusService status;
	private final BooleanSupplier cancelled;

	/**
	 * @param status where progress goes; null shows nothing (a context without a status service)
	 * @param cancelled the command's cancel flag
	 */
	public StatusMonitor(StatusService status, BooleanSupplier cancelled) {
		this.status = status;
		this.cancelled = cancelled;
	}

	@Override
	public void progress(String stage, long done, long total) {
		if (status == null)
			return;
		// NB: StatusService takes ints; long totals are rescaled to per-mille.
		int max = (int) Math.min(total, 1000), value = total <= 0 ? max : (int) (max * Math.min(done, total) / Math.max(1, total));
		status.showStatus(value, max, stage + " " + done + "/" + total);
	}

	@Override
	public boolean isCancelled() {
		return cancelled.getAsBoolean() || Thread.currentThread().isInterrupted();
	}
}
