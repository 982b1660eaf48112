package dev.tenancy.jpa.routing;

import java.time.Duration;
import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantPoolDataSourceTests {

	private static final List<DatabaseServer> SERVERS = List.of(
			new DatabaseServer("primary", "jdbc:postgresql://db1/{database}", "app", "secret", null, null),
			new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}", "app", "secret", null, null));

	private static final TenantPoolLimits LIMITS = new TenantPoolLimits(4, 8, 2, Duration.ofMinutes(1),
			Duration.ofSeconds(1));

	@Test
	void dataSourcesOfOneTenantPoolAreEqualThoughCreatedOnEveryCall() {
		try (PooledTenantDataSources pools = new PooledTenantDataSources(SERVERS, LIMITS)) {
			assertThat(pools.runtimeDataSource(tenant("acme", "primary", "db_acme")))
				.isNotSameAs(pools.runtimeDataSource(tenant("acme", "primary", "db_acme")))
				.isEqualTo(pools.runtimeDataSource(tenant("acme", "primary", "db_acme")))
				.hasSameHashCodeAs(pools.runtimeDataSource(tenant("acme", "primary", "db_acme")));
		}
	}

	@Test
	void dataSourcesOfDifferentTenantPoolsDiffer() {
		try (PooledTenantDataSources pools = new PooledTenantDataSources(SERVERS, LIMITS);
				PooledTenantDataSources others = new PooledTenantDataSources(SERVERS, LIMITS)) {
			Tenant acme = tenant("acme", "primary", "db_acme");
			assertThat(pools.runtimeDataSource(acme))
				.isNotEqualTo(pools.runtimeDataSource(tenant("globex", "primary", "db_acme")))
				.isNotEqualTo(pools.runtimeDataSource(tenant("acme", "primary", "db_acme_moved")))
				.isNotEqualTo(pools.runtimeDataSource(tenant("acme", "eu-2", "db_acme")))
				.isNotEqualTo(others.runtimeDataSource(acme));
		}
	}

	private static Tenant tenant(String id, String server, String database) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, Placement.DATABASE, null, server, database);
	}

}
