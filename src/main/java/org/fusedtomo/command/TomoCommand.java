package org.fusedtomo.command;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.fusedtomo.progress.Monitor;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * The shared shell of the Fused Tomography commands: progress to the {@link StatusService}, cancel by
 * the module's {@code cancel} or a thread interrupt, and errors in the inputs turned into a cancel
 * with a one-line reason (SciJava's convention, so that scripts and Fiji show it). A subclass parses
 * its inputs, makes one core call in {@link #execute} and assigns its outputs only at the end, so a
 * cancelled or failed command leaves every output null. Once per session it logs a warning with
 * {@link VectorKernels#notice()} when projections run in plain Java for want of the Vector API module.
 */
public abstract class TomoCommand extends ContextCommand {

	/** The menu all commands live in, in Fiji (SciJava) and in plain ImageJ (plugins.config). */
	public static final String MENU = "Plugins>Fused Tomography>";

	@Parameter(persist = false, required = false)
	private StatusService status;

	@Parameter(persist = false, required = false)
	private LogService log;

	@Parameter(label = "Threads", description = "Worker threads for projections; 0 uses every core.", min = "0", persist = false)
	private int threads = 0;

	/** Set once the Vector API notice has been logged: a Fiji session shows it once, not per command. */
	private static final AtomicBoolean VECTOR_API_NOTICE_LOGGED = new AtomicBoolean();

	@Override
	public final void run() {
		String notice = VectorKernels.notice();
		if (notice != null && log != null && VECTOR_API_NOTICE_LOGGED.compareAndSet(false, true))
			log.warn(notice);
		try {
			execute(new StatusMonitor(status, this::isCanceled));
			if (status != null)
				status.clearStatus();
		}
		catch (CancellationException e) {
			stop("Cancelled by the user");
		}
		catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
			if (log != null)
				log.error(getClass().getSimpleName() + ": " + e.getMessage());
			stop(e.getMessage());
		}
	}

	private void stop(String reason) {
		if (!isCanceled() || getCancelReason() == null)
			cancel(reason);
		if (status != null)
			status.showStatus(reason);
	}

	/** Parses the inputs, runs one core call with {@code monitor} and assigns the outputs. */
	protected abstract void execute(Monitor monitor);

	/** The threads asked for, or every core. */
	protected Parallelism parallelism() {
		return threads <= 0 ? Parallelism.available() : new Parallelism(threads);
	}

	/** Logs an informational line (Fiji's console; the ImageJ adapter shows it in the Log window). */
	protected void info(String message) {
		if (log != null)
			log.info(message);
	}
}
