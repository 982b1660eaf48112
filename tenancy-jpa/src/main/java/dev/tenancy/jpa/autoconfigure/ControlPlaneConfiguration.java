package dev.tenancy.jpa.autoconfigure;

import java.util.Base64;

import javax.sql.DataSource;

import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.jpa.audit.PlatformOperations;
import dev.tenancy.jpa.audit.TenantAuditEndpoint;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The control plane in the primary database, with the JDBC catalog ({@code tenancy.catalog.type=jdbc}) or on its
 * own ({@code tenancy.audit.enabled=true}): the owner DataSource, the audit trail written through it, the one API
 * for platform access to a tenant, and the library's catalog and audit migration for Boot's Flyway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcTemplate.class, org.springframework.boot.jdbc.DataSourceBuilder.class })
@Conditional(ControlPlaneConfiguration.OnControlPlane.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TenancyAuditProperties.class)
class ControlPlaneConfiguration {

	/** Made once, so that the catalog and the audit trail write through one owner DataSource. */
	@Bean
	JdbcControlPlane tenancyJdbcControlPlane(DataSource dataSource, Environment environment) {
		return new JdbcControlPlane(ControlPlaneDataSources.runtime(dataSource),
				ControlPlaneDataSources.owner(environment, dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	TenantAuditTrail tenantAuditTrail(JdbcControlPlane controlPlane, TenancyAuditProperties properties) {
		return new TenantAuditTrail(controlPlane.owner(), hmacKey(properties.getHmacKey()));
	}

	@Bean
	@ConditionalOnMissingBean
	PlatformOperations platformOperations(TenantCatalog catalog, TenantAuditTrail audit) {
		return new PlatformOperations(catalog, audit);
	}

	/** Adds the catalog and audit tables' migrations to Boot's Flyway. */
	@Bean
	@ConditionalOnClass(name = "org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer")
	static CatalogMigrationLocation tenancyCatalogMigrationLocation() {
		return new CatalogMigrationLocation();
	}

	private static byte @Nullable [] hmacKey(@Nullable String base64) {
		if (base64 == null || base64.isBlank()) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("tenancy.audit.hmac-key must be Base64 (for example the output of "
					+ "'openssl rand -base64 32'): " + ex.getMessage(), ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(TenantAuditEndpoint.class)
	static class AuditEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantAuditEndpoint tenantAuditEndpoint(TenantAuditTrail trail) {
			return new TenantAuditEndpoint(trail);
		}

	}

	/** The JDBC catalog, or the audit trail asked for on its own. */
	static class OnControlPlane extends AnyNestedCondition {

		OnControlPlane() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "tenancy.catalog.type", havingValue = "jdbc")
		static class JdbcCatalog {

		}

		@ConditionalOnBooleanProperty("tenancy.audit.enabled")
		static class AuditOnItsOwn {

		}

	}

}
