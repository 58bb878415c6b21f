package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.fusedtomo.progress.Monitor;

/** A monitor that records each progress call as "done/total stage", from any thread; never cancels. */
final class ProgressLines implements Monitor {

	final List<String> lines = Collections.synchronizedList(new ArrayList<>());

	@Override
	public void progress(String stage, long done, long total) {
		lines.add(done + "/" + total + " " + stage);
	}

	@Override
	public boolean isCancelled() {
		return false;
	}
}
