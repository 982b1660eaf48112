package dev.tenancy.jpa.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.jpa.migration.MigrationMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of per-tenant migrations for SCHEMA and DATABASE tenants.
 */
@ConfigurationProperties("tenancy.migration")
public class TenancyMigrationProperties {

	/**
	 * What happens to the tenants' schemas at start-up: MIGRATE migrates those that are behind, VALIDATE only
	 * reports them, OFF does nothing and refuses no tenant for being behind.
	 */
	private MigrationMode mode = MigrationMode.MIGRATE;

	/**
	 * Flyway locations of the migrations each SCHEMA and DATABASE tenant gets.
	 */
	private List<String> tenantLocations = new ArrayList<>(List.of("classpath:db/tenant"));

	/**
	 * Flyway locations migrated in each DATABASE tenant's database before the tenant locations: the library's
	 * row-level security function, which SCHEMA tenants share in the primary database.
	 */
	private List<String> databaseLibraryLocations = new ArrayList<>(List.of("classpath:db/tenancy/rls"));

	/**
	 * Number of tenants migrated at once. Each holds up to two owner connections to its database server.
	 */
	private int parallelism = 4;

	/**
	 * Name of the Flyway history table in each tenant's schema or database.
	 */
	private String table = "flyway_schema_history";

	/**
	 * Placeholders replaced in tenant migrations, in addition to (and overriding) spring.flyway.placeholders.
	 */
	private Map<String, String> placeholders = new LinkedHashMap<>();

	public MigrationMode getMode() {
		return this.mode;
	}

	public void setMode(MigrationMode mode) {
		this.mode = mode;
	}

	public List<String> getTenantLocations() {
		return this.tenantLocations;
	}

	public void setTenantLocations(List<String> tenantLocations) {
		this.tenantLocations = tenantLocations;
	}

	public List<String> getDatabaseLibraryLocations() {
		return this.databaseLibraryLocations;
	}

	public void setDatabaseLibraryLocations(List<String> databaseLibraryLocations) {
		this.databaseLibraryLocations = databaseLibraryLocations;
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(int parallelism) {
		this.parallelism = parallelism;
	}

	public String getTable() {
		return this.table;
	}

	public void setTable(String table) {
		this.table = table;
	}

	public Map<String, String> getPlaceholders() {
		return this.placeholders;
	}

	public void setPlaceholders(Map<String, String> placeholders) {
		this.placeholders = placeholders;
	}

}
