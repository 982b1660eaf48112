package dev.tenancy.starter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.autoconfigure.TenancyCoreAutoConfiguration;
import dev.tenancy.core.autoconfigure.TenancyRateLimitAutoConfiguration;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import dev.tenancy.jpa.autoconfigure.TenancyJpaAutoConfiguration;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.security.JwtTenantResolver;
import dev.tenancy.security.autoconfigure.TenancySecurityAutoConfiguration;
import dev.tenancy.security.platform.PlatformAccessAdmission;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application gets from the one starter dependency.
 */
class TenancyStarterTests {

	@Test
	void registersTheAutoConfigurationOfEveryModule() {
		List<String> candidates = new ArrayList<>();
		ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);
		assertThat(candidates).contains(TenancyCoreAutoConfiguration.class.getName(),
				TenancyJpaAutoConfiguration.class.getName(), TenancySecurityAutoConfiguration.class.getName(),
				TenancyRateLimitAutoConfiguration.class.getName());
	}

	@Test
	void wiresResolutionFilterAndTenantAwareDataSourceTogether() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancySecurityAutoConfiguration.class, TenancyJpaAutoConfiguration.class))
			.withBean(DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("tenancy.rls.guard=OFF", "tenancy.tenants.acme.display-name=Acme")
			.run((context) -> {
				assertThat(context).hasSingleBean(TenantFilter.class);
				assertThat(context.getBean(TenantResolverChain.class).getResolvers())
					.hasExactlyElementsOfTypes(JwtTenantResolver.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(TenantAwareDataSource.class);
			});
	}

	@Test
	void limitsRatesOnceEnabledAfterTheTokensMembershipIsCheckedAndBeforePlatformAccessIsRecorded() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class,
					TenancySecurityAutoConfiguration.class, TenancyRateLimitAutoConfiguration.class))
			.withBean(PlatformAccessLog.class, () -> (tenant, actor, reason, detail) -> {
			})
			.withPropertyValues("tenancy.rate-limit.enabled=true", "tenancy.security.platform.authority=SCOPE_admin")
			.run((context) -> assertThat(context.getBean(TenantFilter.class)).extracting("admissions")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.hasExactlyElementsOfTypes(JwtTenantResolver.class, TenantRateLimitAdmission.class,
						PlatformAccessAdmission.class));
	}

	@Test
	void everyModuleShipsGeneratedPropertyMetadata() throws IOException {
		List<String> metadata = new ArrayList<>();
		for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				metadata.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		String all = String.join("\n", metadata);
		assertThat(all).contains("\"tenancy.web.tenant-free-paths\"", "\"tenancy.catalog.cache-ttl\"",
				"\"tenancy.jpa.connection-mode\"", "\"tenancy.rls.guard\"", "\"tenancy.security.tenant-claim\"",
				"\"tenancy.rate-limit.enabled\"");
	}

}
