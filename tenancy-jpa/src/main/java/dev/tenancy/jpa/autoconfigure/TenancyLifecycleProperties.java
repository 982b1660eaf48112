package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the tenant lifecycle (JDBC catalog).
 */
@ConfigurationProperties("tenancy.lifecycle")
public class TenancyLifecycleProperties {

	/**
	 * How long a move waits, after refusing the tenant, before it copies the tenant's rows: at least
	 * tenancy.catalog.cache-ttl plus the longest request, so that no instance still writes the tenant's rows at
	 * the old place.
	 */
	private Duration moveDrain = Duration.ofSeconds(60);

	public Duration getMoveDrain() {
		return this.moveDrain;
	}

	public void setMoveDrain(Duration moveDrain) {
		this.moveDrain = moveDrain;
	}

}
