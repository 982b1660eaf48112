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
	 * Maximum number of tenants whose buckets are kept in memory. Beyond it, the least used are dropped and their
	 * tenants start again with full buckets.
	 */
	private long maximumTenants = 10_000;

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
