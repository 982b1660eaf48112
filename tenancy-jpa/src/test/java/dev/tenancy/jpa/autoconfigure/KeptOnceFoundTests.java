package dev.tenancy.jpa.autoconfigure;

import java.util.List;

import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.autoconfigure.TenantDataSourceConfiguration.KeptOnceFound;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant-aware data source asks for the catalog on every connection; it must not resolve a dependency each
 * time, yet must find a catalog created after the data source.
 */
class KeptOnceFoundTests {

	@Test
	void looksUpUntilTheBeanExistsThenKeepsIt() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		KeptOnceFound<TenantCatalog> catalog = new KeptOnceFound<>(beanFactory.getBeanProvider(TenantCatalog.class));
		assertThat(catalog.get()).isNull();

		TenantCatalog created = new PropertiesTenantCatalog(List.of());
		beanFactory.registerSingleton("catalog", created);
		assertThat(catalog.get()).isSameAs(created);

		// kept: no longer asked of the bean factory
		beanFactory.destroySingleton("catalog");
		assertThat(beanFactory.getBeanProvider(TenantCatalog.class).getIfAvailable()).isNull();
		assertThat(catalog.get()).isSameAs(created);
	}

}
