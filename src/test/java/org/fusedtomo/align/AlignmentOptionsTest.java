package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class AlignmentOptionsTest {

	@Test
	void withAxisSearchChangesOnlyTheRotationRange() {
		AlignmentOptions o = AlignmentOptions.of(EnumSet.of(AlignmentOptions.Step.TILT_AXIS)).withAxisSearch(15);
		assertEquals(15, o.tiltAxis().maxRotationDeg());
		assertEquals(TiltAxisOptions.DEFAULT.maxOffsetPx(), o.tiltAxis().maxOffsetPx());
		assertEquals(TiltAxisOptions.DEFAULT.rotationStepDeg(), o.tiltAxis().rotationStepDeg());
		assertThrows(IllegalArgumentException.class, () -> o.withAxisSearch(0));
	}
}
