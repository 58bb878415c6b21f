package org.fusedtomo.ij1;

import ij.IJ;

import org.fusedtomo.progress.Monitor;

/** Shows core progress on ImageJ's progress bar and status line; Esc (ImageJ's abort key) cancels. */
public final class IjMonitor implements Monitor {

	@Override
	public void progress(String stage, long done, long total) {
		IJ.showStatus(stage + " " + done + "/" + total);
		IJ.showProgress(total <= 0 ? 1 : (double) done / total);
	}

	@Override
	public boolean isCancelled() {
		return IJ.escapePressed();
	}
}
