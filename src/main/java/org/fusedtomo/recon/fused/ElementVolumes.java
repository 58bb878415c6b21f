package org.fusedtomo.recon.fused;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.Volume;

/**
 * Element-wise arithmetic on the per-element volumes x = (x_1 .. x_E) of the fused problem, seen as one
 * vector. Sums accumulate in double. All loops are serial: each costs far less than one projection.
 */
final class ElementVolumes {

	private ElementVolumes() {}

	static List<Volume> copies(List<Volume> x) {
		List<Volume> c = new ArrayList<>(x.size());
		for (Volume v : x)
			c.add(v.copy());
		return c;
	}

	static List<Volume> zerosLike(List<Volume> x) {
		List<Volume> c = new ArrayList<>(x.size());
		for (Volume v : x)
			c.add(v.zerosLike());
		return c;
	}

	/** Copies the voxels of {@code from} into {@code to}, element by element. */
	static void copy(List<Volume> from, List<Volume> to) {
		for (int e = 0; e < from.size(); e++)
			System.arraycopy(from.get(e).data(), 0, to.get(e).data(), 0, from.get(e).data().length);
	}

	static double dot(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (double) a[i] * b[i];
		return s;
	}

	/** ⟨a − b, c⟩ over all elements. */
	static double dotOfDifference(List<Volume> a, List<Volume> b, List<Volume> c) {
		double s = 0;
		for (int e = 0; e < a.size(); e++) {
			float[] ad = a.get(e).data(), bd = b.get(e).data(), cd = c.get(e).data();
			for (int i = 0; i < ad.length; i++)
				s += ((double) ad[i] - bd[i]) * cd[i];
		}
		return s;
	}

	/** ‖a_e − b_e‖² of one element. */
	static double squaredDistance(Volume a, Volume b) {
		float[] ad = a.data(), bd = b.data();
		double s = 0;
		for (int i = 0; i < ad.length; i++) {
			double d = (double) ad[i] - bd[i];
			s += d * d;
		}
		return s;
	}

	static void clampNonNegative(float[] a) {
		for (int i = 0; i < a.length; i++)
			if (!(a[i] >= 0))
				a[i] = 0;
	}

	static float max(float[] a) {
		float m = Float.NEGATIVE_INFINITY;
		for (float v : a)
			m = Math.max(m, v);
		return m;
	}
}
