package org.fusedtomo.report;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Raw and fused chemical maps side by side, one row per element: each row's label in the element's
 * colour ({@link ElementColours}), each map on its own grey scale from its 0.5–99.5 percentiles, so
 * noise and structure compare at equal contrast. Small maps are enlarged by pixel replication.
 */
public final class MapComparison {

	private static final int GAP = 4;
	private static final int LABEL_WIDTH = 48;
	private static final int HEADER = 22;
	private static final int MIN_TILE = 160;
	private static final int MAX_TILE = 512;

	private MapComparison() {}

	/**
	 * The montage of {@code rows} (element to its maps, one per column, each {@code width} x
	 * {@code height} row-major), under the column {@code headers}.
	 */
	public static ImagePlus montage(String title, List<String> headers, Map<String, List<float[]>> rows, int width, int height) {
		if (rows.isEmpty())
			throw new IllegalArgumentException("A map comparison needs at least one row");
		int columns = headers.size();
		// NB: large maps are shown shrunk (every k-th pixel) so the picture stays a few hundred pixels wide.
		int step = Math.max(1, (int) Math.ceil(Math.max(width, height) / (double) MAX_TILE));
		int w = (width + step - 1) / step, h = (height + step - 1) / step;
		int zoom = Math.max(1, (int) Math.ceil(MIN_TILE / (double) Math.max(w, h)));
		int tw = zoom * w, th = zoom * h;
		ColorProcessor canvas = new ColorProcessor(LABEL_WIDTH + columns * (tw + GAP), HEADER + rows.size() * (th + GAP));
		canvas.setColor(Color.BLACK);
		canvas.fill();
		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		canvas.setAntialiasedText(true);
		canvas.setColor(Color.LIGHT_GRAY);
		for (int c = 0; c < columns; c++)
			canvas.drawString(headers.get(c), LABEL_WIDTH + c * (tw + GAP), HEADER - 4);
		int y0 = HEADER, index = 0;
		for (Map.Entry<String, List<float[]>> row : rows.entrySet()) {
			if (row.getValue().size() != columns)
				throw new IllegalArgumentException("Row " + row.getKey() + " has " + row.getValue().size() + " maps for " + columns + " columns");
			for (int c = 0; c < columns; c++) {
				float[] map = row.getValue().get(c);
				if (map.length != width * height)
					throw new IllegalArgumentException("Map " + row.getKey() + " column " + c + " has " + map.length + " pixels, not " + width + " x " + height);
				float[] range = Orthoslices.percentiles(map, 0.005, 0.995);
				FloatProcessor p = subsampled(map, width, height, step);
				canvas.insert(ReprojectionComparison.grey(p, range[0], Math.max(range[1] - range[0], Float.MIN_NORMAL), zoom), LABEL_WIDTH + c * (tw + GAP), y0);
			}
			canvas.setColor(ElementColours.of(row.getKey(), index++));
			canvas.drawString(row.getKey(), 4, y0 + th / 2 + 7);
			y0 += th + GAP;
		}
		return new ImagePlus(title, canvas);
	}

	private static FloatProcessor subsampled(float[] map, int width, int height, int step) {
		int w = (width + step - 1) / step, h = (height + step - 1) / step;
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = map[y * step * width + x * step];
		return new FloatProcessor(w, h, out);
	}
}
