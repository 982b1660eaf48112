package dev.tenancy.core.cache;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenantAwareCacheTests {

	private final ConcurrentMapCache target = new ConcurrentMapCache("projects", true);

	private final TenantAwareCache cache = new TenantAwareCache(this.target);

	@Test
	void eachTenantGetsOnlyWhatItPut() {
		TenantContext.where("acme").run(() -> this.cache.put("stats", "acme's stats"));
		TenantContext.where("globex").run(() -> {
			assertThat(this.cache.get("stats")).isNull();
			assertThat(this.cache.get("stats", String.class)).isNull();
			this.cache.put("stats", "globex's stats");
		});
		TenantContext.where("acme")
			.run(() -> assertThat(this.cache.get("stats", String.class)).isEqualTo("acme's stats"));
		assertThat(this.cache.get("stats")).as("no tenant bound").isNull();
		assertThat(this.target.getNativeCache()).containsOnlyKeys(new TenantCacheKey("acme", "stats"),
				new TenantCacheKey("globex", "stats"));
	}

	@Test
	void codeWithNoTenantHasEntriesOfItsOwn() {
		this.cache.put("countries", List.of("de", "fr"));
		TenantContext.where("acme").run(() -> assertThat(this.cache.get("countries")).isNull());
		assertThat(this.cache.get("countries", List.class)).containsExactly("de", "fr");
	}

	@Test
	void loadsEvictsAndPutsIfAbsentPerTenant() {
		TenantContext.where("acme").run(() -> {
			assertThat(this.cache.get("k", () -> "acme-loaded")).isEqualTo("acme-loaded");
			assertThat(this.cache.putIfAbsent("k", "other")).extracting(Cache.ValueWrapper::get)
				.isEqualTo("acme-loaded");
		});
		TenantContext.where("globex").run(() -> {
			assertThat(this.cache.get("k", () -> "globex-loaded")).isEqualTo("globex-loaded");
			assertThat(this.cache.evictIfPresent("k")).isTrue();
			assertThat(this.cache.evictIfPresent("k")).isFalse();
		});
		TenantContext.where("acme").run(() -> {
			assertThat(this.cache.get("k", String.class)).isEqualTo("acme-loaded");
			this.cache.evict("k");
			assertThat(this.cache.get("k")).isNull();
		});
	}

	@Test
	void boundCachesUseTheirTenantWhicheverThreadCallsThem() throws Exception {
		TenantAwareCache acme = this.cache.boundTo(TenantId.of("acme"));
		TenantContext.where("globex").run(() -> acme.put("k", "acme's"));
		assertThat(TenantContext.where("acme").get(() -> this.cache.get("k", String.class))).isEqualTo("acme's");
		assertThat(TenantContext.where("globex").get(() -> this.cache.get("k"))).isNull();
		assertThat(this.cache.boundTo(null).get("k")).isNull();
	}

	@Test
	void retrievesForTheBoundTenantOnly() throws Exception {
		TenantContext.where("acme").run(() -> this.cache.put("k", "acme's"));
		TenantAwareCache globex = this.cache.boundTo(TenantId.of("globex"));
		assertThat(globex.retrieve("k")).isNull();
		CompletableFuture<String> loaded = globex.retrieve("k", () -> CompletableFuture.completedFuture("globex's"));
		assertThat(loaded.get()).isEqualTo("globex's");
		// this cache allows null values, so it hands out value wrappers
		assertThat(this.cache.boundTo(TenantId.of("acme")).retrieve("k").get())
			.isInstanceOfSatisfying(Cache.ValueWrapper.class, (value) -> assertThat(value.get()).isEqualTo("acme's"));
	}

	@Test
	void unboundCachesRefuseAsynchronousRetrieval() {
		assertThatIllegalStateException()
			.isThrownBy(() -> TenantContext.where("acme").get(() -> this.cache.retrieve("k")))
			.withMessageContaining("asynchronous result");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.cache.retrieve("k", () -> CompletableFuture.completedFuture("v")));
	}

	@Test
	void clearEmptiesTheCacheForEveryTenant() {
		TenantContext.where("acme").run(() -> this.cache.put("k", "v"));
		TenantContext.where("globex").run(() -> this.cache.put("k", "v"));
		this.cache.clear();
		assertThat(this.target.getNativeCache()).isEmpty();
	}

	@Test
	void keysReadAsTextNameTheirTenant() {
		assertThat(TenantCacheKey.of(TenantId.of("acme"), 42)).hasToString("acme:42");
		assertThat(TenantCacheKey.of(null, "countries")).hasToString("~:countries");
	}

	@Test
	void managerLeavesSharedCachesAsTheyAre() {
		CacheManager manager = new TenantAwareCacheManager(new ConcurrentMapCacheManager("projects", "countries"),
				List.of("countries"));
		assertThat(manager.getCache("projects")).isInstanceOf(TenantAwareCache.class)
			.extracting((cache) -> ((TenantAwareCache) cache).getTargetCache().getName())
			.isEqualTo("projects");
		assertThat(manager.getCache("countries")).isInstanceOf(ConcurrentMapCache.class);
		assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("projects", "countries");
		assertThat(new TenantAwareCacheManager(new ConcurrentMapCacheManager("projects"), List.of()).getCache("nope"))
			.isNull();
	}

}
