package org.fusedtomo.progress;

import java.util.concurrent.CancellationException;

/**
 * Receives progress from long core work and tells it when to stop. Core algorithms call
 * {@link #progress} once per iteration or slice block and {@link #checkCancelled()} as often; shells
 * adapt it to the ImageJ progress bar, SciJava's {@code StatusService} or a command-line line.
 */
public interface Monitor {

	/** A monitor that shows nothing and never cancels. */
	Monitor NONE = new Monitor() {
		@Override
		public void progress(String stage, long done, long total) {}

		@Override
		public boolean isCancelled() {
			return false;
		}
	};

	/** {@code done} of {@code total} steps of {@code stage} are finished. */
	void progress(String stage, long done, long total);

	/** Whether the user asked to stop. */
	boolean isCancelled();

	/** Throws {@link CancellationException} when the user asked to stop. */
	default void checkCancelled() {
		if (isCancelled())
			throw new CancellationException("Cancelled by the user");
	}

	/**
	 * A view of this monitor for a sub-step that covers steps {@code [from, from+span)} of a
	 * {@code total}-step stage: the sub-step reports its own fraction and inherits the cancel.
	 */
	default Monitor sub(String stage, long from, long span, long total) {
		Monitor parent = this;
		return new Monitor() {
			@Override
			public void progress(String subStage, long done, long subTotal) {
				long scaled = subTotal <= 0 ? from : from + Math.min(span, span * done / subTotal);
				parent.progress(stage + ": " + subStage, scaled, total);
			}

			@Override
			public boolean isCancelled() {
				return parent.isCancelled();
			}
		};
	}

	/** A view of this monitor that prefixes every stage with {@code prefix}, e.g. the element being reconstructed. */
	default Monitor prefixed(String prefix) {
		Monitor parent = this;
		return new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {
				parent.progress(prefix + ": " + stage, done, total);
			}

			@Override
			public boolean isCancelled() {
				return parent.isCancelled();
			}
		};
	}

	/** A view of this monitor for inner loops: it passes the cancel on and shows no progress of its own. */
	default Monitor cancelOnly() {
		Monitor parent = this;
		return new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return parent.isCancelled();
			}
		};
	}
}
