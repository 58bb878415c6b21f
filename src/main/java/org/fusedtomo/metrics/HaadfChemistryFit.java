package org.fusedtomo.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.fusedtomo.data.Binning;
import org.fusedtomo.data.TiltSeries;

/**
 * Whether the chemical maps can explain the HAADF projections, before fusing them: a least-squares fit
 * {@code HAADF ≈ c_0 + Σ_e c_e map_e} over every pixel of the tilts that all series share, each series
 * divided by its maximum (as the fused solver does) and binned to tame Poisson noise. The fused model
 * {@code Σ_e w_e x_e^γ} has every {@code w_e > 0}; a map whose coefficient comes out negative is darker
 * where the HAADF is brighter, and the HAADF term will pull that element the wrong way. A first-order
 * check: the model is non-linear in x (γ) and the fit is linear in projections.
 *
 * @param coefficients c_e per element (HAADF maxima per map maximum)
 * @param correlations Pearson correlation of each map with the HAADF over the same pixels
 * @param rSquared the fraction of the HAADF variance the fit explains
 * @param tilts the shared tilts used
 * @param bin the bin factor applied
 */
public record HaadfChemistryFit(Map<String, Double> coefficients, Map<String, Double> correlations, double rSquared, int tilts, int bin) {

	/** Tilts count as shared within this, degrees. */
	static final double ANGLE_TOLERANCE_DEG = 0.01;

	public HaadfChemistryFit {
		coefficients = Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
		correlations = Collections.unmodifiableMap(new LinkedHashMap<>(correlations));
	}

	/**
	 * @param haadf the HAADF series
	 * @param chemical the chemical series by element, at least one, same projection size as the HAADF
	 * @param bin bin factor (≥ 1) applied to every series before fitting
	 * @throws IllegalArgumentException when sizes differ, no tilt is shared by all series, or the maps
	 *         are linearly dependent on these pixels
	 */
	public static HaadfChemistryFit of(TiltSeries haadf, Map<String, TiltSeries> chemical, int bin) {
		if (chemical.isEmpty())
			throw new IllegalArgumentException("The HAADF-chemistry fit needs at least one chemical series");
		List<String> elements = new ArrayList<>(chemical.keySet());
		for (String e : elements)
			if (chemical.get(e).width() != haadf.width() || chemical.get(e).height() != haadf.height())
				throw new IllegalArgumentException("Chemical series " + e + " is " + chemical.get(e).width() + " x " + chemical.get(e).height() + " pixels, the HAADF "
					+ haadf.width() + " x " + haadf.height() + "; align them to one size first");
		List<int[]> shared = new ArrayList<>();
		for (int a = 0; a < haadf.angleCount(); a++) {
			int[] idx = new int[elements.size() + 1];
			idx[0] = a;
			boolean all = true;
			for (int k = 0; k < elements.size() && all; k++) {
				idx[k + 1] = indexOf(chemical.get(elements.get(k)), haadf.angleDeg(a));
				all = idx[k + 1] >= 0;
			}
			if (all)
				shared.add(idx);
		}
		if (shared.isEmpty())
			throw new IllegalArgumentException("No HAADF tilt is shared by every chemical series (within " + ANGLE_TOLERANCE_DEG + " deg); the fit needs common tilts");
		float[] y = pixels(haadf, shared, 0, bin);
		int n = y.length, k = elements.size();
		double[][] x = new double[n][k + 1];
		double[] target = new double[n];
		List<double[]> columns = new ArrayList<>();
		for (int e = 0; e < k; e++) {
			float[] m = pixels(chemical.get(elements.get(e)), shared, e + 1, bin);
			double[] col = new double[n];
			for (int i = 0; i < n; i++)
				col[i] = m[i];
			columns.add(col);
		}
		for (int i = 0; i < n; i++) {
			x[i][0] = 1;
			for (int e = 0; e < k; e++)
				x[i][e + 1] = columns.get(e)[i];
			target[i] = y[i];
		}
		RealMatrix design = MatrixUtils.createRealMatrix(x);
		RealVector c;
		try {
			c = new QRDecomposition(design).getSolver().solve(MatrixUtils.createRealVector(target));
		}
		catch (SingularMatrixException ex) {
			throw new IllegalArgumentException("The chemical maps of " + elements + " are linearly dependent (or empty) on the shared tilts; the HAADF-chemistry fit is undefined", ex);
		}
		RealVector residual = design.operate(c).subtract(MatrixUtils.createRealVector(target));
		double mean = 0, variance = 0;
		for (double v : target)
			mean += v / n;
		for (double v : target)
			variance += (v - mean) * (v - mean);
		Map<String, Double> coefficients = new LinkedHashMap<>(), correlations = new LinkedHashMap<>();
		for (int e = 0; e < k; e++) {
			coefficients.put(elements.get(e), c.getEntry(e + 1));
			correlations.put(elements.get(e), new PearsonsCorrelation().correlation(columns.get(e), target));
		}
		return new HaadfChemistryFit(coefficients, correlations, variance > 0 ? 1 - residual.dotProduct(residual) / variance : 0, shared.size(), bin);
	}

	/** The elements whose coefficient is negative, in fit order. */
	public List<String> negative() {
		return coefficients.entrySet().stream().filter(e -> e.getValue() < 0).map(Map.Entry::getKey).toList();
	}

	private static int indexOf(TiltSeries s, double angleDeg) {
		for (int a = 0; a < s.angleCount(); a++)
			if (Math.abs(s.angleDeg(a) - angleDeg) <= ANGLE_TOLERANCE_DEG)
				return a;
		return -1;
	}

	/** The shared tilts (column {@code which} of {@code shared}) of {@code s}, binned, divided by the maximum of s. */
	private static float[] pixels(TiltSeries s, List<int[]> shared, int which, int bin) {
		int[] idx = shared.stream().mapToInt(r -> r[which]).toArray();
		TiltSeries b = Binning.bin(s.subset(idx), bin);
		float[] d = b.data();
		float max = 0;
		for (float v : s.data())
			max = Math.max(max, v);
		if (max > 0)
			for (int i = 0; i < d.length; i++)
				d[i] /= max;
		return d;
	}
}
