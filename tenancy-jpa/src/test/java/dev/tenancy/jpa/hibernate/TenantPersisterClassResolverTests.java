package dev.tenancy.jpa.hibernate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The resolver's own checks; what its persisters do is in {@link TenantLoadPlansIT}.
 */
class TenantPersisterClassResolverTests {

	@Test
	void theHibernateTheLibraryIsBuiltAgainstHasTheLoadPlanApiThePersistersUse() {
		// Guards the check itself: a wrong signature in it would make the auto-configuration leave Hibernate's
		// persisters in place, with a warning, on the very version the persisters are built for.
		assertThat(TenantPersisterClassResolver.supportsThisHibernate()).isTrue();
	}

	@Test
	void keepsNoPlansWhenItsSizeIsZero() {
		TenantPersisterClassResolver resolver = new TenantPersisterClassResolver(0);
		assertThat(resolver.loadPlanCache()).isNull();
		assertThat(resolver.keptPlans()).isZero();
	}

	@Test
	void refusesANegativeSize() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantPersisterClassResolver(-1))
			.withMessage("maximumPlans must be 0 or more, was -1");
	}

}
