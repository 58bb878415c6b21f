package org.fusedtomo.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

import net.imglib2.RandomAccessibleInterval;

import org.fusedtomo.io.TiffSeries;

import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

/**
 * A macro-recordable {@link GenericDialog} built from a command's {@code @Parameter} inputs. Each field's
 * label is the parameter's name, so the macro key is that name in lower case ({@code iterations=50});
 * defaults come from the command's field values, choices and min/max from the annotations, and the
 * Help button lists every description. Image inputs take the current image when the command has one,
 * else an image choice each. Text inputs marked {@code anglesOf}/{@code channelsOf} default to the
 * image's tilt angles or element names, {@code calibrationOf}/{@code unitOf} to its calibration; left
 * empty, they are filled from the image after the dialog. A number marked {@code binningOf} left at 0 takes the
 * image's binning note ({@link TiffSeries#binningOf}) after the dialog.
 */
final class ParameterDialog {

	private final CommandInfo info;
	private final Module defaults;
	private final List<ModuleItem<?>> fields = new ArrayList<>();
	private final Map<String, ImagePlus> images = new LinkedHashMap<>();
	private final Map<String, Object> inputs = new LinkedHashMap<>();

	ParameterDialog(CommandInfo info, Module defaults) {
		this.info = info;
		this.defaults = defaults;
		for (ModuleItem<?> item : info.inputs())
			if (!Service.class.isAssignableFrom(item.getType()) && item.getVisibility() != ItemVisibility.MESSAGE
				&& item.getVisibility() != ItemVisibility.INVISIBLE && !org.scijava.Context.class.isAssignableFrom(item.getType()))
				fields.add(item);
	}

	/** Shows the dialog (or reads the macro options); false when the user cancelled or an input is missing. */
	boolean show() {
		List<ModuleItem<?>> imageItems = fields.stream().filter(i -> RandomAccessibleInterval.class.isAssignableFrom(i.getType())).toList();
		if (imageItems.size() == 1) {
			ImagePlus current = WindowManager.getCurrentImage();
			if (current == null) {
				IJ.noImage();
				return false;
			}
			images.put(imageItems.get(0).getName(), current);
		}
		else if (imageItems.size() > 1 && WindowManager.getImageCount() < 1) {
			IJ.noImage();
			return false;
		}
		GenericDialog gd = new GenericDialog(title());
		String[] titles = WindowManager.getImageTitles();
		StringBuilder help = new StringBuilder("<html><b>" + title() + "</b><br><table>");
		int imageIndex = 0;
		for (ModuleItem<?> item : fields) {
			String name = item.getName();
			Class<?> type = item.getType();
			Object value = defaults.getInput(name);
			help.append("<tr><td>").append(name).append("</td><td>").append(item.getLabel()).append(": ")
				.append(item.getDescription() == null ? "" : item.getDescription()).append("</td></tr>");
			if (RandomAccessibleInterval.class.isAssignableFrom(type)) {
				if (imageItems.size() > 1)
					gd.addImageChoice(name, titles[Math.min(imageIndex++, titles.length - 1)]);
			}
			else if (type == boolean.class || type == Boolean.class)
				gd.addCheckbox(name, Boolean.TRUE.equals(value));
			else if (item.getChoices() != null && !item.getChoices().isEmpty())
				gd.addChoice(name, item.getChoices().stream().map(Object::toString).toArray(String[]::new), String.valueOf(value));
			else if (Number.class.isAssignableFrom(box(type))) {
				double v = value == null ? 0 : ((Number) value).doubleValue();
				Double fromImage = calibrationDefault(item);
				gd.addNumericField(name, fromImage != null ? fromImage : v, isInteger(type) ? 0 : 4, 10, labelBeyondName(name, item.getLabel()));
			}
			else if (type == File.class)
				gd.addFileField(name, value == null ? "" : value.toString(), 30);
			else {
				String fromImage = textDefault(item);
				gd.addStringField(name, fromImage != null ? fromImage : value == null ? "" : value.toString(), 30);
			}
		}
		gd.addHelp(help.append("</table></html>").toString());
		gd.showDialog();
		if (gd.wasCanceled())
			return false;
		for (ModuleItem<?> item : fields)
			if (!read(gd, item))
				return false;
		return true;
	}

	private boolean read(GenericDialog gd, ModuleItem<?> item) {
		String name = item.getName();
		Class<?> type = item.getType();
		if (RandomAccessibleInterval.class.isAssignableFrom(type)) {
			if (!images.containsKey(name))
				images.put(name, gd.getNextImage());
		}
		else if (type == boolean.class || type == Boolean.class)
			inputs.put(name, gd.getNextBoolean());
		else if (item.getChoices() != null && !item.getChoices().isEmpty())
			inputs.put(name, gd.getNextChoice());
		else if (Number.class.isAssignableFrom(box(type))) {
			double v = gd.getNextNumber();
			if (Double.isNaN(v) || outside(item, v)) {
				IJ.error(title(), name + " must be a number" + range(item) + ", got " + v);
				return false;
			}
			ImagePlus binned = v == 0 ? images.get(item.get("binningOf")) : null;
			if (binned != null)
				try {
					v = TiffSeries.binningOf(binned.getInfoProperty());
				}
				catch (IllegalArgumentException e) {
					IJ.error(title(), binned.getTitle() + " " + e.getMessage());
					return false;
				}
			inputs.put(name, convert(type, v));
		}
		else if (type == File.class) {
			String path = gd.getNextString().trim();
			inputs.put(name, path.isEmpty() ? null : new File(path));
		}
		else {
			String text = gd.getNextString().trim();
			if (text.isEmpty())
				text = textDefault(item);
			inputs.put(name, text);
		}
		return true;
	}

	/**
	 * The text shown after a numeric field: what its label says beyond the field's name, which is already
	 * shown (as the macro key) before it. "Threads" after {@code threads} says nothing new and is dropped;
	 * "Thickness (voxels)" after {@code thickness} leaves "(voxels)"; a label that is not the name spelled
	 * out (letters and digits, any case) is kept whole.
	 */
	static String labelBeyondName(String name, String label) {
		if (label == null)
			return "";
		int matched = 0, i = 0;
		for (; i < label.length() && matched < name.length(); i++) {
			char c = label.charAt(i);
			if (!Character.isLetterOrDigit(c))
				continue;
			if (Character.toLowerCase(c) != Character.toLowerCase(name.charAt(matched)))
				return label;
			matched++;
		}
		return matched < name.length() ? label : label.substring(i).strip();
	}

	/** The chosen images by input name. */
	Map<String, ImagePlus> images() {
		return new LinkedHashMap<>(images);
	}

	/** The non-image inputs by name. */
	Map<String, Object> inputs() {
		return new LinkedHashMap<>(inputs);
	}

	private String title() {
		String t = info.getTitle();
		return t.endsWith("...") ? t.substring(0, t.length() - 3) : t;
	}

	/** The angles, element names or unit of the image a text input refers to, or null. */
	private String textDefault(ModuleItem<?> item) {
		ImagePlus imp;
		if ((imp = images.get(item.get("anglesOf"))) != null)
			return ImagePlusConverter.anglesOf(imp);
		if ((imp = images.get(item.get("channelsOf"))) != null)
			return ImagePlusConverter.elementsOf(imp);
		if ((imp = images.get(item.get("unitOf"))) != null)
			return imp.getCalibration().getUnit();
		return null;
	}

	private Double calibrationDefault(ModuleItem<?> item) {
		ImagePlus imp = images.get(item.get("calibrationOf"));
		return imp == null ? null : imp.getCalibration().pixelWidth;
	}

	private static boolean outside(ModuleItem<?> item, double v) {
		Object min = item.getMinimumValue(), max = item.getMaximumValue();
		return (min instanceof Number n && v < n.doubleValue()) || (max instanceof Number x && v > x.doubleValue());
	}

	private static String range(ModuleItem<?> item) {
		Object min = item.getMinimumValue(), max = item.getMaximumValue();
		return (min != null ? " >= " + min : "") + (max != null ? " and <= " + max : "");
	}

	private static boolean isInteger(Class<?> type) {
		Class<?> b = box(type);
		return b == Integer.class || b == Long.class || b == Short.class || b == Byte.class;
	}

	private static Object convert(Class<?> type, double v) {
		Class<?> b = box(type);
		if (b == Integer.class)
			return (int) Math.round(v);
		if (b == Long.class)
			return Math.round(v);
		if (b == Float.class)
			return (float) v;
		return v;
	}

	private static Class<?> box(Class<?> type) {
		if (!type.isPrimitive())
			return type;
		return switch (type.getName()) {
			case "int" -> Integer.class;
			case "long" -> Long.class;
			case "double" -> Double.class;
			case "float" -> Float.class;
			case "short" -> Short.class;
			case "byte" -> Byte.class;
			case "boolean" -> Boolean.class;
			default -> type;
		};
	}
}
