package org.fusedtomo.recon;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TvRowKernel} on the JDK Vector API, whole SIMD vectors of voxels along a row and the plain-Java
 * loop for the rest. Float sqrt and division are correctly rounded like their scalar forms, and
 * {@code q / max(|q|, 1)} divides by 1 exactly where the scalar code leaves q alone, so results are
 * bit-identical. Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorTvRowKernel implements TvRowKernel {

	private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = SPECIES.length();

	@Override
	public void primal(float[] v, float[] px, float[] py, float[] pz, float lam, float[] x, int xStart, int at, int nx, int plane, int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = at + i;
			FloatVector dtp = FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
				.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pz, a - plane)).sub(FloatVector.fromArray(SPECIES, pz, a));
			FloatVector.fromArray(SPECIES, v, a).sub(dtp.mul(lam)).max(0f).intoArray(x, xStart + i);
		}
		ScalarTvRowKernel.INSTANCE.primal(v, px, py, pz, lam, x, xStart, at, nx, plane, i, to);
	}

	@Override
	public void dual(float[] x, float[] xNext, int xi, int nx, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta,
		int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector qx = FloatVector.fromArray(SPECIES, rx, a).add(FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).mul(step));
			FloatVector qy = FloatVector.fromArray(SPECIES, ry, a).add(FloatVector.fromArray(SPECIES, x, c + nx).sub(xv).mul(step));
			FloatVector qz = FloatVector.fromArray(SPECIES, rz, a).add(FloatVector.fromArray(SPECIES, xNext, c).sub(xv).mul(step));
			FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
			qx = qx.div(norm);
			qy = qy.div(norm);
			qz = qz.div(norm);
			qx.add(qx.sub(FloatVector.fromArray(SPECIES, px, a)).mul(beta)).intoArray(rx, a);
			qy.add(qy.sub(FloatVector.fromArray(SPECIES, py, a)).mul(beta)).intoArray(ry, a);
			qz.add(qz.sub(FloatVector.fromArray(SPECIES, pz, a)).mul(beta)).intoArray(rz, a);
			qx.intoArray(px, a);
			qy.intoArray(py, a);
			qz.intoArray(pz, a);
		}
		ScalarTvRowKernel.INSTANCE.dual(x, xNext, xi, nx, rx, ry, rz, px, py, pz, at, step, beta, i, to);
	}
}
