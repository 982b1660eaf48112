package dev.tenancy.jpa.autoconfigure;

import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.connection.TenantConnectionMode;
import dev.tenancy.jpa.hibernate.TenantSqmTranslatorFactory;
import dev.tenancy.jpa.rls.GuardMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the data layer: how connections carry the tenant, and the Hibernate layer.
 */
@ConfigurationProperties("tenancy.jpa")
public class TenancyJpaProperties {

	/**
	 * Whether DataSource beans are wrapped so that their connections carry the bound tenant.
	 */
	private boolean tenantAwareDataSource = true;

	/**
	 * How long the tenant setting lives on a connection. TRANSACTION is safe behind PgBouncer transaction
	 * pooling and needs tenant work to run in transactions.
	 */
	private TenantConnectionMode connectionMode = TenantConnectionMode.TRANSACTION;

	/**
	 * What happens at start-up when the connections of a data source in SESSION mode turn out to share
	 * PostgreSQL sessions, as behind PgBouncer in transaction pooling mode: FAIL refuses to start, WARN logs,
	 * OFF skips the check.
	 */
	private GuardMode sessionModeGuard = GuardMode.FAIL;

	/**
	 * PostgreSQL setting that carries the tenant; row-level security policies read it.
	 */
	private String settingName = TenantAwareDataSource.DEFAULT_SETTING_NAME;

	/**
	 * Whether Hibernate filters queries by @TenantId columns. Switch off only to test row-level security on
	 * its own.
	 */
	private boolean discriminatorEnabled = true;

	/**
	 * Maximum number of plans for loading an entity by id that the Hibernate layer keeps, each for one entity,
	 * tenant and lock mode; beyond it the least used are evicted. Without them Hibernate builds a plan on every
	 * load of an entity the @TenantId filter applies to. 0 keeps none.
	 */
	private long loadPlanCacheSize = 2000;

	/**
	 * Maximum number of JPQL select queries' SQL trees, each with the SQL written from it, that the Hibernate
	 * layer keeps, each for one query and tenant; beyond it the least used are evicted. Without them Hibernate
	 * translates every query on every execution while the @TenantId filter is enabled. 0 keeps none.
	 */
	private long queryTranslationCacheSize = TenantSqmTranslatorFactory.DEFAULT_CACHE_SIZE;

	/**
	 * How many SCHEMA tenants' schemas one pooled connection serves before it is retired from its pool, which
	 * bounds the catalog cache of each PostgreSQL backend. 0 for no limit.
	 */
	private int maxSchemasPerConnection = TenantAwareDataSource.DEFAULT_MAX_SCHEMAS_PER_CONNECTION;

	/**
	 * Whether SCHEMA tenants' statements get their own text per schema, so that PostgreSQL keeps a plan per
	 * schema instead of re-planning on every switch. Faster while a connection's schemas times statements fit
	 * the JDBC driver's statement cache, slower beyond.
	 */
	private boolean perSchemaStatements;

	/**
	 * Whether, in TRANSACTION mode, the tenant setting travels with each transaction's first prepared
	 * statement, in the same round trip, instead of in a round trip of its own.
	 */
	private boolean tenantWithFirstStatement = true;

	/**
	 * Pools of their own for SCHEMA tenants, each schema always served by the same one.
	 */
	private final SchemaPools schemaPools = new SchemaPools();

	public SchemaPools getSchemaPools() {
		return this.schemaPools;
	}

	public boolean isPerSchemaStatements() {
		return this.perSchemaStatements;
	}

	public void setPerSchemaStatements(boolean perSchemaStatements) {
		this.perSchemaStatements = perSchemaStatements;
	}

	public boolean isTenantWithFirstStatement() {
		return this.tenantWithFirstStatement;
	}

	public void setTenantWithFirstStatement(boolean tenantWithFirstStatement) {
		this.tenantWithFirstStatement = tenantWithFirstStatement;
	}

	public int getMaxSchemasPerConnection() {
		return this.maxSchemasPerConnection;
	}

	public void setMaxSchemasPerConnection(int maxSchemasPerConnection) {
		this.maxSchemasPerConnection = maxSchemasPerConnection;
	}

	public boolean isTenantAwareDataSource() {
		return this.tenantAwareDataSource;
	}

	public void setTenantAwareDataSource(boolean tenantAwareDataSource) {
		this.tenantAwareDataSource = tenantAwareDataSource;
	}

	public TenantConnectionMode getConnectionMode() {
		return this.connectionMode;
	}

	public void setConnectionMode(TenantConnectionMode connectionMode) {
		this.connectionMode = connectionMode;
	}

	public GuardMode getSessionModeGuard() {
		return this.sessionModeGuard;
	}

	public void setSessionModeGuard(GuardMode sessionModeGuard) {
		this.sessionModeGuard = sessionModeGuard;
	}

	public String getSettingName() {
		return this.settingName;
	}

	public void setSettingName(String settingName) {
		this.settingName = settingName;
	}

	public long getLoadPlanCacheSize() {
		return this.loadPlanCacheSize;
	}

	public void setLoadPlanCacheSize(long loadPlanCacheSize) {
		this.loadPlanCacheSize = loadPlanCacheSize;
	}

	public long getQueryTranslationCacheSize() {
		return this.queryTranslationCacheSize;
	}

	public void setQueryTranslationCacheSize(long queryTranslationCacheSize) {
		this.queryTranslationCacheSize = queryTranslationCacheSize;
	}

	public boolean isDiscriminatorEnabled() {
		return this.discriminatorEnabled;
	}

	public void setDiscriminatorEnabled(boolean discriminatorEnabled) {
		this.discriminatorEnabled = discriminatorEnabled;
	}

	/**
	 * Tenant-affine pools for SCHEMA tenants: copies of the application's HikariCP pool, each serving a fixed
	 * share of the schemas.
	 */
	public static class SchemaPools {

		/**
		 * How many pools SCHEMA tenants are spread over, by a hash of the schema name. 0 serves them from the
		 * application's pool.
		 */
		private int count;

		/**
		 * Maximum connections of each SCHEMA tenants' pool.
		 */
		private int maximumPoolSize = 2;

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		public int getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(int maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

	}

}
