package dev.tenancy.jpa.autoconfigure;

import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.crypto.MasterKey;
import dev.tenancy.jpa.crypto.TenantKeys;
import dev.tenancy.jpa.crypto.TenantKeysEndpoint;
import dev.tenancy.jpa.lifecycle.TenantPurgeStep;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each tenant's own data key ({@code tenancy.crypto.enabled}), kept by the control plane and encrypted with the
 * master key: a {@link MasterKey} bean, or {@code tenancy.crypto.master-keyset}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("tenancy.crypto.enabled")
@EnableConfigurationProperties(TenancyCryptoProperties.class)
class CryptoConfiguration {

	/** Refuses to start an application that asks for data keys without Tink, rather than encrypt nothing. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("com.google.crypto.tink.Aead")
	static class WithoutTink {

		@Bean
		static InitializingBean tenancyCryptoNeedsTink() {
			return () -> {
				throw new IllegalStateException("tenancy.crypto.enabled is set and Tink is not on the class path. Add "
						+ "com.google.crypto.tink:tink, or set tenancy.crypto.enabled=false.");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.google.crypto.tink.Aead")
	static class WithTink {

		@Bean
		@ConditionalOnMissingBean
		TenantKeys tenantKeys(ObjectProvider<TenantAuditTrail> audit, ObjectProvider<MasterKey> masterKey,
				TenancyCryptoProperties properties) {
			TenantAuditTrail trail = audit.getIfUnique();
			if (trail == null) {
				throw new IllegalStateException("tenancy.crypto.enabled keeps tenants' data keys in the control plane, "
						+ "and there is none: set tenancy.catalog.type=jdbc, or tenancy.audit.enabled=true");
			}
			if (properties.getKeyCacheTtl().isNegative() || properties.getKeyCacheTtl().isZero()
					|| properties.getKeyCacheSize() < 1) {
				throw new IllegalStateException("tenancy.crypto.key-cache-ttl must be positive and "
						+ "tenancy.crypto.key-cache-size at least 1; they are " + properties.getKeyCacheTtl() + " and "
						+ properties.getKeyCacheSize());
			}
			return new TenantKeys(trail, masterKey(masterKey, properties), properties.getKeyCacheTtl(),
					properties.getKeyCacheSize());
		}

		/** Destroys a purged tenant's data key in the purge's transaction. */
		@Bean
		TenantPurgeStep tenantKeysPurgeStep(TenantKeys keys) {
			return keys.purgeStep();
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
		@ConditionalOnAvailableEndpoint(TenantKeysEndpoint.class)
		static class KeysEndpointConfiguration {

			@Bean
			@ConditionalOnMissingBean
			TenantKeysEndpoint tenantKeysEndpoint(TenantKeys keys) {
				return new TenantKeysEndpoint(keys);
			}

		}

		private static MasterKey masterKey(ObjectProvider<MasterKey> beans, TenancyCryptoProperties properties) {
			MasterKey bean = beans.getIfAvailable();
			if (bean != null) {
				return bean;
			}
			String keyset = properties.getMasterKeyset();
			if (keyset == null || keyset.isBlank()) {
				throw new IllegalStateException("tenancy.crypto.enabled needs a master key to encrypt tenants' data "
						+ "keys with: a MasterKey bean from your key management service, or "
						+ "tenancy.crypto.master-keyset, a Tink keyset in JSON kept in a secret store "
						+ "(TenantKeys.newMasterKeyset() makes one for development)");
			}
			try {
				return MasterKey.fromKeyset(keyset);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("tenancy.crypto.master-keyset: " + ex.getMessage(), ex);
			}
		}

	}

}
