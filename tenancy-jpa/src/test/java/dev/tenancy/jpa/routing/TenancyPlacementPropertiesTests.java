package dev.tenancy.jpa.routing;

import java.time.Duration;

import dev.tenancy.jpa.autoconfigure.TenancyPlacementProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the documented defaults (docs/placement-pools.md) and the code in step.
 */
class TenancyPlacementPropertiesTests {

	@Test
	void defaultsMatchTheDocumentation() {
		TenancyPlacementProperties properties = new TenancyPlacementProperties();
		assertThat(properties.getServers()).isEmpty();
		TenancyPlacementProperties.Database database = properties.getDatabase();
		assertThat(database.getMaxPools()).isEqualTo(20);
		assertThat(database.getConnectionBudget()).isEqualTo(100);
		assertThat(database.getMaxPoolSize()).isEqualTo(5);
		assertThat(database.getIdleTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(database.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(2));
		TenancyPlacementProperties.Server server = new TenancyPlacementProperties.Server();
		assertThat(server.getUrl()).isNull();
		assertThat(server.getUsername()).isNull();
		assertThat(server.getPassword()).isNull();
		assertThat(server.getOwnerUsername()).isNull();
		assertThat(server.getOwnerPassword()).isNull();
	}

	@Test
	void defaultsKeepEveryPoolAtItsFullSizeWithinTheBudget() {
		TenancyPlacementProperties.Database database = new TenancyPlacementProperties().getDatabase();
		TenantPoolLimits limits = new TenantPoolLimits(database.getMaxPools(), database.getConnectionBudget(),
				database.getMaxPoolSize(), database.getIdleTimeout(), database.getConnectionTimeout());
		assertThat(limits.poolSize()).isEqualTo(database.getMaxPoolSize());
		assertThat(limits.maxPools() * limits.poolSize()).isEqualTo(database.getConnectionBudget());
	}

}
