package dev.tenancy.jpa.autoconfigure;

import dev.tenancy.jpa.rls.GuardMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of PostgreSQL row-level security: the shipped migration and the start-up guard.
 */
@ConfigurationProperties("tenancy.rls")
public class TenancyRlsProperties {

	/**
	 * What the start-up guard does when row-level security cannot protect tenant data: FAIL refuses to
	 * start, WARN logs, OFF skips the checks.
	 */
	private GuardMode guard = GuardMode.FAIL;

	/**
	 * Column that marks a table as holding tenant rows.
	 */
	private String tenantColumn = "tenant_id";

	/**
	 * Whether the library's migration (schema "tenancy" and its enable_tenant_isolation function) is added
	 * to Flyway's locations.
	 */
	private boolean flywayMigration = true;

	/**
	 * Flyway location of the library's migration.
	 */
	private String flywayLocation = "classpath:db/tenancy/rls";

	public GuardMode getGuard() {
		return this.guard;
	}

	public void setGuard(GuardMode guard) {
		this.guard = guard;
	}

	public String getTenantColumn() {
		return this.tenantColumn;
	}

	public void setTenantColumn(String tenantColumn) {
		this.tenantColumn = tenantColumn;
	}

	public boolean isFlywayMigration() {
		return this.flywayMigration;
	}

	public void setFlywayMigration(boolean flywayMigration) {
		this.flywayMigration = flywayMigration;
	}

	public String getFlywayLocation() {
		return this.flywayLocation;
	}

	public void setFlywayLocation(String flywayLocation) {
		this.flywayLocation = flywayLocation;
	}

}
