package dev.tenancy.core.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.cache.TenantAwareCacheManager;
import dev.tenancy.core.context.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Cacheable} methods in an application with the core auto-configuration: each tenant gets its own
 * entries, whatever the key, unless the cache is shared or tenant-aware caching is switched off.
 */
class TenantAwareCachingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class))
		.withUserConfiguration(CachingApplication.class);

	@Test
	void cacheableMethodsWithoutParametersGiveEachTenantItsOwnResult() {
		this.runner.run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(TenantAwareCacheManager.class);
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(stats::summary)).isEqualTo("summary of acme #1");
			assertThat(TenantContext.where("globex").get(stats::summary)).isEqualTo("summary of globex #2");
			assertThat(TenantContext.where("acme").get(stats::summary)).isEqualTo("summary of acme #1");
			assertThat(TenantContext.where("globex").get(stats::summary)).isEqualTo("summary of globex #2");
		});
	}

	@Test
	void explicitKeysAreKeptApartToo() {
		this.runner.run((context) -> {
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(() -> stats.project("p1"))).isEqualTo("p1 of acme #1");
			assertThat(TenantContext.where("globex").get(() -> stats.project("p1"))).isEqualTo("p1 of globex #2");
			assertThat(TenantContext.where("acme").get(() -> stats.project("p1"))).isEqualTo("p1 of acme #1");
		});
	}

	@Test
	void sharedCachesServeEveryTenantTheSameEntries() {
		this.runner.withPropertyValues("tenancy.cache.shared-caches=countries").run((context) -> {
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(stats::countries)).isEqualTo("countries #1");
			assertThat(TenantContext.where("globex").get(stats::countries)).isEqualTo("countries #1");
		});
	}

	@Test
	void switchedOffEveryTenantGetsTheFirstTenantsEntry() {
		this.runner.withPropertyValues("tenancy.cache.tenant-aware=false").run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(stats::summary)).isEqualTo("summary of acme #1");
			assertThat(TenantContext.where("globex").get(stats::summary)).isEqualTo("summary of acme #1");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingApplication {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager("stats", "projects", "countries");
		}

		@Bean
		Stats stats() {
			return new Stats();
		}

	}

	static class Stats {

		private final AtomicInteger computed = new AtomicInteger();

		@Cacheable("stats")
		public String summary() {
			return "summary of " + TenantContext.require() + " #" + this.computed.incrementAndGet();
		}

		@Cacheable(cacheNames = "projects", key = "#id")
		public String project(String id) {
			return id + " of " + TenantContext.require() + " #" + this.computed.incrementAndGet();
		}

		@Cacheable("countries")
		public String countries() {
			return "countries #" + this.computed.incrementAndGet();
		}

	}

}
