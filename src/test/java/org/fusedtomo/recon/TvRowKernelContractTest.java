package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link TvRowKernel} contract, kernel by kernel: the Vector API kernel equals the plain one (the
 * scalar form) bit for bit in every prox step, and to 1e-6 relative in the TV value, on seeded random rows
 * (seed 123) whose ranges start and end inside a SIMD vector or at the row's end; and in each kernel the primal step applies
 * the adjoint of the dual step's (projected) forward differences, ⟨P D x, w⟩ = ⟨x, Dᵀ P w⟩.
 */
class TvRowKernelContractTest {

	private static final int NX = 40, N = 3 * NX * 4;

	private static float[] random(Random r) {
		float[] a = new float[N];
		for (int i = 0; i < a.length; i++)
			a[i] = (float) r.nextGaussian();
		return a;
	}

	private static float[][] copies(float[]... a) {
		float[][] c = new float[a.length][];
		for (int i = 0; i < a.length; i++)
			c[i] = a[i].clone();
		return c;
	}

	private static float[] scaled(float[] a, float factor) {
		float[] s = new float[a.length];
		for (int i = 0; i < a.length; i++)
			s[i] = factor * a[i];
		return s;
	}

	/** The arrays the momentum is read from: r (a[0..2]) itself, or p (a[3..5]). */
	private static float[][] in(String form, float[][] a) {
		return form.equals("in place") ? new float[][] { a[0], a[1], a[2] } : new float[][] { a[3], a[4], a[5] };
	}

	/** The arrays the momentum is written to: r, or p itself. */
	private static float[][] out(String form, float[][] a) {
		return form.equals("into p") ? new float[][] { a[3], a[4], a[5] } : new float[][] { a[0], a[1], a[2] };
	}

	@ParameterizedTest
	@CsvSource({ "0,39", "1,38", "3,20", "0,7", "5,6", "2,33", "0,40", "8,40", "3,40", "37,40" })
	void everyStep_ofTheVectorKernelEqualsThePlainKernel(int from, int to) {
		assumeTrue(VectorKernels.available(), "no Vector API in this JVM");
		TvRowKernel plain = ScalarTvRowKernel.INSTANCE, vector = TvRowKernel.fastest();
		Random r = new Random(123);
		float[] x = random(r), xNext = random(r), gx = random(r), gy = random(r), gz = random(r);
		float[] rx = random(r), ry = random(r), rz = random(r), px = random(r), py = random(r), pz = random(r);
		int xi = NX, at = 2 * NX;
		float step = 0.37f, beta = 0.61f;

		// The momentum read in place, read from p (FGP's first iterations), and read from p and written into p.
		for (String form : new String[] { "in place", "from p", "into p" }) {
			float[][] a = copies(rx, ry, rz, px, py, pz), b = copies(rx, ry, rz, px, py, pz);
			plain.dual(x, xNext, xi, NX, in(form, a)[0], in(form, a)[1], in(form, a)[2], out(form, a)[0], out(form, a)[1], out(form, a)[2], a[3], a[4], a[5], at, step, beta,
				from, to);
			vector.dual(x, xNext, xi, NX, in(form, b)[0], in(form, b)[1], in(form, b)[2], out(form, b)[0], out(form, b)[1], out(form, b)[2], b[3], b[4], b[5], at, step,
				beta, from, to);
			for (int k = 0; k < a.length; k++)
				assertArrayEquals(a[k], b[k], "dual array " + k + ", momentum " + form);

			a = copies(rx, ry, rz, px, py, pz);
			b = copies(rx, ry, rz, px, py, pz);
			plain.guidedDual(x, xNext, xi, NX, gx, gy, gz, in(form, a)[0], in(form, a)[1], in(form, a)[2], out(form, a)[0], out(form, a)[1], out(form, a)[2], a[3], a[4], a[5],
				at, step, beta, from, to);
			vector.guidedDual(x, xNext, xi, NX, gx, gy, gz, in(form, b)[0], in(form, b)[1], in(form, b)[2], out(form, b)[0], out(form, b)[1], out(form, b)[2], b[3], b[4],
				b[5], at, step, beta, from, to);
			for (int k = 0; k < a.length; k++)
				assertArrayEquals(a[k], b[k], "guided dual array " + k + ", momentum " + form);
		}

		float[] outA = new float[N], outB = new float[N];
		plain.primal(x, at, px, py, pz, rz, at, at, 0.8f, outA, at, NX, from, to);
		vector.primal(x, at, px, py, pz, rz, at, at, 0.8f, outB, at, NX, from, to);
		assertArrayEquals(outA, outB, "primal");
		float[] scale = scaled(gx, 0.7f);
		for (int i = 0; i < N; i++)
			scale[i] = 0.05f + Math.abs(scale[i]);
		plain.scaledPrimal(x, at, px, py, pz, rz, at, at, 0.8f, scale, outA, at, NX, from, to);
		vector.scaledPrimal(x, at, px, py, pz, rz, at, at, 0.8f, scale, outB, at, NX, from, to);
		assertArrayEquals(outA, outB, "scaled primal");

		// The primal step through its divergence: the same values as in one step, in both kernels.
		float[] da = new float[N], db = new float[N], fromA = new float[N], fromB = new float[N];
		plain.divergence(px, py, pz, rz, at, at, da, at, NX, from, to);
		vector.divergence(px, py, pz, rz, at, at, db, at, NX, from, to);
		assertArrayEquals(da, db, "divergence");
		float[] direct = new float[N];
		plain.primal(x, at, px, py, pz, rz, at, at, 0.8f, direct, at, NX, from, to);
		plain.primalFromDivergence(x, at, da, 0.8f, null, fromA, at, from, to);
		vector.primalFromDivergence(x, at, db, 0.8f, null, fromB, at, from, to);
		assertArrayEquals(direct, fromA, "primal from divergence, plain");
		assertArrayEquals(direct, fromB, "primal from divergence, vector");
		plain.scaledPrimal(x, at, px, py, pz, rz, at, at, 0.8f, scale, direct, at, NX, from, to);
		plain.primalFromDivergence(x, at, da, 0.8f, scale, fromA, at, from, to);
		vector.primalFromDivergence(x, at, db, 0.8f, scale, fromB, at, from, to);
		assertArrayEquals(direct, fromA, "scaled primal from divergence, plain");
		assertArrayEquals(direct, fromB, "scaled primal from divergence, vector");

		float[][] qa = { new float[N], new float[N], new float[N] }, qb = { new float[N], new float[N], new float[N] };
		plain.project(px, py, pz, gx, gy, gz, at, qa[0], qa[1], qa[2], at, from, to);
		vector.project(px, py, pz, gx, gy, gz, at, qb[0], qb[1], qb[2], at, from, to);
		for (int k = 0; k < 3; k++)
			assertArrayEquals(qa[k], qb[k], "project " + k);

		double sumA = plain.magnitudeSum(x, at, NX, 2 * NX, from, to, 1.5), sumB = vector.magnitudeSum(x, at, NX, 2 * NX, from, to, 1.5);
		assertEquals(sumA, sumB, 1e-6 * sumA, "magnitude sum");

		// A guide of magnitude below 1, as TvGuide makes (ξ √γ with |ξ| < 1).
		float[] u = scaled(gx, 0.4f), w = scaled(gy, 0.4f), c = scaled(gz, 0.4f);
		double guidedA = plain.guidedMagnitudeSum(x, u, w, c, at, NX, 2 * NX, from, to, 1.5), guidedB = vector.guidedMagnitudeSum(x, u, w, c, at, NX, 2 * NX, from, to, 1.5);
		assertEquals(guidedA, guidedB, 1e-6 * guidedA, "guided magnitude sum");
	}

	private static TvRowKernel kernel(String name) {
		if (name.equals("plain"))
			return ScalarTvRowKernel.INSTANCE;
		assumeTrue(VectorKernels.available(), "no Vector API in this JVM");
		return TvRowKernel.fastest();
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "vector" })
	void primal_appliesTheAdjointOfTheDualStepsDifferences(String name) {
		TvRowKernel k = kernel(name);
		// NB: a 13 x 6 x 5 volume in arrays padded by a plane and a row in front, so the primal step's
		// reads of the row and plane before the first ones see zeros, as Dᵀ of the interior differences needs.
		int nx = 13, ny = 6, nz = 5, plane = nx * ny, pad = plane + nx + 1, n = 2 * pad + plane * nz;
		Random r = new Random(123);
		float[] x = new float[n], xNext = new float[n], guideX = new float[n], guideY = new float[n], guideZ = new float[n];
		float[][] w = { new float[n], new float[n], new float[n] };
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0; i < nx; i++) {
					int a = pad + i + nx * (y + ny * z);
					x[a] = (float) r.nextGaussian();
					double gx = r.nextGaussian(), gy = r.nextGaussian(), gz = r.nextGaussian(), norm = Math.sqrt(gx * gx + gy * gy + gz * gz);
					guideX[a] = (float) (gx / norm);
					guideY[a] = (float) (gy / norm);
					guideZ[a] = (float) (gz / norm);
					// The dual step covers voxels with all three forward differences inside the volume; w is zero elsewhere.
					if (i < nx - 1 && y < ny - 1 && z < nz - 1)
						for (float[] c : w)
							c[a] = (float) r.nextGaussian() * 0.3f;
				}
		for (int a = 0; a + plane < n; a++)
			xNext[a] = x[a + plane];
		for (boolean guided : new boolean[] { false, true }) {
			// ⟨P D x, w⟩ from the dual step in its linear regime: r = p = 0, β = 0 and a step small enough that q stays in the unit ball.
			float step = 0.01f;
			float[][] rr = { new float[n], new float[n], new float[n] }, p = { new float[n], new float[n], new float[n] };
			for (int z = 0; z < nz - 1; z++)
				for (int y = 0; y < ny - 1; y++) {
					int row = pad + nx * (y + ny * z);
					if (guided)
						k.guidedDual(x, xNext, row, nx, guideX, guideY, guideZ, rr[0], rr[1], rr[2], rr[0], rr[1], rr[2], p[0], p[1], p[2], row, step, 0f, 0, nx - 1);
					else
						k.dual(x, xNext, row, nx, rr[0], rr[1], rr[2], rr[0], rr[1], rr[2], p[0], p[1], p[2], row, step, 0f, 0, nx - 1);
				}
			double left = 0;
			for (int a = 0; a < n; a++)
				left += (p[0][a] * (double) w[0][a] + p[1][a] * (double) w[1][a] + p[2][a] * (double) w[2][a]) / step;
			// ⟨x, Dᵀ P w⟩ from the primal step: out = v − Dᵀ q with v large enough that nothing is clipped at 0.
			float[][] q = w;
			if (guided) {
				q = new float[][] { new float[n], new float[n], new float[n] };
				for (int row = pad; row < pad + plane * nz; row += nx)
					k.project(w[0], w[1], w[2], guideX, guideY, guideZ, row, q[0], q[1], q[2], row, 0, nx);
			}
			float big = 16;
			float[] v = new float[n], out = new float[n];
			java.util.Arrays.fill(v, big);
			double right = 0;
			for (int row = pad; row < pad + plane * nz; row += nx) {
				k.primal(v, row, q[0], q[1], q[2], q[2], row, row - plane, 1f, out, row, nx, 0, nx);
				for (int i = 0; i < nx; i++)
					right += x[row + i] * (double) (big - out[row + i]);
			}
			assertEquals(left, right, 1e-4 * Math.abs(left), name + (guided ? " guided" : "") + ": <PDx, w> = " + left + ", <x, D'Pw> = " + right);
		}
	}
}
