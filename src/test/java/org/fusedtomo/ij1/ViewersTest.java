package org.fusedtomo.ij1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.plugin.PlugIn;

import org.junit.jupiter.api.Test;

/**
 * The "Show in BigDataViewer" bridge where ImageJ has no "Open Current Image" menu entry (a headless
 * ImageJ has no menus): it must call BigDataViewer's plugin class directly, never {@code IJ.run} a
 * missing command (whose modal "Unrecognized command" dialog never returns), and fail clearly otherwise.
 */
class ViewersTest {

	/** Stands in for bdv.ij.OpenImagePlusPlugIn: records the image that was current when it ran. */
	public static final class RecordingPlugIn implements PlugIn {
		static ImagePlus opened;

		@Override
		public void run(String arg) {
			opened = WindowManager.getCurrentImage();
		}
	}

	/** A class that is present but no ImageJ plugin. */
	public static final class NotAPlugIn {}

	@Test
	void openInBigDataViewer_callsThePluginClassWhenTheMenuHasNoCommand() {
		assertTrue(Menus.getCommands() == null || Menus.getCommands().get(Viewers.BDV_COMMAND) == null, "this test needs ImageJ without BigDataViewer's menu entry");
		ImagePlus imp = ij.IJ.createImage("elements", "32-bit black", 8, 8, 4);
		RecordingPlugIn.opened = null;
		assertTrue(Viewers.openInBigDataViewer(imp, RecordingPlugIn.class.getName()));
		assertSame(imp, RecordingPlugIn.opened);
	}

	@Test
	void openInBigDataViewer_isFalseWithoutTheClass() {
		assertFalse(Viewers.openInBigDataViewer(ij.IJ.createImage("e", "32-bit black", 4, 4, 2), "no.such.bdv.OpenImagePlusPlugIn"));
	}

	@Test
	void openInBigDataViewer_refusesAClassThatIsNoPlugin() {
		IllegalStateException e = assertThrows(IllegalStateException.class,
			() -> Viewers.openInBigDataViewer(ij.IJ.createImage("e", "32-bit black", 4, 4, 2), NotAPlugIn.class.getName()));
		assertTrue(e.getMessage().contains(NotAPlugIn.class.getName()) && e.getMessage().contains("Open Current Image"), e.getMessage());
	}
}
