package dev.tenancy.jpa.migration;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.TenantCatalog;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Actuator endpoint {@code tenancymigrations}: each {@code SCHEMA} and {@code DATABASE} tenant's migration
 * version, state and last error (read), and migrating all tenants or one (write).
 * <p>
 * The write operations change schemas: expose the endpoint only to operators. A request naming an invalid tenant
 * id, or asking to migrate a tenant that is {@code OFFBOARDING} or {@code OFFBOARDED}, is refused as invalid (a
 * {@code 400} over HTTP) with the reason; an unknown or {@code SHARED} tenant is not found ({@code 404}).
 */
@Endpoint(id = "tenancymigrations")
public class TenantMigrationsEndpoint {

	private final TenantCatalog catalog;

	private final TenantMigrationStateStore store;

	private final TenantMigrator migrator;

	public TenantMigrationsEndpoint(TenantCatalog catalog, TenantMigrationStateStore store, TenantMigrator migrator) {
		this.catalog = catalog;
		this.store = store;
		this.migrator = migrator;
	}

	/**
	 * Lists the migration state of every {@code SCHEMA} and {@code DATABASE} tenant.
	 * @return the versions the application needs and each tenant's state
	 */
	@ReadOperation
	public TenantMigrationsDescriptor tenants() {
		Map<TenantId, TenantMigrationState> states = this.store.findAllStates();
		List<TenantMigrationDescriptor> tenants = this.catalog.findAll()
			.stream()
			.filter((tenant) -> tenant.placement() != Placement.SHARED)
			.map((tenant) -> describe(tenant, states.get(tenant.id())))
			.toList();
		long failed = tenants.stream().filter((tenant) -> !tenant.upToDate()).count();
		return new TenantMigrationsDescriptor(this.migrator.expectedVersion(Placement.SCHEMA),
				this.migrator.expectedVersion(Placement.DATABASE), tenants.size(), (int) failed, tenants);
	}

	/**
	 * Returns the migration state of one tenant.
	 * @param tenant the tenant id
	 * @return the state, or {@code null} (404) for a tenant that is unknown or {@code SHARED}
	 * @throws InvalidEndpointRequestException (400) for an invalid tenant id
	 */
	@ReadOperation
	public @Nullable TenantMigrationDescriptor tenant(@Selector String tenant) {
		return find(tenant).map((found) -> describe(found, this.store.findState(found.id()).orElse(null)))
			.orElse(null);
	}

	/**
	 * Migrates every tenant that is behind.
	 * @return what happened to each tenant
	 */
	@WriteOperation
	public TenantMigrationRun migrateAll() {
		return this.migrator.migrateAll();
	}

	/**
	 * Migrates one tenant, even if its recorded state says it is up to date.
	 * @param tenant the tenant id
	 * @return what happened, or {@code null} (404) for a tenant that is unknown or {@code SHARED}
	 * @throws InvalidEndpointRequestException (400) for an invalid tenant id, or a tenant that is
	 * {@code OFFBOARDING} or {@code OFFBOARDED}, whose schema or database a migration would create again
	 */
	@WriteOperation
	public @Nullable TenantMigrationOutcome migrate(@Selector String tenant) {
		Tenant found = find(tenant).orElse(null);
		if (found == null) {
			return null;
		}
		String refusal = TenantMigrator.offboardingRefusal(found);
		if (refusal != null) {
			throw new InvalidEndpointRequestException(refusal, refusal);
		}
		return this.migrator.migrate(found);
	}

	private Optional<Tenant> find(String tenant) {
		TenantId id;
		try {
			id = TenantId.of(tenant);
		}
		catch (InvalidTenantIdException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		return this.catalog.find(id).filter((found) -> found.placement() != Placement.SHARED);
	}

	private TenantMigrationDescriptor describe(Tenant tenant, @Nullable TenantMigrationState state) {
		String expected = this.migrator.expectedVersion(tenant.placement());
		String location = (tenant.placement() == Placement.SCHEMA) ? tenant.schemaName()
				: tenant.serverName() + "/" + tenant.databaseName();
		boolean upToDate = (expected == null) || (state != null && state.isMigratedTo(expected));
		return new TenantMigrationDescriptor(tenant.id().value(), tenant.placement(), tenant.status(), location,
				expected, (state != null) ? state.state() : null, (state != null) ? state.version() : null, upToDate,
				(state != null) ? state.error() : null, (state != null) ? state.migratedAt() : null);
	}

	/**
	 * The migration state of all tenants.
	 *
	 * @param schemaVersion the version {@code SCHEMA} tenants need
	 * @param databaseVersion the version {@code DATABASE} tenants need
	 * @param tenantCount how many tenants are listed
	 * @param notUpToDateCount how many of them are not migrated to the version they need
	 * @param tenants each tenant
	 */
	public record TenantMigrationsDescriptor(@Nullable String schemaVersion, @Nullable String databaseVersion,
			int tenantCount, int notUpToDateCount, List<TenantMigrationDescriptor> tenants) {

	}

	/**
	 * The migration state of one tenant.
	 *
	 * @param tenant the tenant id
	 * @param placement {@code SCHEMA} or {@code DATABASE}
	 * @param status the tenant's status
	 * @param location the schema, or {@code server/database}
	 * @param expectedVersion the version the tenant needs
	 * @param state the recorded state, or {@code null} if none
	 * @param version the recorded version
	 * @param upToDate whether the tenant is migrated to the version it needs
	 * @param error the last error, for {@code FAILED}
	 * @param migratedAt when the state was recorded
	 */
	public record TenantMigrationDescriptor(String tenant, Placement placement, TenantStatus status, String location,
			@Nullable String expectedVersion, @Nullable MigrationState state, @Nullable String version, boolean upToDate,
			@Nullable String error, @Nullable Instant migratedAt) {

	}

}
