package dev.tenancy.core.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.core.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the core: the tenant list, catalog caching, resolution and the web filter.
 */
@ConfigurationProperties("tenancy")
public class TenancyProperties {

	/**
	 * Tenants known to the configuration-properties catalog, by tenant id.
	 */
	private Map<String, TenantDefinition> tenants = new LinkedHashMap<>();

	private final Catalog catalog = new Catalog();

	private final Resolution resolution = new Resolution();

	private final Web web = new Web();

	private final Propagation propagation = new Propagation();

	private final Cache cache = new Cache();

	private final Observation observation = new Observation();

	public Map<String, TenantDefinition> getTenants() {
		return this.tenants;
	}

	public void setTenants(Map<String, TenantDefinition> tenants) {
		this.tenants = tenants;
	}

	public Catalog getCatalog() {
		return this.catalog;
	}

	public Resolution getResolution() {
		return this.resolution;
	}

	public Web getWeb() {
		return this.web;
	}

	public Observation getObservation() {
		return this.observation;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	/**
	 * One tenant of the configuration-properties catalog.
	 */
	public static class TenantDefinition {

		/**
		 * Human-readable name of the tenant. Defaults to the tenant id.
		 */
		private @Nullable String displayName;

		/**
		 * Status of the tenant; only ACTIVE tenants are served.
		 */
		private TenantStatus status = TenantStatus.ACTIVE;

		/**
		 * Where the tenant's rows live.
		 */
		private Placement placement = Placement.SHARED;

		/**
		 * Schema of a SCHEMA tenant. Defaults to "t_" followed by the tenant id, or, for an id
		 * over 61 characters, "th_", its first 43 characters, "_" and 16 hex digits of its SHA-256.
		 */
		private @Nullable String schema;

		/**
		 * Configured server holding the database of a DATABASE tenant. Defaults to "primary", the
		 * application's own server.
		 */
		private @Nullable String server;

		/**
		 * Database of a DATABASE tenant. Defaults to "t_" followed by the tenant id, or, for an id
		 * over 61 characters, "th_", its first 43 characters, "_" and 16 hex digits of its SHA-256.
		 */
		private @Nullable String database;

		public @Nullable String getSchema() {
			return this.schema;
		}

		public void setSchema(@Nullable String schema) {
			this.schema = schema;
		}

		public @Nullable String getServer() {
			return this.server;
		}

		public void setServer(@Nullable String server) {
			this.server = server;
		}

		public @Nullable String getDatabase() {
			return this.database;
		}

		public void setDatabase(@Nullable String database) {
			this.database = database;
		}

		public @Nullable String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(@Nullable String displayName) {
			this.displayName = displayName;
		}

		public TenantStatus getStatus() {
			return this.status;
		}

		public void setStatus(TenantStatus status) {
			this.status = status;
		}

		public Placement getPlacement() {
			return this.placement;
		}

		public void setPlacement(Placement placement) {
			this.placement = placement;
		}

	}

	public static class Catalog {

		/**
		 * How long a catalog lookup, found or not, is cached. Bounds how long a change made on another
		 * instance stays unseen.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		/**
		 * Maximum number of tenants kept in the lookup cache.
		 */
		private long cacheMaximumSize = 10_000;

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public long getCacheMaximumSize() {
			return this.cacheMaximumSize;
		}

		public void setCacheMaximumSize(long cacheMaximumSize) {
			this.cacheMaximumSize = cacheMaximumSize;
		}

	}

	public static class Resolution {

		private final Header header = new Header();

		private final Host host = new Host();

		public Header getHeader() {
			return this.header;
		}

		public Host getHost() {
			return this.host;
		}

		public static class Header {

			/**
			 * Whether a request header names the tenant on its own. Leave off when tenants come from
			 * verified tokens; a header is chosen by the caller.
			 */
			private boolean enabled;

			/**
			 * Name of the header that names the tenant.
			 */
			private String name = "X-Tenant-ID";

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getName() {
				return this.name;
			}

			public void setName(String name) {
				this.name = name;
			}

		}

		public static class Host {

			/**
			 * Whether the first label of the host name names the tenant.
			 */
			private boolean enabled;

			/**
			 * Host suffix after the tenant label, for example ".example.com".
			 */
			private @Nullable String suffix;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public @Nullable String getSuffix() {
				return this.suffix;
			}

			public void setSuffix(@Nullable String suffix) {
				this.suffix = suffix;
			}

		}

	}

	public static class Web {

		/**
		 * Whether the tenant filter is registered.
		 */
		private boolean enabled = true;

		/**
		 * Path patterns served without a tenant. Requests to them are never bound to one.
		 */
		private List<String> tenantFreePaths = new ArrayList<>(List.of("/error", "/actuator/**", "/oauth2/**",
				"/.well-known/**", "/login", "/admin/**"));

		/**
		 * Order of the tenant filter. Must be after Spring Security's filter chain (-100).
		 */
		private int filterOrder = -90;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTenantFreePaths() {
			return this.tenantFreePaths;
		}

		public void setTenantFreePaths(List<String> tenantFreePaths) {
			this.tenantFreePaths = tenantFreePaths;
		}

		public int getFilterOrder() {
			return this.filterOrder;
		}

		public void setFilterOrder(int filterOrder) {
			this.filterOrder = filterOrder;
		}

	}

	public static class Propagation {

		/**
		 * Whether a context-propagating TaskDecorator is registered for Spring Boot's task executors.
		 */
		private boolean taskDecorator = true;

		public boolean isTaskDecorator() {
			return this.taskDecorator;
		}

		public void setTaskDecorator(boolean taskDecorator) {
			this.taskDecorator = taskDecorator;
		}

	}

	public static class Cache {

		/**
		 * Whether the application's CacheManager beans keep each tenant's entries apart, keying every entry by
		 * the tenant bound when it is put and read.
		 */
		private boolean tenantAware = true;

		/**
		 * Names of caches whose entries are the same for every tenant, such as reference data; they are left
		 * as they are.
		 */
		private List<String> sharedCaches = new ArrayList<>();

		public boolean isTenantAware() {
			return this.tenantAware;
		}

		public void setTenantAware(boolean tenantAware) {
			this.tenantAware = tenantAware;
		}

		public List<String> getSharedCaches() {
			return this.sharedCaches;
		}

		public void setSharedCaches(List<String> sharedCaches) {
			this.sharedCaches = sharedCaches;
		}

	}

	public static class Observation {

		/**
		 * Whether Micrometer observations get the tenant they ran for, as key value 'tenant.id'.
		 */
		private boolean enabled = true;

		/**
		 * Whether metrics are tagged with the tenant too, which multiplies their time series by the number of
		 * tenants; otherwise the tenant reaches traces and logs only.
		 */
		private boolean tagMetrics;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isTagMetrics() {
			return this.tagMetrics;
		}

		public void setTagMetrics(boolean tagMetrics) {
			this.tagMetrics = tagMetrics;
		}

	}

}
