package dev.tenancy.jpa.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of tenant placement: the servers that hold {@code DATABASE} tenants, and the pools
 * and connection budget of their databases.
 */
@ConfigurationProperties("tenancy.placement")
public class TenancyPlacementProperties {

	/**
	 * Database servers that DATABASE tenants are placed on, by the name the tenant catalog records. "primary"
	 * defaults to the application's own server, from spring.datasource.* and spring.flyway.user/password.
	 */
	private final Map<String, Server> servers = new LinkedHashMap<>();

	private final Database database = new Database();

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public Database getDatabase() {
		return this.database;
	}

	/**
	 * A server, and the logins of the two roles tenant databases are used with. Give passwords as placeholders,
	 * such as ${TENANT_DB_PASSWORD}, resolved from the environment or a secret store, never as literals.
	 */
	public static class Server {

		/**
		 * JDBC URL of the server, with "{database}" where the tenant's database name goes, for example
		 * jdbc:postgresql://db2.internal:5432/{database}.
		 */
		private @Nullable String url;

		/**
		 * Login user of the restricted runtime role that tenant pools connect as.
		 */
		private @Nullable String username;

		/**
		 * Login password of the runtime role.
		 */
		private @Nullable String password;

		/**
		 * Login user of the role that owns tenant databases and runs their migrations.
		 */
		private @Nullable String ownerUsername;

		/**
		 * Login password of the owner role.
		 */
		private @Nullable String ownerPassword;

		/**
		 * Whether the library creates the databases of tenants onboarded, moved or migrated onto this server (as
		 * the owner role, which then needs CREATEDB), and drops each one it created when its tenant is purged.
		 * Off: tenant databases must exist, and are never dropped.
		 */
		private boolean createDatabases;

		/**
		 * Database the owner role connects to in order to create and drop tenant databases.
		 */
		private String maintenanceDatabase = "postgres";

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getOwnerUsername() {
			return this.ownerUsername;
		}

		public void setOwnerUsername(@Nullable String ownerUsername) {
			this.ownerUsername = ownerUsername;
		}

		public @Nullable String getOwnerPassword() {
			return this.ownerPassword;
		}

		public void setOwnerPassword(@Nullable String ownerPassword) {
			this.ownerPassword = ownerPassword;
		}

		public boolean isCreateDatabases() {
			return this.createDatabases;
		}

		public void setCreateDatabases(boolean createDatabases) {
			this.createDatabases = createDatabases;
		}

		public String getMaintenanceDatabase() {
			return this.maintenanceDatabase;
		}

		public void setMaintenanceDatabase(String maintenanceDatabase) {
			this.maintenanceDatabase = maintenanceDatabase;
		}

	}

	/**
	 * Pools of DATABASE tenants.
	 */
	public static class Database {

		/**
		 * Maximum number of tenant pools open at once. Beyond it, the least recently used pool is closed once
		 * its connections are back.
		 */
		private int maxPools = 20;

		/**
		 * Maximum number of connections open across all tenant pools. Each pool's share is connection-budget
		 * divided by max-pools.
		 */
		private int connectionBudget = 100;

		/**
		 * Maximum number of connections of one tenant's pool. Capped at the pool's share of the connection
		 * budget.
		 */
		private int maxPoolSize = 5;

		/**
		 * How long a tenant pool may go unused before it is closed.
		 */
		private Duration idleTimeout = Duration.ofMinutes(10);

		/**
		 * How long a request waits for a connection to its tenant's database before the tenant is reported
		 * unavailable (503).
		 */
		private Duration connectionTimeout = Duration.ofSeconds(2);

		public int getMaxPools() {
			return this.maxPools;
		}

		public void setMaxPools(int maxPools) {
			this.maxPools = maxPools;
		}

		public int getConnectionBudget() {
			return this.connectionBudget;
		}

		public void setConnectionBudget(int connectionBudget) {
			this.connectionBudget = connectionBudget;
		}

		public int getMaxPoolSize() {
			return this.maxPoolSize;
		}

		public void setMaxPoolSize(int maxPoolSize) {
			this.maxPoolSize = maxPoolSize;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

	}

}
