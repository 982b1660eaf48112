package dev.tenancy.core.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CachingTenantCatalogTests {

	private final AtomicInteger lookups = new AtomicInteger();

	private final TenantCatalog counting = new TenantCatalog() {

		private final PropertiesTenantCatalog delegate = new PropertiesTenantCatalog(List.of(Tenant.active("acme")));

		@Override
		public Optional<Tenant> find(TenantId id) {
			CachingTenantCatalogTests.this.lookups.incrementAndGet();
			return this.delegate.find(id);
		}

		@Override
		public List<Tenant> findAll() {
			return this.delegate.findAll();
		}

	};

	@Test
	void cachesHitsAndMisses() {
		CachingTenantCatalog catalog = new CachingTenantCatalog(this.counting, Duration.ofMinutes(1), 100);
		for (int i = 0; i < 3; i++) {
			assertThat(catalog.find(TenantId.of("acme"))).isPresent();
			assertThat(catalog.find(TenantId.of("nobody"))).isEmpty();
		}
		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void evictForcesTheNextLookup() {
		CachingTenantCatalog catalog = new CachingTenantCatalog(this.counting, Duration.ofMinutes(1), 100);
		catalog.find(TenantId.of("acme"));
		catalog.evict(TenantId.of("acme"));
		catalog.find(TenantId.of("acme"));
		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void propertiesCatalogRejectsDuplicates() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PropertiesTenantCatalog(List.of(Tenant.active("acme"), Tenant.active("acme"))))
			.withMessageContaining("'acme' is listed twice");
	}

}
