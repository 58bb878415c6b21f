package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeldOutChemistryTest {

	@Test
	void parseFold_readsNAndK() {
		assertArrayEquals(new int[] { 4, 1 }, HeldOutChemistry.parseFold("--leave-out-chem", "4:1"));
		assertArrayEquals(new int[] { 3, 0 }, HeldOutChemistry.parseFold("--leave-out-chem", " 3 : 0 "));
	}

	@Test
	void parseFold_namesTheOptionAndValue() {
		for (String bad : new String[] { "4:4", "1:0", "four", "4:1:2", "4:-1", "4" })
			assertEquals("Fold '" + bad + "' is not N:K with N >= 2 and 0 <= K < N, e.g. 4:0",
				assertThrows(IllegalArgumentException.class, () -> HeldOutChemistry.parseFold("Fold", bad)).getMessage());
	}
}
