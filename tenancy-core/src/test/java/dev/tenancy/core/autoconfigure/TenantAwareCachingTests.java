package dev.tenancy.core.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tenancy.core.cache.TenantAwareCache;
import dev.tenancy.core.context.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.SimpleCacheResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
			// still injectable as what it is
			assertThat(context.getBean(ConcurrentMapCacheManager.class).getCache("stats"))
				.isInstanceOf(TenantAwareCache.class);
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
	void asynchronousResultsAreKeptForTheTenantThatCalledWhicheverThreadCompletesThem() {
		this.runner.run((context) -> {
			Stats stats = context.getBean(Stats.class);
			// acme's result is completed on a thread working for globex, which is where Spring puts it from
			assertThat(TenantContext.where("acme").get(() -> stats.later("globex")).get())
				.isEqualTo("later of acme #1");
			assertThat(TenantContext.where("globex").get(() -> stats.later("acme")).get())
				.isEqualTo("later of globex #2");
			assertThat(TenantContext.where("acme").get(() -> stats.later("globex")).get())
				.isEqualTo("later of acme #1");
			assertThat(TenantContext.where("globex").get(() -> stats.later("acme")).get())
				.isEqualTo("later of globex #2");
		});
	}

	@Test
	void putsEvictionsAndSynchronizedLoadsArePerTenant() {
		this.runner.run((context) -> {
			Stats stats = context.getBean(Stats.class);
			TenantContext.where("acme").run(() -> stats.rename("p1", "acme's p1"));
			TenantContext.where("globex").run(() -> stats.rename("p1", "globex's p1"));
			assertThat(TenantContext.where("acme").get(() -> stats.project("p1"))).isEqualTo("acme's p1");
			assertThat(TenantContext.where("globex").get(() -> stats.projectSynchronized("p1")))
				.isEqualTo("globex's p1");
			TenantContext.where("globex").run(() -> stats.forget("p1"));
			assertThat(TenantContext.where("acme").get(() -> stats.project("p1"))).isEqualTo("acme's p1");
			assertThat(TenantContext.where("globex").get(() -> stats.projectSynchronized("p1")))
				.isEqualTo("p1 of globex #1");
		});
	}

	@Test
	void cacheResolverBeansNamedOnAnOperationResolveTenantBoundCaches() {
		this.runner.run((context) -> {
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(() -> stats.laterThroughResolver("globex")).get())
				.isEqualTo("later of acme #1");
			assertThat(TenantContext.where("globex").get(() -> stats.laterThroughResolver("acme")).get())
				.isEqualTo("later of globex #2");
		});
	}

	@Test
	void asynchronousResultsThroughACacheManagerNamedOnTheOperationAreKeptForTheCaller() {
		this.runner.run((context) -> {
			Stats stats = context.getBean(Stats.class);
			assertThat(TenantContext.where("acme").get(() -> stats.laterThroughManager("globex")).get())
				.isEqualTo("later of acme #1");
			assertThat(TenantContext.where("globex").get(() -> stats.laterThroughManager("acme")).get())
				.isEqualTo("later of globex #2");
			// an asynchronous put and evict, completed on another tenant's thread
			TenantContext.where("acme").get(() -> stats.putLaterThroughManager("p9", "globex")).get();
			assertThat(TenantContext.where("globex").get(() -> stats.project("p9"))).isEqualTo("p9 of globex #4");
			assertThat(TenantContext.where("acme").get(() -> stats.project("p9"))).isEqualTo("put later of acme #3");
			TenantContext.where("globex").get(() -> stats.evictLaterThroughManager("p9", "acme")).get();
			assertThat(TenantContext.where("acme").get(() -> stats.project("p9"))).isEqualTo("put later of acme #3");
			assertThat(TenantContext.where("globex").get(() -> stats.project("p9"))).isEqualTo("p9 of globex #6");
		});
	}

	@Test
	void cacheResolverBeansKeepTheirClass() {
		this.runner.run((context) -> assertThat(context.getBean(SimpleCacheResolver.class)).isNotNull());
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

		@Bean
		CacheResolver laterResolver(CacheManager cacheManager) {
			return new SimpleCacheResolver(cacheManager);
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

		@CachePut(cacheNames = "projects", key = "#id")
		public String rename(String id, String name) {
			return name;
		}

		@CacheEvict(cacheNames = "projects", key = "#id")
		public void forget(String id) {
		}

		@Cacheable(cacheNames = "projects", key = "#id", sync = true)
		public String projectSynchronized(String id) {
			return project(id);
		}

		@Cacheable(cacheNames = "stats", key = "'later'")
		public CompletableFuture<String> later(String completingTenant) {
			return completedFor(completingTenant);
		}

		@Cacheable(cacheNames = "stats", key = "'resolved'", cacheResolver = "laterResolver")
		public CompletableFuture<String> laterThroughResolver(String completingTenant) {
			return completedFor(completingTenant);
		}

		@Cacheable(cacheNames = "stats", key = "'managed'", cacheManager = "cacheManager")
		public CompletableFuture<String> laterThroughManager(String completingTenant) {
			return completedFor(completingTenant);
		}

		@CachePut(cacheNames = "projects", key = "#id", cacheManager = "cacheManager")
		public CompletableFuture<String> putLaterThroughManager(String id, String completingTenant) {
			return completedFor("put later of", completingTenant);
		}

		@CacheEvict(cacheNames = "projects", key = "#id", cacheManager = "cacheManager")
		public CompletableFuture<String> evictLaterThroughManager(String id, String completingTenant) {
			return completedFor("evicted by", completingTenant);
		}

		private CompletableFuture<String> completedFor(String completingTenant) {
			return completedFor("later of", completingTenant);
		}

		/**
		 * Computed for the calling tenant, completed on a thread bound to another once Spring has registered
		 * what it does on completion, so that Spring does it on that thread.
		 */
		private CompletableFuture<String> completedFor(String what, String completingTenant) {
			String value = what + " " + TenantContext.require() + " #" + this.computed.incrementAndGet();
			CompletableFuture<String> result = new CompletableFuture<>();
			Thread completer = new Thread(() -> {
				long deadline = System.nanoTime() + 10_000_000_000L;
				while (result.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				TenantContext.where(completingTenant).run(() -> result.complete(value));
			});
			completer.start();
			return result;
		}

	}

}
