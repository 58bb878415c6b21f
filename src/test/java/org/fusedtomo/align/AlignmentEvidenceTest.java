package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The optional evidence fields of alignment.json: written, read back, absent in older files. */
class AlignmentEvidenceTest {

	static final Alignment ALIGNMENT = new Alignment(new double[] { -30, 0, 30 }, new double[] { 1, 0, -1 }, new double[] { 0.5, 0, -0.5 }, 2, 0.7,
		List.of("centre-of-mass"));

	@Test
	void toJson_evidence_roundTrips() {
		AxisEstimate axis = new AxisEstimate(2, 0.08, 2, 0.7, 0.05, "common line; offset by reprojection", List.of());
		TiltResiduals residuals = new TiltResiduals(ALIGNMENT.anglesDeg(), new double[] { 0.1, 0.05, 0.12 }, new double[] { 0.03, -0.01, Double.NaN },
			new double[] { 0, 0.02, -0.02 });
		AlignmentEvidence e = new AlignmentEvidence(axis, residuals, List.of("tilt-axis rotation: at the edge"));
		String json = AlignmentJson.toJson(ALIGNMENT, e);
		assertEquals(ALIGNMENT, AlignmentJson.fromJson(json, "test"), "the alignment reads as before");
		AlignmentEvidence back = AlignmentJson.evidence(json, "test");
		assertEquals(2, back.axis().rotationDeg());
		assertEquals(0.08, back.axis().rotationSigmaDeg());
		assertEquals(0.05, back.axis().offsetSigmaPx());
		assertTrue(back.axis().rotationSupported());
		assertArrayEquals(residuals.residual(), back.residuals().residual());
		assertArrayEquals(residuals.heldOutDxPx(), back.residuals().heldOutDxPx(), "NaN written as null and read back as NaN");
		assertEquals(List.of("tilt-axis rotation: at the edge"), back.warnings());
		assertTrue(json.contains("\"shiftErrorRmsPx\""));
	}

	@Test
	void evidence_ofAnOlderFile_isEmpty() {
		String old = AlignmentJson.toJson(ALIGNMENT);
		AlignmentEvidence e = AlignmentJson.evidence(old, "old.json");
		assertNull(e.axis());
		assertNull(e.residuals());
		assertTrue(e.warnings().isEmpty());
	}

	@Test
	void evidence_withTheWrongNumberOfResiduals_namesTheSourceAndFields() {
		String json = AlignmentJson.toJson(ALIGNMENT, new AlignmentEvidence(null, new TiltResiduals(new double[] { 0, 1 }, new double[2], new double[2], new double[2]),
			List.of()));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlignmentJson.evidence(json, "a.json"));
		assertTrue(e.getMessage().startsWith("a.json: residualPerTilt"), e.getMessage());
	}
}
