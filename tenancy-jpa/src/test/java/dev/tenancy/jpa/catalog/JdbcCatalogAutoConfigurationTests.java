package dev.tenancy.jpa.catalog;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.audit.PlatformOperations;
import dev.tenancy.jpa.audit.TenantAuditEndpoint;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcCatalogAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
		.withPropertyValues("tenancy.rls.guard=OFF", "tenancy.migration.mode=OFF")
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	@Test
	void usesThePropertiesCatalogByDefault() {
		this.runner.run((context) -> assertThat(context).getBean(TenantCatalog.class)
			.isInstanceOfSatisfying(CachingTenantCatalog.class,
					(catalog) -> assertThat(catalog.getDelegate()).isInstanceOf(PropertiesTenantCatalog.class)));
	}

	@Test
	void usesTheJdbcCatalogBehindTheCoreCacheWhenOptedIn() {
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.catalog.cache-ttl=7s")
			.run((context) -> {
				assertThat(context).hasSingleBean(TenantCatalog.class);
				CachingTenantCatalog catalog = context.getBean(CachingTenantCatalog.class);
				assertThat(catalog.getDelegate()).isInstanceOf(JdbcTenantCatalog.class);
				Cache<?, ?> cache = (Cache<?, ?>) ReflectionTestUtils.getField(catalog, "cache");
				assertThat(cache.policy().expireAfterWrite().orElseThrow().getExpiresAfter())
					.isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void theTypeIsCaseInsensitive() {
		this.runner.withPropertyValues("tenancy.catalog.type=JDBC")
			.run((context) -> assertThat(context.getBean(CachingTenantCatalog.class).getDelegate())
				.isInstanceOf(JdbcTenantCatalog.class));
	}

	@Test
	void backsOffWhenUserDefinesTenantCatalog() {
		TenantCatalog own = new PropertiesTenantCatalog(List.of(Tenant.active("acme")));
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc")
			.withBean("ownCatalog", TenantCatalog.class, () -> own)
			.run((context) -> assertThat(context).getBean(TenantCatalog.class).isSameAs(own));
	}

	@Test
	void needsADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancyJpaAutoConfiguration.class))
			.withPropertyValues("tenancy.catalog.type=jdbc")
			.run((context) -> assertThat(context).getBean(TenantCatalog.class)
				.isInstanceOfSatisfying(CachingTenantCatalog.class,
						(catalog) -> assertThat(catalog.getDelegate()).isInstanceOf(PropertiesTenantCatalog.class)));
	}

	@Test
	void refusesToStartWhenTheCoreCatalogWasConfiguredFirst() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, AfterCore.class))
			.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.migration.mode=OFF")
			.withBean(DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("TenancyJpaAutoConfiguration must run before TenancyCoreAutoConfiguration"));
	}

	@Test
	void providesTheTenantLifecyclePlatformOperationsAndAnUnkeyedAuditTrailWithTheJdbcCatalog() {
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc").run((context) -> {
			assertThat(context).hasSingleBean(TenantLifecycle.class)
				.hasSingleBean(TenantAuditTrail.class)
				.hasSingleBean(PlatformOperations.class);
			assertThat(context.getBean(TenantAuditTrail.class).isKeyed()).isFalse();
		});
	}

	@Test
	void keysTheAuditTrailWithTheConfiguredKey() {
		this.runner
			.withPropertyValues("tenancy.catalog.type=jdbc",
					"tenancy.audit.hmac-key=q7Wb0m3rY2vJ9xQfT1kLzP8sN4aD6eHcU5iG0oRwBtM=")
			.run((context) -> assertThat(context.getBean(TenantAuditTrail.class).isKeyed()).isTrue());
	}

	@Test
	void refusesToStartWithAnAuditKeyThatIsNotBase64OrTooShort() {
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.audit.hmac-key=not base64!")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("tenancy.audit.hmac-key must be Base64"));
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.audit.hmac-key=c2hvcnQ=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("at least 32 bytes, was 5"));
	}

	@Test
	void refusesToStartWithAMoveDrainShorterThanTheCatalogCacheTtl() {
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.catalog.cache-ttl=2m")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("tenancy.lifecycle.move-drain (PT1M) must be at least "
						+ "tenancy.catalog.cache-ttl (PT2M)"));
		this.runner
			.withPropertyValues("tenancy.catalog.type=jdbc", "tenancy.catalog.cache-ttl=2m",
					"tenancy.lifecycle.move-drain=150s")
			.run((context) -> assertThat(context).hasSingleBean(TenantLifecycle.class));
	}

	@Test
	void exposesTheAuditEndpointWithTheJdbcCatalogWhenAsked() {
		this.runner
			.withPropertyValues("tenancy.catalog.type=jdbc", "management.endpoints.web.exposure.include=tenancyaudit")
			.run((context) -> assertThat(context).hasSingleBean(TenantAuditEndpoint.class));
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantAuditEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tenancyaudit")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantAuditEndpoint.class));
		this.runner
			.withPropertyValues("tenancy.audit.enabled=true", "management.endpoints.web.exposure.include=tenancyaudit")
			.run((context) -> assertThat(context).hasSingleBean(TenantAuditEndpoint.class));
	}

	@Test
	void noTenantLifecycleWithThePropertiesCatalog() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TenantLifecycle.class)
			.doesNotHaveBean(TenantAuditTrail.class)
			.doesNotHaveBean(PlatformOperations.class));
	}

	@Test
	void providesTheAuditTrailAndPlatformOperationsWithoutTheJdbcCatalogWhenEnabled() {
		this.runner.withPropertyValues("tenancy.audit.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(TenantAuditTrail.class)
				.hasSingleBean(PlatformOperations.class)
				.doesNotHaveBean(TenantLifecycle.class);
			assertThat(context.getBean(CachingTenantCatalog.class).getDelegate())
				.isInstanceOf(PropertiesTenantCatalog.class);
		});
	}

	@Test
	void theLifecycleAndTheAuditTrailBackOffWhenUserDefinesThem() {
		TenantAuditTrail ownTrail = new TenantAuditTrail(new SimpleDriverDataSource(), null);
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc")
			.withBean("ownTrail", TenantAuditTrail.class, () -> ownTrail)
			.run((context) -> assertThat(context).getBean(TenantAuditTrail.class).isSameAs(ownTrail));
		this.runner.withPropertyValues("tenancy.catalog.type=jdbc")
			.withBean("ownLifecycle", TenantLifecycle.class,
					() -> new TenantLifecycle(new JdbcTenantCatalog(new SimpleDriverDataSource(),
							new SimpleDriverDataSource()), null, ownTrail, TransactionOperations.withoutTransaction(),
							(event) -> {
							}))
			.run((context) -> assertThat(context).getBean(TenantLifecycle.class)
				.isSameAs(context.getBean("ownLifecycle")));
	}

	/** The configurations in the wrong order: after the core's. */
	@AutoConfiguration(afterName = "dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration")
	@Import(AfterCore.CatalogConfiguration.class)
	static final class AfterCore {

		/** The package-private catalog configuration, imported by name. */
		static final class CatalogConfiguration implements org.springframework.context.annotation.ImportSelector {

			@Override
			public String[] selectImports(org.springframework.core.type.AnnotationMetadata metadata) {
				return new String[] { "dev.tenancy.jpa.autoconfigure.ControlPlaneConfiguration",
						"dev.tenancy.jpa.autoconfigure.JdbcCatalogConfiguration" };
			}

		}

	}

}
