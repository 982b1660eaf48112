package dev.tenancy.benchmarks.jmh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The tenant filter's catalog lookup on every request: {@code CachingTenantCatalog} (Caffeine) hits for known
 * tenants, and a cached miss for an unknown one, with the cache as {@code tenancy.catalog.*} configures it by
 * default.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CatalogLookupBenchmark {

	@Param({ "10", "10000" })
	public int tenants;

	private TenantId[] ids = new TenantId[0];

	private final TenantId unknown = TenantId.of("nobody");

	private CachingTenantCatalog catalog = new CachingTenantCatalog(new PropertiesTenantCatalog(List.of()),
			Duration.ofSeconds(30), 10_000);

	@Setup(Level.Trial)
	public void fill() {
		List<Tenant> all = new ArrayList<>();
		this.ids = new TenantId[this.tenants];
		for (int i = 0; i < this.tenants; i++) {
			this.ids[i] = TenantId.of("tenant-" + i);
			all.add(new Tenant(this.ids[i], "Tenant " + i, TenantStatus.ACTIVE, Placement.SHARED));
		}
		this.catalog = new CachingTenantCatalog(new PropertiesTenantCatalog(all), Duration.ofSeconds(30), 10_000);
		for (TenantId id : this.ids) {
			this.catalog.find(id);
		}
		this.catalog.find(this.unknown);
	}

	/** Lookups of known tenants, cycling through all of them, every one a cache hit. */
	@Benchmark
	public Optional<Tenant> cachedHit(Cursor cursor) {
		return this.catalog.find(this.ids[cursor.next(this.ids.length)]);
	}

	/** An unknown tenant, whose miss is cached too. */
	@Benchmark
	public Optional<Tenant> cachedMiss() {
		return this.catalog.find(this.unknown);
	}

	/**
	 * Each benchmark thread's position in the tenant list.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int position;

		int next(int size) {
			this.position = (this.position + 1 == size) ? 0 : this.position + 1;
			return this.position;
		}

	}

}
