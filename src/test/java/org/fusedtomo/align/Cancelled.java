package org.fusedtomo.align;

import org.fusedtomo.progress.Monitor;

/** A monitor that has been cancelled from the start. */
final class Cancelled {

	private Cancelled() {}

	static final Monitor MONITOR = new Monitor() {
		@Override
		public void progress(String stage, long done, long total) {}

		@Override
		public boolean isCancelled() {
			return true;
		}
	};
}
