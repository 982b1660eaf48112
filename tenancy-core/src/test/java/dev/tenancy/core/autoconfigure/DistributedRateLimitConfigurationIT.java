package dev.tenancy.core.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.DistributedTenantRateLimiter;
import dev.tenancy.core.ratelimit.LocalRedis;
import dev.tenancy.core.ratelimit.LocalTenantRateLimiter;
import dev.tenancy.core.ratelimit.SynchronousProxyManager;
import dev.tenancy.core.ratelimit.TenantRateLimitAdmission;
import dev.tenancy.core.ratelimit.TenantRateLimiter;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.resolve.TenantRejectedException;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which limiter the auto-configuration chooses, against a real Redis: the application's Bucket4j
 * {@code ProxyManager<String>} makes the buckets shared, {@code tenancy.rate-limit.store} says otherwise, and
 * contradictory configuration stops the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedRateLimitConfigurationIT {

	private static final Tenant ACME = Tenant.active("acme");

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private final WebApplicationContextRunner enabled = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TenancyRateLimitAutoConfiguration.class))
		.withPropertyValues("tenancy.rate-limit.enabled=true", "tenancy.rate-limit.default-limit.capacity=2",
				"tenancy.rate-limit.default-limit.period=1h",
				// a busy machine's first request, loading Bucket4j and Lettuce, must not fall back here
				"tenancy.rate-limit.distributed.timeout=10s");

	@Test
	void aProxyManagerBeanMakesEveryInstanceTakeFromTheSharedBuckets() {
		WebApplicationContextRunner instance = this.enabled.withUserConfiguration(RedisBuckets.class)
			.withPropertyValues("tenancy.rate-limit.distributed.key-prefix=" + redis.prefix());
		instance.run((first) -> instance.run((second) -> {
			assertThat(first.getBean(TenantRateLimiter.class)).isInstanceOf(DistributedTenantRateLimiter.class);
			admit(first);
			admit(second);
			assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> admit(first));
			assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> admit(second));
		}));
		// a request no admission verified as a member's
		assertThat(redis.keys(redis.prefix())).containsExactly(redis.prefix() + ":acme:others");
	}

	@Test
	void storeDistributedUsesTheProxyManagerBean() {
		this.enabled.withUserConfiguration(RedisBuckets.class)
			.withPropertyValues("tenancy.rate-limit.store=distributed",
					"tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(DistributedTenantRateLimiter.class);
				admit(context);
				assertThat(redis.keys(redis.prefix())).hasSize(1);
			});
	}

	@Test
	void storeLocalKeepsTheBucketsInEachInstanceDespiteAProxyManager() {
		this.enabled.withUserConfiguration(RedisBuckets.class)
			.withPropertyValues("tenancy.rate-limit.store=local",
					"tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(LocalTenantRateLimiter.class);
				admit(context);
				assertThat(redis.keys(redis.prefix())).isEmpty();
			});
	}

	@Test
	void backsOffWhenTheUserDefinesALimiter() {
		this.enabled.withUserConfiguration(RedisBuckets.class, UserLimiter.class)
			.run((context) -> assertThat(context).getBean(TenantRateLimiter.class)
				.isSameAs(context.getBean("myLimiter")));
	}

	@Test
	void failsToStartWithSeveralProxyManagersAndNonePrimary() {
		this.enabled.withUserConfiguration(RedisBuckets.class, MoreRedisBuckets.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("there are 2 Bucket4j ProxyManager<String> beans, [rateLimitBuckets, "
						+ "otherBuckets], and none is @Primary. Mark the one for tenants' buckets @Primary, or set "
						+ "tenancy.rate-limit.store=local"));
	}

	@Test
	void takesThePrimaryOfSeveralProxyManagers() {
		this.enabled.withUserConfiguration(RedisBuckets.class, PrimaryRedisBuckets.class)
			.withPropertyValues("tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				admit(context);
				assertThat(redis.keys(redis.prefix())).hasSize(1);
			});
	}

	@Test
	void aProxyManagerNotKeyedByStringsLeavesTheBucketsInEachInstanceWithAWarning(CapturedOutput output) {
		this.enabled.withUserConfiguration(BytesKeyedBuckets.class).run((context) -> {
			assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(LocalTenantRateLimiter.class);
			assertThat(output.getAll()).contains("Tenants' rate-limit buckets are kept in each instance's memory: "
					+ "the Bucket4j ProxyManager beans [byteKeyedBuckets] are not keyed by strings");
		});
		this.enabled.withUserConfiguration(BytesKeyedBuckets.class)
			.withPropertyValues("tenancy.rate-limit.store=distributed")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("but the Bucket4j ProxyManager beans [byteKeyedBuckets] are not keyed by "
						+ "strings. Build one with String keys"));
	}

	@Test
	void failsToStartWithSettingsTheStoreCannotWorkWith() {
		assertStartFails("tenancy.rate-limit.distributed.key-prefix=",
				"Invalid rate limit: tenancy.rate-limit.distributed.key-prefix must not be empty");
		assertStartFails("tenancy.rate-limit.distributed.timeout=0ms",
				"Invalid rate limit: tenancy.rate-limit.distributed.timeout must be positive, such as 100ms or 5s, "
						+ "and is PT0S.");
		assertStartFails("tenancy.rate-limit.distributed.retry-interval=-1s",
				"tenancy.rate-limit.distributed.retry-interval must be positive");
		assertStartFails("tenancy.rate-limit.maximum-tenants=0",
				"tenancy.rate-limit.maximum-tenants must be at least 1, and is 0.");
	}

	@Test
	void aProxyManagerOfAnAutoConfigurationOrderedAfterThisOneIsUsedToo() {
		this.enabled.withConfiguration(AutoConfigurations.of(LateRedisBuckets.class))
			.withPropertyValues("tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(DistributedTenantRateLimiter.class);
				admit(context);
				assertThat(redis.keys(redis.prefix())).hasSize(1);
			});
	}

	@Test
	void aProxyManagerWithoutAnAsynchronousApiIsUsedOnlyWhenAskedFor(CapturedOutput output) {
		this.enabled.withUserConfiguration(SynchronousBuckets.class).run((context) -> {
			assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(LocalTenantRateLimiter.class);
			assertThat(output.getAll()).contains("the Bucket4j ProxyManager beans [synchronousBuckets] have no "
					+ "asynchronous API, so a request's wait for the store could not be bounded. Set "
					+ "tenancy.rate-limit.store=distributed to keep them in the store anyway");
		});
		this.enabled.withUserConfiguration(SynchronousBuckets.class)
			.withPropertyValues("tenancy.rate-limit.store=distributed",
					"tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				assertThat(context.getBean(TenantRateLimiter.class)).isInstanceOf(DistributedTenantRateLimiter.class);
				admit(context);
				assertThat(redis.keys(redis.prefix())).hasSize(1);
			});
	}

	@Test
	void countsTheRequestsLimitedByTheFallback() {
		this.enabled.withUserConfiguration(RedisBuckets.class)
			.withPropertyValues("tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
				admit(context);
				assertThat(registry.get("tenancy.rate-limit.fallback").functionCounter().count()).isZero();
				assertThat(redis.keys(redis.prefix())).hasSize(1);
			});
		this.enabled.withUserConfiguration(BrokenBuckets.class)
			.withPropertyValues("tenancy.rate-limit.store=distributed")
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
				admit(context);
				admit(context);
				assertThat(registry.get("tenancy.rate-limit.fallback").functionCounter().count()).isEqualTo(2);
			});
	}

	@Test
	void theDocumentedRedisStoreSharesTheBuckets() {
		WebApplicationContextRunner instance = this.enabled.withUserConfiguration(RateLimitStoreConfiguration.class)
			.withPropertyValues("app.rate-limit.redis-url=redis://" + redis.host() + ":" + redis.port(),
					"tenancy.rate-limit.distributed.key-prefix=" + redis.prefix());
		instance.run((first) -> instance.run((second) -> {
			admit(first);
			admit(second);
			assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> admit(first));
		}));
		assertThat(redis.timeToLive(redis.prefix() + ":acme:others")).isPositive();
	}

	@Test
	void sharesTheBucketsWithoutMicrometer() {
		this.enabled.withUserConfiguration(RedisBuckets.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class, MeterBinder.class))
			.withPropertyValues("tenancy.rate-limit.distributed.key-prefix=" + redis.prefix())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MeterBinder.class);
				admit(context);
				admit(context);
				assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> admit(context));
			});
	}

	private void assertStartFails(String property, String message) {
		this.enabled.withUserConfiguration(RedisBuckets.class)
			.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(message));
	}

	private static void admit(AssertableWebApplicationContext context) {
		context.getBean(TenantRateLimitAdmission.class).admit(new MockHttpServletRequest(), ACME);
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisBuckets {

		@Bean
		ProxyManager<String> rateLimitBuckets() {
			return redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS);
		}

	}

	/** As a company's starter might define it, after Boot's Redis auto-configuration and so after the library's. */
	@AutoConfiguration(after = TenancyRateLimitAutoConfiguration.class)
	static class LateRedisBuckets {

		@Bean
		ProxyManager<String> platformBuckets() {
			return redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SynchronousBuckets {

		@Bean
		ProxyManager<String> synchronousBuckets() {
			return new SynchronousProxyManager(redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS));
		}

	}

	/** A store that fails every request, through its synchronous API. */
	@Configuration(proxyBeanMethods = false)
	static class BrokenBuckets {

		@Bean
		ProxyManager<String> brokenBuckets() {
			return new SynchronousProxyManager(redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS)) {

				@Override
				public RemoteBucketBuilder<String> builder() {
					throw new IllegalStateException("store down");
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MoreRedisBuckets {

		@Bean
		ProxyManager<String> otherBuckets() {
			return redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryRedisBuckets {

		@Bean
		@Primary
		ProxyManager<String> tenantBuckets() {
			return redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BytesKeyedBuckets {

		@Bean
		ProxyManager<byte[]> byteKeyedBuckets() {
			return redis.newProxyManager(TimeMeter.SYSTEM_MILLISECONDS)
				.withMapper((byte[] key) -> new String(key, StandardCharsets.UTF_8));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLimiter {

		@Bean
		TenantRateLimiter myLimiter() {
			return (tenant, traffic) -> Decision.refuse(Duration.ofSeconds(1));
		}

	}

}
