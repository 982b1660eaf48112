package dev.tenancy.jpa.crypto;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.google.crypto.tink.Aead;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.jpa.lifecycle.TenantPurgeStep;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class TenantKeysAutoConfigurationTests {

	private static final String MASTER = TenantKeys.newMasterKeyset();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
		.withPropertyValues("tenancy.rls.guard=OFF", "tenancy.migration.mode=OFF", "tenancy.catalog.type=jdbc")
		.withBean(DataSource.class, SimpleDriverDataSource::new);

	@Test
	void tenantsHaveNoDataKeysUnlessEnabled() {
		this.runner.withPropertyValues("tenancy.crypto.master-keyset=" + MASTER)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantKeys.class));
	}

	@Test
	void enabledWithAMasterKeysetGivesTenantKeysThatPurgesDestroy() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER)
			.run((context) -> {
				assertThat(context).hasSingleBean(TenantKeys.class);
				Object purge = ReflectionTestUtils.getField(context.getBean(TenantLifecycle.class), "purge");
				assertThat(ReflectionTestUtils.getField(purge, "steps"))
					.isEqualTo(List.of(context.getBean(TenantPurgeStep.class)));
			});
	}

	@Test
	void theKeysEndpointIsThereWhenExposed() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER)
			.run((context) -> assertThat(context).doesNotHaveBean(TenantKeysEndpoint.class));
		this.runner
			.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER,
					"management.endpoints.web.exposure.include=tenancykeys")
			.run((context) -> assertThat(context).hasSingleBean(TenantKeysEndpoint.class));
	}

	@Test
	void aMasterKeyBeanTakesThePlaceOfTheProperty() {
		MasterKey own = MasterKey.fromKeyset(TenantKeys.newMasterKeyset());
		this.runner.withPropertyValues("tenancy.crypto.enabled=true")
			.withBean(MasterKey.class, () -> own)
			.run((context) -> {
				Object keysets = ReflectionTestUtils.getField(context.getBean(TenantKeys.class), "keysets");
				assertThat(ReflectionTestUtils.getField(keysets, "masterKey")).isSameAs(own);
			});
	}

	@Test
	void withoutAMasterKeyTheApplicationDoesNotStart() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.crypto.enabled needs a master key")
				.hasMessageContaining("MasterKey bean"));
	}

	@Test
	void aMasterKeysetThatIsNotOneStopsTheStart() {
		String mac = "{\"primaryKeyId\":1,\"key\":[]}";
		this.runner.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + mac)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("tenancy.crypto.master-keyset: The master key is not a Tink keyset of an AEAD "
						+ "key type"));
	}

	@Test
	void withoutTheControlPlaneTheApplicationDoesNotStart() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancyJpaAutoConfiguration.class))
			.withPropertyValues("tenancy.rls.guard=OFF", "tenancy.migration.mode=OFF", "tenancy.crypto.enabled=true",
					"tenancy.crypto.master-keyset=" + MASTER)
			.withBean(DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.catalog.type=jdbc, or tenancy.audit.enabled=true"));
	}

	@Test
	void theAuditTrailAloneIsControlPlaneEnough() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancyJpaAutoConfiguration.class))
			.withPropertyValues("tenancy.rls.guard=OFF", "tenancy.migration.mode=OFF", "tenancy.audit.enabled=true",
					"tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER)
			.withBean(DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(context).hasSingleBean(TenantKeys.class));
	}

	@Test
	void cacheSettingsThatCannotWorkStopTheStart() {
		this.runner
			.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER,
					"tenancy.crypto.key-cache-ttl=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.crypto.key-cache-ttl must be positive"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesTenantKeys() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true")
			.withBean("ownKeys", TenantKeys.class,
					() -> new TenantKeys(new TenantAuditTrail(new SimpleDriverDataSource(), null),
							MasterKey.fromKeyset(MASTER), Duration.ofMinutes(1), 1))
			.run((context) -> assertThat(context).hasSingleBean(TenantKeys.class).hasBean("ownKeys"));
	}

	@Test
	void enabledWithoutTinkTheApplicationDoesNotStartRatherThanEncryptNothing() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true", "tenancy.crypto.master-keyset=" + MASTER)
			.withClassLoader(new FilteredClassLoader(Aead.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.crypto.enabled is set and Tink is not on the class path"));
		this.runner.withClassLoader(new FilteredClassLoader(Aead.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantKeys.class));
	}

	@Test
	void twoMasterKeyBeansAreNamedAsTheProblem() {
		this.runner.withPropertyValues("tenancy.crypto.enabled=true")
			.withBean("one", MasterKey.class, () -> MasterKey.fromKeyset(TenantKeys.newMasterKeyset()))
			.withBean("two", MasterKey.class, () -> MasterKey.fromKeyset(TenantKeys.newMasterKeyset()))
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("expected single matching bean but found 2"));
	}

}
