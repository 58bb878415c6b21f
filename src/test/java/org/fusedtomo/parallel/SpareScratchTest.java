package org.fusedtomo.parallel;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SpareScratchTest {

	@Test
	void take_returnsKeptScratchThatFits_andAllocatesOtherwise() {
		SpareScratch<float[]> spare = new SpareScratch<>();
		float[] first = spare.take(a -> true, () -> new float[4]);
		spare.keep(first);
		assertSame(first, spare.take(a -> a.length == 4, () -> new float[4]));
		spare.keep(first);
		assertNotSame(first, spare.take(a -> a.length == 8, () -> new float[8]), "kept scratch of another size");
	}

	@Test
	void take_whileAnotherCallHoldsTheScratch_allocates() {
		SpareScratch<float[]> spare = new SpareScratch<>();
		spare.keep(new float[4]);
		float[] held = spare.take(a -> true, () -> new float[4]);
		assertNotSame(held, spare.take(a -> true, () -> new float[4]), "two concurrent calls must not share scratch");
	}
}
