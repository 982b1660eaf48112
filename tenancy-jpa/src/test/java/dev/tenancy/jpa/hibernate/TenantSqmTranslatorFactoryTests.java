package dev.tenancy.jpa.hibernate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The translator reads its cache size from a Hibernate property, as the auto-configuration sets it or as an
 * application that registers the translator itself might.
 */
class TenantSqmTranslatorFactoryTests {

	@Test
	void keepsTheDefaultNumberOfTreesWhenThePropertyIsNotSet() {
		assertThat(TenantSqmTranslatorFactory.cacheSize(null)).isEqualTo(TenantSqmTranslatorFactory.DEFAULT_CACHE_SIZE);
	}

	@Test
	void takesTheSizeAsANumberOrAsText() {
		assertThat(TenantSqmTranslatorFactory.cacheSize(25L)).isEqualTo(25);
		assertThat(TenantSqmTranslatorFactory.cacheSize(" 40 ")).isEqualTo(40);
	}

	@Test
	void refusesASizeThatKeepsNothingOrIsNoNumberNamingTheProperty() {
		for (Object size : new Object[] { 0L, "-1", "many" }) {
			assertThatIllegalStateException().isThrownBy(() -> TenantSqmTranslatorFactory.cacheSize(size))
				.withMessageContaining("tenancy.jpa.query-translation-cache-size must be a number above 0, was '"
						+ size + "'");
		}
	}

}
