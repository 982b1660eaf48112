package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.LocalTenantRateLimiter;
import dev.tenancy.core.ratelimit.PropertiesTenantRateLimits;
import dev.tenancy.core.ratelimit.TenantRateLimit;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.ratelimit.TenantRateLimits;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.web.TenantFilter;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenancyRateLimitAutoConfigurationTests {

	private static final Tenant ACME = Tenant.active("acme");

	private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyRateLimitAutoConfiguration.class));

	private final WebApplicationContextRunner enabled = this.web.withPropertyValues("tenancy.rate-limit.enabled=true");

	@Test
	void requestsAreNotLimitedByDefault() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(TenantFilter.class);
			assertThat(context).doesNotHaveBean(TenantRateLimitAdmission.class)
				.doesNotHaveBean(TenantRateLimiter.class)
				.doesNotHaveBean(TenantRateLimits.class);
		});
	}

	@Test
	void enablingLimitsAddsTheAdmissionToTheTenantFilter() {
		this.enabled.run((context) -> {
			assertThat(context.getBean(TenantRateLimits.class)).isInstanceOf(PropertiesTenantRateLimits.class);
			assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(LocalTenantRateLimiter.class);
			assertThat(context.getBean(TenantFilter.class)).extracting("admissions")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly(context.getBean(TenantRateLimitAdmission.class));
			assertThat(limitOf(context, "acme")).contains(TenantRateLimit.of(100, Duration.ofSeconds(1)));
		});
	}

	@Test
	void aTenantsOwnLimitTakesWhatItLeavesUnsetFromTheDefault() {
		this.enabled
			.withPropertyValues("tenancy.rate-limit.default-limit.capacity=50",
					"tenancy.rate-limit.default-limit.period=10s",
					"tenancy.rate-limit.default-limit.burst-capacity=200",
					"tenancy.rate-limit.tenants.acme.capacity=1000", "tenancy.rate-limit.tenants.initech.period=1m",
					"tenancy.rate-limit.tenants.umbrella.burst-capacity=10")
			.run((context) -> {
				assertThat(limitOf(context, "globex")).contains(new TenantRateLimit(50, Duration.ofSeconds(10), 200));
				// a tenant's own capacity brings a burst capacity to match
				assertThat(limitOf(context, "acme")).contains(new TenantRateLimit(1000, Duration.ofSeconds(10), 1000));
				assertThat(limitOf(context, "initech")).contains(new TenantRateLimit(50, Duration.ofMinutes(1), 200));
				assertThat(limitOf(context, "umbrella")).contains(new TenantRateLimit(50, Duration.ofSeconds(10), 10));
			});
	}

	@Test
	void failsToStartWithALimitThatCannotBeKept() {
		assertStartFails("tenancy.rate-limit.default-limit.capacity=0",
				"Invalid rate limit: tenancy.rate-limit.default-limit.capacity must be at least 1, and is 0.");
		assertStartFails("tenancy.rate-limit.default-limit.period=0s",
				"Invalid rate limit: tenancy.rate-limit.default-limit.period must be positive, such as 1s or 1m, "
						+ "and is PT0S.");
		assertStartFails("tenancy.rate-limit.tenants.acme.period=-1s",
				"Invalid rate limit: tenancy.rate-limit.tenants.acme.period must be positive");
		assertStartFails("tenancy.rate-limit.tenants.acme.capacity=-5",
				"tenancy.rate-limit.tenants.acme.capacity must be at least 1, and is -5.");
		assertStartFails("tenancy.rate-limit.tenants.acme.burst-capacity=0",
				"tenancy.rate-limit.tenants.acme.burst-capacity must be at least 1, and is 0.");
		assertStartFails("tenancy.rate-limit.default-limit.period=1ns",
				"tenancy.rate-limit.default-limit: capacity 100 per PT0.000000001S is more than one request per "
						+ "nanosecond");
		assertStartFails("tenancy.rate-limit.maximum-tenants=0",
				"tenancy.rate-limit.maximum-tenants must be at least 1, and is 0.");
	}

	@Test
	void bucketsStayInEachInstancesMemoryWhenAskedTo() {
		this.enabled.withPropertyValues("tenancy.rate-limit.store=local")
			.run((context) -> assertThat(context.getBean(TenantRateLimiter.class))
				.isInstanceOf(LocalTenantRateLimiter.class));
	}

	@Test
	void aDistributedStoreWithoutAProxyManagerFailsToStart() {
		assertStartFails("tenancy.rate-limit.store=distributed", "Tenants' rate-limit buckets are to be kept in a "
				+ "store all instances share (tenancy.rate-limit.store is distributed, or unset with a ProxyManager "
				+ "bean), but the application defines no Bucket4j ProxyManager<String> bean to keep them in. Define "
				+ "one over your store (Redis, JDBC, Hazelcast...: see docs/rate-limits.md), or set "
				+ "tenancy.rate-limit.store=local to keep them in each instance's memory.");
	}

	@Test
	void failsToStartWithAnInvalidTenantIdInLimits() {
		assertStartFails("tenancy.rate-limit.tenants.[Acme Corp].capacity=10",
				"tenancy.rate-limit.tenants names a tenant by an invalid tenant id 'Acme Corp'");
	}

	@Test
	void backsOffWhenTheUserDefinesLimits() {
		this.enabled.withUserConfiguration(UserLimits.class)
			.withPropertyValues("tenancy.rate-limit.default-limit.capacity=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(limitOf(context, "acme")).contains(TenantRateLimit.of(7, Duration.ofMinutes(1)));
				assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(LocalTenantRateLimiter.class);
			});
	}

	@Test
	void backsOffWhenTheUserDefinesALimiter() {
		this.enabled.withUserConfiguration(UserLimiter.class).run((context) -> {
			assertThat(context).getBean(TenantRateLimiter.class).isSameAs(context.getBean("clusterWideLimiter"));
			assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> context
				.getBean(TenantRateLimitAdmission.class)
				.admit(new MockHttpServletRequest(), ACME));
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheAdmission() {
		this.enabled.withUserConfiguration(UserAdmission.class)
			.run((context) -> assertThat(context).getBean(TenantRateLimitAdmission.class)
				.isSameAs(context.getBean("myAdmission")));
	}

	@Test
	void enabledWithoutBucket4jTheApplicationDoesNotStartRatherThanLimitNobody() {
		this.enabled.withClassLoader(new FilteredClassLoader(Bucket.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tenancy.rate-limit.enabled is set and Bucket4j is not on the class path"));
		this.web.withClassLoader(new FilteredClassLoader(Bucket.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TenantFilter.class)
				.doesNotHaveBean(TenantRateLimitAdmission.class));
	}

	@Test
	void needsAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyRateLimitAutoConfiguration.class))
			.withPropertyValues("tenancy.rate-limit.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantRateLimitAdmission.class));
	}

	@Test
	void countsRefusedRequestsTaggedWithTheTenantOnlyWhereMetricsAre() {
		this.enabled.withUserConfiguration(Meters.class)
			.withPropertyValues("tenancy.rate-limit.default-limit.capacity=1")
			.run((context) -> {
				refuseOnce(context);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("tenancy.rate-limit.refused").counter().count()).isEqualTo(1);
				assertThat(meters.get("tenancy.rate-limit.refused").counter().getId().getTags()).isEmpty();
			});
		this.enabled.withUserConfiguration(Meters.class)
			.withPropertyValues("tenancy.rate-limit.default-limit.capacity=1", "tenancy.observation.tag-metrics=true")
			.run((context) -> {
				refuseOnce(context);
				assertThat(context.getBean(MeterRegistry.class)
					.get("tenancy.rate-limit.refused")
					.tag("tenant.id", "acme")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void limitsWithoutAMeterRegistry() {
		this.enabled.withPropertyValues("tenancy.rate-limit.default-limit.capacity=1")
			.run(TenancyRateLimitAutoConfigurationTests::refuseOnce);
		this.enabled.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("tenancy.rate-limit.default-limit.capacity=1")
			.run(TenancyRateLimitAutoConfigurationTests::refuseOnce);
	}

	private static void refuseOnce(AssertableWebApplicationContext context) {
		TenantRateLimitAdmission admission = context.getBean(TenantRateLimitAdmission.class);
		admission.admit(new MockHttpServletRequest(), ACME);
		assertThatExceptionOfType(TenantRejectedException.class)
			.isThrownBy(() -> admission.admit(new MockHttpServletRequest(), ACME));
	}

	private static Optional<TenantRateLimit> limitOf(AssertableWebApplicationContext context, String tenant) {
		return context.getBean(TenantRateLimits.class).limitFor(Tenant.active(tenant));
	}

	private void assertStartFails(String property, String message) {
		this.enabled.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(message));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLimits {

		@Bean
		TenantRateLimits plans() {
			return (tenant) -> Optional.of(TenantRateLimit.of(7, Duration.ofMinutes(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLimiter {

		@Bean
		TenantRateLimiter clusterWideLimiter() {
			return (tenant, traffic) -> Decision.refuse(Duration.ofSeconds(1));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserAdmission {

		@Bean
		TenantRateLimitAdmission myAdmission() {
			return new TenantRateLimitAdmission((tenant, traffic) -> Decision.admit());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
