package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SearchSpace#atEdges}: a best point at an end of its range is named, so tune can say that a better one may
 * lie beyond (the Fiji Tune command's macro run ended at lambda_C 0.01 and lambda_TV 1.0, both ends of the default
 * ranges, without a word).
 */
class SearchSpaceTest {

	@Test
	void namesTheCoordinatesAtAnEndOfTheirRange() {
		SearchSpace space = SearchSpace.of(SearchDimension.log("lambda_chem", 0.01, 10), SearchDimension.log("lambda_tv", 0.001, 1));
		assertEquals(List.of("lambda_chem 0.01000 (the lower end of 0.01000 to 10.00)", "lambda_tv 1.000 (the upper end of 0.001000 to 1.000)"),
			space.atEdges(new double[] { 0.01, 1.0 }));
		// 0.3 and 0.03 lie well inside on the log scale (u = 0.51 and 0.49).
		assertEquals(List.of(), space.atEdges(new double[] { 0.3, 0.03 }));
		// 1 % of the log range of lambda_tv is a factor 10^0.03 = 1.07: 0.00105 is at the edge, 0.0011 is not.
		assertEquals(1, space.atEdges(new double[] { 0.3, 0.00105 }).size());
		assertEquals(0, space.atEdges(new double[] { 0.3, 0.0011 }).size());
	}
}
