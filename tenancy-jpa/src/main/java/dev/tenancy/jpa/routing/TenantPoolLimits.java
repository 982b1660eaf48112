package dev.tenancy.jpa.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * How many tenant pools may be open, how many connections they may hold together, and how quickly they give
 * up and go idle.
 * <p>
 * Every pool gets the same share of the connection budget, {@code connectionBudget / maxPools} rounded down,
 * and never grows past it: {@link #poolSize()} is the smaller of that share and {@code maxPoolSize}. So even
 * with every pool full, the open pools hold no more than the budget.
 *
 * @param maxPools the most tenant pools open at once; beyond it the least recently used is closed
 * @param connectionBudget the most connections open across all tenant pools
 * @param maxPoolSize the most connections of one tenant's pool, before capping at the share
 * @param idleTimeout how long a pool may go unused before it is closed
 * @param connectionTimeout how long a request waits for a connection before its tenant is reported
 * unavailable; at least 250 ms, HikariCP's minimum
 */
public record TenantPoolLimits(int maxPools, int connectionBudget, int maxPoolSize, Duration idleTimeout,
		Duration connectionTimeout) {

	private static final Duration MINIMUM_CONNECTION_TIMEOUT = Duration.ofMillis(250);

	public TenantPoolLimits {
		Objects.requireNonNull(idleTimeout, "idleTimeout must not be null");
		Objects.requireNonNull(connectionTimeout, "connectionTimeout must not be null");
		if (maxPools < 1) {
			throw new IllegalArgumentException("max-pools must be at least 1, was " + maxPools);
		}
		if (maxPoolSize < 1) {
			throw new IllegalArgumentException("max-pool-size must be at least 1, was " + maxPoolSize);
		}
		if (connectionBudget < maxPools) {
			throw new IllegalArgumentException("connection-budget (" + connectionBudget
					+ ") must be at least max-pools (" + maxPools + "), so that every open pool has a connection: "
					+ "raise the budget or lower max-pools");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idle-timeout must be positive, was " + idleTimeout);
		}
		if (connectionTimeout.compareTo(MINIMUM_CONNECTION_TIMEOUT) < 0) {
			throw new IllegalArgumentException("connection-timeout must be at least 250ms, was " + connectionTimeout);
		}
	}

	/**
	 * Returns the share of the connection budget that each pool gets.
	 * @return {@code connectionBudget / maxPools}, rounded down
	 */
	public int share() {
		return this.connectionBudget / this.maxPools;
	}

	/**
	 * Returns the size of every tenant pool.
	 * @return the smaller of {@link #maxPoolSize()} and {@link #share()}
	 */
	public int poolSize() {
		return Math.min(this.maxPoolSize, share());
	}

}
