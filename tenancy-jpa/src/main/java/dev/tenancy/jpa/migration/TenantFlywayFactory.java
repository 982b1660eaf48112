package dev.tenancy.jpa.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.StorageNames;
import dev.tenancy.core.Tenant;
import dev.tenancy.jpa.routing.TenantDataSources;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Creates the Flyway instance of one tenant, connected as the owner role.
 * <p>
 * A {@link Placement#SCHEMA SCHEMA} tenant is migrated in the primary database: Flyway creates its schema if
 * missing, makes it the default schema, and keeps the schema's own history table in it. A
 * {@link Placement#DATABASE DATABASE} tenant is migrated in its own database through
 * {@link TenantDataSources#ownerDataSource(Tenant)}, with the library's row-level security migration first, so
 * that {@code tenancy.enable_tenant_isolation} exists there too. Schemas the application shares ({@code public},
 * {@code tenancy}) or the system owns are never handed to a tenant.
 */
public final class TenantFlywayFactory {

	/** Flyway's setting for how it locks a PostgreSQL database while it migrates. */
	static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

	/** Schemas no tenant may be placed in. */
	static final Set<String> RESERVED_SCHEMAS = Set.of("public", "tenancy", "information_schema");

	private final DataSource primaryOwner;

	private final Supplier<@Nullable TenantDataSources> databases;

	private final List<String> schemaLocations;

	private final List<String> databaseLocations;

	private final Map<String, String> placeholders;

	private final String table;

	private final ClassLoader classLoader;

	private final List<TenantFlywayConfigurationCustomizer> customizers;

	private TenantFlywayFactory(Builder builder) {
		this.primaryOwner = builder.primaryOwner;
		this.databases = builder.databases;
		this.schemaLocations = List.copyOf(builder.tenantLocations);
		List<String> database = new ArrayList<>(builder.databaseLibraryLocations);
		database.addAll(builder.tenantLocations);
		this.databaseLocations = List.copyOf(database);
		this.placeholders = Map.copyOf(builder.placeholders);
		this.table = builder.table;
		this.classLoader = builder.classLoader;
		this.customizers = List.copyOf(builder.customizers);
		if (!StorageNames.IDENTIFIER.matcher(this.table).matches()) {
			throw new IllegalArgumentException("History table '" + this.table + "' must be a lowercase PostgreSQL "
					+ "identifier (letters, digits, '_' or '-'); check tenancy.migration.table");
		}
	}

	/**
	 * Starts a factory whose {@code SCHEMA} tenants are migrated through the given owner connection.
	 * @param primaryOwner the primary database, connected as the role that owns the tenants' schemas
	 * @return the builder
	 */
	public static Builder builder(DataSource primaryOwner) {
		return new Builder(primaryOwner);
	}

	/**
	 * Creates the Flyway instance of a tenant.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant
	 * @return its Flyway instance
	 * @throws IllegalArgumentException for a {@code SHARED} tenant or a reserved schema
	 */
	public Flyway create(Tenant tenant) {
		FluentConfiguration configuration = Flyway.configure(this.classLoader)
			.dataSource(ownerDataSource(tenant))
			.table(this.table)
			.placeholders(this.placeholders)
			.cleanDisabled(true)
			// Flyway's default lock is an advisory lock held by a transaction left open for the whole run; a
			// CREATE INDEX CONCURRENTLY, in this tenant's migrations or another's in the same database, would wait
			// for that transaction forever. The session-level lock keeps no transaction open.
			.configuration(Map.of(TRANSACTIONAL_LOCK, "false"))
			.locations(locations(tenant.placement()).toArray(String[]::new));
		String schema = historySchema(tenant);
		if (schema != null) {
			configuration.schemas(schema).defaultSchema(schema).createSchemas(true);
		}
		for (TenantFlywayConfigurationCustomizer customizer : this.customizers) {
			customizer.customize(tenant, configuration);
		}
		return configuration.load();
	}

	/**
	 * Returns where a tenant's migrations connect: the owner role of the primary database for a {@code SCHEMA}
	 * tenant, the owner role of its own database for a {@code DATABASE} tenant.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant
	 * @return the data source
	 */
	public DataSource ownerDataSource(Tenant tenant) {
		return switch (tenant.placement()) {
			case SCHEMA -> this.primaryOwner;
			case DATABASE -> {
				TenantDataSources dataSources = this.databases.get();
				if (dataSources == null) {
					throw new IllegalStateException("Tenant '" + tenant.id() + "' has DATABASE placement but no "
							+ "TenantDataSources bean is configured to connect to its database '"
							+ tenant.databaseName() + "' on server '" + tenant.serverName() + "'");
				}
				yield dataSources.ownerDataSource(tenant);
			}
			case SHARED -> throw sharedTenant(tenant);
		};
	}

	/**
	 * Creates a {@code DATABASE} tenant's database if its server creates tenant databases and it does not exist
	 * ({@link TenantDataSources#createDatabase(Tenant)}).
	 * @param tenant a {@code DATABASE} tenant
	 * @return whether it was created now
	 */
	public boolean createDatabase(Tenant tenant) {
		TenantDataSources dataSources = this.databases.get();
		return dataSources != null && dataSources.createDatabase(tenant);
	}

	/**
	 * Returns the schema that holds a tenant's tables and history table.
	 * @param tenant a {@code SCHEMA} or {@code DATABASE} tenant
	 * @return the tenant's schema, or {@code null} for a {@code DATABASE} tenant, whose tables live in the
	 * connection's default schema
	 */
	public @Nullable String historySchema(Tenant tenant) {
		return switch (tenant.placement()) {
			case SCHEMA -> requireTenantSchema(tenant);
			case DATABASE -> null;
			case SHARED -> throw sharedTenant(tenant);
		};
	}

	/**
	 * Returns the name of each tenant's history table.
	 * @return the table name
	 */
	public String historyTable() {
		return this.table;
	}

	/**
	 * Returns the Flyway locations migrated for tenants of a placement.
	 * @param placement {@code SCHEMA} or {@code DATABASE}
	 * @return the locations, in order
	 */
	public List<String> locations(Placement placement) {
		return (placement == Placement.DATABASE) ? this.databaseLocations : this.schemaLocations;
	}

	private static String requireTenantSchema(Tenant tenant) {
		String schema = tenant.schemaName();
		if (RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
			throw new IllegalArgumentException("Tenant '" + tenant.id() + "' names schema '" + schema
					+ "', which the application shares; give the tenant a schema of its own in the catalog");
		}
		return schema;
	}

	private static IllegalArgumentException sharedTenant(Tenant tenant) {
		return new IllegalArgumentException("Tenant '" + tenant.id() + "' has SHARED placement; its tables are "
				+ "migrated with the application's own migrations, not per tenant");
	}

	/**
	 * Builds a {@link TenantFlywayFactory}.
	 */
	public static final class Builder {

		private final DataSource primaryOwner;

		private Supplier<@Nullable TenantDataSources> databases = () -> null;

		private List<String> tenantLocations = List.of("classpath:db/tenant");

		private List<String> databaseLibraryLocations = List.of("classpath:db/tenancy/rls");

		private Map<String, String> placeholders = Map.of();

		private String table = "flyway_schema_history";

		private ClassLoader classLoader = TenantFlywayFactory.class.getClassLoader();

		private List<TenantFlywayConfigurationCustomizer> customizers = List.of();

		private Builder(DataSource primaryOwner) {
			this.primaryOwner = primaryOwner;
		}

		/**
		 * Sets where the databases of {@code DATABASE} tenants are found; looked up on first use.
		 * @param databases supplies the data sources, or {@code null} if none are configured
		 * @return this builder
		 */
		public Builder tenantDataSources(Supplier<@Nullable TenantDataSources> databases) {
			this.databases = databases;
			return this;
		}

		/**
		 * Sets the locations of the migrations every tenant gets.
		 * @param locations Flyway locations, {@code classpath:db/tenant} by default
		 * @return this builder
		 */
		public Builder tenantLocations(List<String> locations) {
			this.tenantLocations = List.copyOf(locations);
			return this;
		}

		/**
		 * Sets the library locations migrated in each {@code DATABASE} tenant's database before the tenant
		 * locations.
		 * @param locations Flyway locations, {@code classpath:db/tenancy/rls} by default
		 * @return this builder
		 */
		public Builder databaseLibraryLocations(List<String> locations) {
			this.databaseLibraryLocations = List.copyOf(locations);
			return this;
		}

		/**
		 * Sets the placeholders replaced in tenant migrations, for example {@code appRole}.
		 * @param placeholders the placeholders
		 * @return this builder
		 */
		public Builder placeholders(Map<String, String> placeholders) {
			this.placeholders = new LinkedHashMap<>(placeholders);
			return this;
		}

		/**
		 * Sets the name of each tenant's history table.
		 * @param table the table name, {@code flyway_schema_history} by default
		 * @return this builder
		 */
		public Builder table(String table) {
			this.table = table;
			return this;
		}

		/**
		 * Sets the class loader Flyway scans for migrations.
		 * @param classLoader the class loader
		 * @return this builder
		 */
		public Builder classLoader(ClassLoader classLoader) {
			this.classLoader = classLoader;
			return this;
		}

		/**
		 * Sets the customizers applied to each tenant's configuration.
		 * @param customizers the customizers, in order
		 * @return this builder
		 */
		public Builder customizers(List<TenantFlywayConfigurationCustomizer> customizers) {
			this.customizers = List.copyOf(customizers);
			return this;
		}

		/**
		 * Builds the factory.
		 * @return the factory
		 */
		public TenantFlywayFactory build() {
			return new TenantFlywayFactory(this);
		}

	}

}
