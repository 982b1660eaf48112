package dev.tenancy.jpa.routing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the state of the DATABASE tenants' pools to Micrometer: how many pools are open, draining and
 * closed, and the connections in use, waited for and open against the budget. All figures are totals across
 * tenants, so the number of meters stays the same however many tenants there are.
 * <ul>
 * <li>{@code tenancy.pools.open}, {@code tenancy.pools.draining}: pools serving tenants, and retired pools
 * waiting for their connections to come back;</li>
 * <li>{@code tenancy.pools.closed}: pools closed since start, idle or evicted (a counter);</li>
 * <li>{@code tenancy.pools.max}: the most pools open at once;</li>
 * <li>{@code tenancy.pools.connections} tagged {@code state=active|pending|open|peak}: connections handed out,
 * requests waiting for one, connections open, and the most open at once;</li>
 * <li>{@code tenancy.pools.connections.budget}: the connections all tenant pools may hold together.</li>
 * </ul>
 */
public class TenantPoolMetrics implements MeterBinder {

	private final PooledTenantDataSources pools;

	public TenantPoolMetrics(PooledTenantDataSources pools) {
		this.pools = pools;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("tenancy.pools.open", this.pools, PooledTenantDataSources::getOpenPools)
			.description("Pools serving DATABASE tenants")
			.register(registry);
		Gauge.builder("tenancy.pools.draining", this.pools, PooledTenantDataSources::getDrainingPools)
			.description("Retired tenant pools waiting for their connections to come back")
			.register(registry);
		FunctionCounter.builder("tenancy.pools.closed", this.pools, PooledTenantDataSources::getClosedPools)
			.description("Tenant pools closed since start, idle or evicted")
			.register(registry);
		Gauge.builder("tenancy.pools.max", this.pools, (pools) -> pools.getLimits().maxPools())
			.description("Most tenant pools open at once")
			.register(registry);
		connections(registry, "active", "Connections to tenant databases handed out and not yet returned",
				PooledTenantDataSources::getConnectionsInUse);
		connections(registry, "pending", "Requests waiting for a connection to a tenant database",
				PooledTenantDataSources::getConnectionsPending);
		connections(registry, "open", "Connections open to tenant databases, in use or idle",
				PooledTenantDataSources::getOpenConnections);
		connections(registry, "peak", "Most connections open to tenant databases at once since start",
				PooledTenantDataSources::getPeakOpenConnections);
		Gauge.builder("tenancy.pools.connections.budget", this.pools, (pools) -> pools.getLimits().connectionBudget())
			.description("Connections all tenant pools may hold together")
			.register(registry);
	}

	private void connections(MeterRegistry registry, String state, String description,
			java.util.function.ToDoubleFunction<PooledTenantDataSources> value) {
		Gauge.builder("tenancy.pools.connections", this.pools, value)
			.tag("state", state)
			.description(description)
			.register(registry);
	}

}
