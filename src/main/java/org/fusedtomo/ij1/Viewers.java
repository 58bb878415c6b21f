package org.fusedtomo.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.plugin.PlugIn;

/**
 * Shows a composite in Fiji's BigDataViewer or 3D Viewer when they are installed, found at run time by
 * their menu command and class names (they are not on Maven Central, so nothing is compiled against
 * them), and otherwise in ImageJ's own orthogonal views or 3D projection, saying so in the status line
 * and the log.
 */
public final class Viewers {

	/** Fiji's BigDataViewer command that opens the current image. */
	public static final String BDV_COMMAND = "Open Current Image";
	static final String BDV_CLASS = "bdv.ij.OpenImagePlusPlugIn";
	static final String VIEWER_3D_CLASS = "ij3d.ImageJ3DViewer";

	private Viewers() {}

	/** Whether BigDataViewer's "Open Current Image" is installed. */
	public static boolean bigDataViewerAvailable() {
		return (Menus.getCommands() != null && Menus.getCommands().get(BDV_COMMAND) != null) || classPresent(BDV_CLASS);
	}

	/** Whether Fiji's 3D Viewer is installed. */
	public static boolean viewer3dAvailable() {
		return classPresent(VIEWER_3D_CLASS);
	}

	/** Shows {@code imp} in BigDataViewer or, without it, in orthogonal views; returns which one. */
	public static String showInBigDataViewer(ImagePlus imp) {
		imp.show();
		if (openInBigDataViewer(imp, BDV_CLASS))
			return "BigDataViewer";
		fallback("BigDataViewer is not installed (Fiji's " + BDV_COMMAND + " command); showing ImageJ's orthogonal views instead");
		if (imp.getWindow() != null)
			new ij.plugin.Orthogonal_Views().run("");
		else
			IJ.log("Orthogonal views need an image window; " + imp.getTitle() + " is not displayed (batch mode)");
		return "orthogonal views";
	}

	/** Shows {@code imp} in the 3D Viewer or, without it, as ImageJ's rotating 3D projection; returns which one. */
	public static String showIn3dViewer(ImagePlus imp) {
		imp.show();
		if (viewer3dAvailable()) {
			try {
				PlugIn viewer = (PlugIn) Class.forName(VIEWER_3D_CLASS).getDeclaredConstructor().newInstance();
				viewer.run("");
				return "3D Viewer";
			}
			catch (ReflectiveOperationException | ClassCastException e) {
				IJ.log("The 3D Viewer could not start (" + e + "); using ImageJ's 3D projection");
			}
		}
		else
			fallback("The 3D Viewer is not installed (" + VIEWER_3D_CLASS + "); showing ImageJ's 3D projection instead");
		double interval = imp.getCalibration().pixelDepth / imp.getCalibration().pixelWidth;
		IJ.run(imp, "3D Project...", "projection=[Brightest Point] axis=Y-Axis slice=" + interval
			+ " initial=0 total=360 rotation=30 lower=1 upper=255 opacity=0 surface=100 interior=50 interpolate");
		return "3D projection";
	}

	/**
	 * Opens {@code imp} by BigDataViewer's menu command when ImageJ lists it, else by its plugin class
	 * {@code pluginClass} when present; false when neither is there. NB: {@code IJ.run} of a command that
	 * is not in the menus raises a modal "Unrecognized command" dialog that never returns (issue 19), so
	 * the command is looked up first and never run blindly.
	 *
	 * @throws IllegalStateException naming the class when it is present but is no ImageJ plugin or cannot start
	 */
	static boolean openInBigDataViewer(ImagePlus imp, String pluginClass) {
		java.util.Hashtable<String, String> commands = Menus.getCommands();
		if (commands != null && commands.get(BDV_COMMAND) != null) {
			IJ.run(imp, BDV_COMMAND, "");
			return true;
		}
		if (!classPresent(pluginClass))
			return false;
		Object plugin;
		try {
			plugin = Class.forName(pluginClass, true, Viewers.class.getClassLoader()).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException | LinkageError e) {
			throw new IllegalStateException("BigDataViewer's " + pluginClass + " is present but cannot start (" + e + "); reinstall BigDataViewer from the Fiji update site", e);
		}
		if (!(plugin instanceof PlugIn p))
			throw new IllegalStateException("BigDataViewer's " + pluginClass + " is present but is not an ImageJ plugin, and ImageJ has no '" + BDV_COMMAND
				+ "' command; update BigDataViewer from the Fiji update site");
		// NB: the plugin opens ImageJ's current image; in batch mode imp has no window to make it current.
		ij.WindowManager.setTempCurrentImage(imp);
		try {
			p.run("");
		}
		finally {
			ij.WindowManager.setTempCurrentImage(null);
		}
		return true;
	}

	private static void fallback(String message) {
		IJ.showStatus(message);
		IJ.log(message);
	}

	private static boolean classPresent(String name) {
		try {
			Class.forName(name, false, Viewers.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}
}
