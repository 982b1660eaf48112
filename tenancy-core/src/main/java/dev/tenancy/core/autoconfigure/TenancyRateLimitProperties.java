package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of per-tenant request rate limits.
 */
@ConfigurationProperties("tenancy.rate-limit")
public class TenancyRateLimitProperties {

	/**
	 * Whether each tenant's requests are limited. Needs Bucket4j (com.bucket4j:bucket4j_jdk17-core) on the class
	 * path.
	 */
	private boolean enabled;

	/**
	 * Maximum number of tenants whose buckets are kept in memory (with a distributed store, while it fails). Beyond
	 * it, the least used are dropped and their tenants start again with full buckets.
	 */
	private long maximumTenants = 10_000;

	/**
	 * Where tenants' buckets are kept. Defaults to a store all instances share when the application defines a
	 * Bucket4j ProxyManager bean keyed by strings, else each instance's memory.
	 */
	private @Nullable Store store;

	private final Distributed distributed = new Distributed();

	private final Limit defaultLimit = new Limit();

	/**
	 * Limits of their own for some tenants, by tenant id. What a tenant's limit leaves unset is taken from the
	 * default limit.
	 */
	private Map<String, TenantLimit> tenants = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public long getMaximumTenants() {
		return this.maximumTenants;
	}

	public void setMaximumTenants(long maximumTenants) {
		this.maximumTenants = maximumTenants;
	}

	public @Nullable Store getStore() {
		return this.store;
	}

	public void setStore(@Nullable Store store) {
		this.store = store;
	}

	public Distributed getDistributed() {
		return this.distributed;
	}

	public Limit getDefaultLimit() {
		return this.defaultLimit;
	}

	public Map<String, TenantLimit> getTenants() {
		return this.tenants;
	}

	public void setTenants(Map<String, TenantLimit> tenants) {
		this.tenants = tenants;
	}

	/**
	 * Where tenants' buckets are kept.
	 */
	public enum Store {

		/**
		 * In each instance's memory: with several instances, a tenant may send its limit to each.
		 */
		LOCAL,

		/**
		 * In a store all instances share, through the application's Bucket4j ProxyManager bean keyed by strings.
		 */
		DISTRIBUTED

	}

	/**
	 * Buckets in a store all instances share.
	 */
	public static class Distributed {

		/**
		 * Prefix of the store's keys of this application's buckets, followed by ':', the tenant id, ':' and 'members'
		 * or 'others'. Give each application that shares the store a prefix of its own.
		 */
		private String keyPrefix = "tenancy:rate-limit";

		/**
		 * How long a request waits for the store at most; then this instance's own buckets limit it. Bounds a store
		 * with an asynchronous API (Lettuce, Redisson); a synchronous one is bounded by its own timeouts.
		 */
		private Duration timeout = Duration.ofMillis(100);

		/**
		 * How long this instance's own buckets limit every request after the store failed, before it is asked again.
		 */
		private Duration retryInterval = Duration.ofSeconds(5);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

	/**
	 * The limit of every tenant without one of its own.
	 */
	public static class Limit {

		/**
		 * Number of requests admitted per period, refilled continuously.
		 */
		private long capacity = 100;

		/**
		 * Period in which capacity requests are admitted.
		 */
		private Duration period = Duration.ofSeconds(1);

		/**
		 * Most requests admitted at once after a quiet spell. Defaults to the capacity.
		 */
		private @Nullable Long burstCapacity;

		public long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(long capacity) {
			this.capacity = capacity;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public @Nullable Long getBurstCapacity() {
			return this.burstCapacity;
		}

		public void setBurstCapacity(@Nullable Long burstCapacity) {
			this.burstCapacity = burstCapacity;
		}

	}

	/**
	 * A tenant's own limit; what it leaves unset is the default limit's.
	 */
	public static class TenantLimit {

		/**
		 * Number of requests the tenant may send per period. Defaults to the default limit's.
		 */
		private @Nullable Long capacity;

		/**
		 * Period in which the tenant may send capacity requests. Defaults to the default limit's.
		 */
		private @Nullable Duration period;

		/**
		 * Most requests the tenant may send at once. Defaults to the tenant's capacity.
		 */
		private @Nullable Long burstCapacity;

		public @Nullable Long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(@Nullable Long capacity) {
			this.capacity = capacity;
		}

		public @Nullable Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(@Nullable Duration period) {
			this.period = period;
		}

		public @Nullable Long getBurstCapacity() {
			return this.burstCapacity;
		}

		public void setBurstCapacity(@Nullable Long burstCapacity) {
			this.burstCapacity = burstCapacity;
		}

	}

}
