package org.fusedtomo.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ij.IJ;
import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.plugin.PlugIn;

import net.imglib2.RandomAccessibleInterval;

import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.io.TiffSeries;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;

/**
 * The one ImageJ 1.x entry for every Fused Tomography command: {@code plugins.config} names this class
 * with the command's class as {@code arg}. It builds a macro-recordable dialog from the command's
 * parameters ({@link ParameterDialog}), takes image inputs from open images, runs the command in a
 * SciJava {@link Context} of its own (closed afterwards), shows progress on ImageJ's progress bar
 * ({@link IjMonitor}), cancels it on Esc, and shows image outputs as images, other outputs in the Log.
 */
public final class CommandPlugin implements PlugIn {

	@Override
	public void run(String arg) {
		ClassLoader loader = CommandPlugin.class.getClassLoader();
		Class<? extends Command> type;
		try {
			type = Class.forName(arg.trim(), true, loader).asSubclass(Command.class);
		}
		catch (ClassNotFoundException | ClassCastException e) {
			IJ.error("Fused Tomography", "No command class '" + arg + "' (plugins.config names a command class as argument)");
			return;
		}
		// NB: plugins are found through this jar's class loader; ImageJ's plugin loader is not the thread's context loader.
		try (Context context = new Context(List.of(CommandService.class, ModuleService.class, StatusService.class, LogService.class, EventService.class),
			new PluginIndex(new DefaultPluginFinder(loader)))) {
			run(context, context.service(CommandService.class).getCommand(type));
		}
	}

	private void run(Context context, CommandInfo info) {
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(info);
		ParameterDialog dialog = new ParameterDialog(info, module);
		if (!dialog.show())
			return;
		Map<String, ImagePlus> images = dialog.images();
		Map<String, Object> inputs = dialog.inputs();
		images.forEach((name, imp) -> inputs.put(name, ImagePlusConverter.toImg(imp)));
		inputs.forEach(module::setInput);
		inputs.keySet().forEach(name -> module.resolveInput(name));
		IjMonitor monitor = new IjMonitor();
		Object progress = new Object() {
			@EventHandler
			void onStatus(StatusEvent e) {
				if (e.getProgressMaximum() > 0)
					monitor.progress(e.getStatusMessage() == null ? "" : e.getStatusMessage(), e.getProgressValue(), e.getProgressMaximum());
			}
		};
		context.service(EventService.class).subscribe(progress);
		Future<Module> future = modules.run(module, true);
		try {
			while (!future.isDone()) {
				if (monitor.isCancelled() && module instanceof org.scijava.Cancelable c)
					c.cancel("Cancelled by the user (Esc)");
				Thread.sleep(50);
			}
			future.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (ExecutionException e) {
			IJ.handleException(e.getCause());
			return;
		}
		finally {
			IJ.showProgress(1.0);
		}
		if (module instanceof org.scijava.Cancelable c && c.isCanceled()) {
			IJ.showStatus(info.getTitle() + ": " + c.getCancelReason());
			IJ.log(info.getTitle() + " stopped: " + c.getCancelReason());
			// NB: a macro stops here too, as at a cancelled ImageJ dialog: its next line would fail on the missing result,
			// and ImageJ -batch then waited on that error's dialog for ever.
			// (Interpreter.abort(message) shows that dialog itself; the reason is in the Log above.)
			if (Interpreter.getInstance() != null)
				Interpreter.abort();
			return;
		}
		showOutputs(info, module, images, inputs);
	}

	/** Image outputs become images (titled after the first input image), the rest goes to the Log. */
	private static void showOutputs(CommandInfo info, Module module, Map<String, ImagePlus> images, Map<String, Object> inputs) {
		ImagePlus source = images.isEmpty() ? null : images.values().iterator().next();
		List<ImagePlus> shown = new ArrayList<>();
		for (ModuleItem<?> item : info.outputs()) {
			Object value = module.getOutput(item.getName());
			if (value == null)
				continue;
			if (value instanceof ImagePlus imp)
				shown.add(imp);
			else if (value instanceof RandomAccessibleInterval<?> rai) {
				@SuppressWarnings("unchecked")
				RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> img = (RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType>) rai;
				// NB: "like" names an input image whose angles and elements the output keeps; "channelsOf" only its elements.
				ImagePlus like = images.get(item.get("like")), channelsOf = like != null ? like : images.get(item.get("channelsOf"));
				String angles = like != null ? ImagePlusConverter.anglesOf(like) : text(item.get("angles"), module, inputs);
				String elements = item.get("channels") != null ? text(item.get("channels"), module, inputs)
					: channelsOf != null ? ImagePlusConverter.elementsOf(channelsOf) : null;
				String title = (source == null ? "" : source.getTitle() + "-") + item.getName();
				ImagePlus imp = ImagePlusConverter.toImagePlus(title, img, angles == null ? null : TiltSeriesImgs.parseAngles(angles),
					elements == null ? null : TiltSeriesImgs.parseElements(elements));
				if (source != null)
					imp.setCalibration(calibrationFor(source));
				// NB: a tilt series binned after recording says so, as align's TIFFs do, so that a fused command reads its counts so.
				TiffSeries.markBinning(imp, binning(item, like, images, module, inputs));
				shown.add(imp);
			}
			else {
				String s = value.toString();
				IJ.log(info.getTitle() + " " + item.getName() + ": " + (s.length() > 300 ? s.substring(0, 300) + "..." : s));
			}
		}
		shown.forEach(ImagePlus::show);
	}

	/**
	 * The binning of an output tilt series: the input named by its {@code binning} attribute (Extract Element Maps'
	 * Binning), else the note of the image named by {@code like} or {@code binningOf} (the same pixels moved); 1 otherwise.
	 */
	private static int binning(ModuleItem<?> item, ImagePlus like, Map<String, ImagePlus> images, Module module, Map<String, Object> inputs) {
		String given = text(item.get("binning"), module, inputs);
		if (given != null)
			return Integer.parseInt(given);
		ImagePlus from = like != null ? like : images.get(item.get("binningOf"));
		return from == null ? 1 : TiffSeries.binningOf(from.getInfoProperty());
	}

	/** The value of the input or output named {@code name}, as text, or null. */
	private static String text(String name, Module module, Map<String, Object> inputs) {
		if (name == null)
			return null;
		Object v = inputs.containsKey(name) ? inputs.get(name) : module.getOutput(name);
		return v == null ? null : v.toString();
	}

	private static Calibration calibrationFor(ImagePlus source) {
		Calibration c = source.getCalibration().copy();
		c.pixelDepth = c.pixelWidth;
		return c;
	}
}
