package dev.tenancy.jpa.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.connection.TenantAwareDataSource;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.jpa.migration.MigrationState;
import dev.tenancy.jpa.migration.TenantMigrationState;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The JDBC catalog against {@code tenancy.tenants} as the library's migration creates it: reads as the runtime
 * role, writes as the owner role.
 */
class JdbcTenantCatalogIT {

	static TenancyTestDatabase db;

	JdbcTenantCatalog catalog;

	final List<TenantId> changes = new ArrayList<>();

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(JdbcTenantCatalogIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyCatalog() {
		ControlPlane.dropTenants(db);
		this.catalog = new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db));
		this.catalog.addChangeListener(this.changes::add);
	}

	@Test
	void registersAndFindsTenantsOfEachPlacementWithTheirEffectiveStorageNames() {
		this.catalog.register(tenant("acme", Placement.SHARED), "free");
		this.catalog.register(tenant("globex", Placement.SCHEMA), "business");
		this.catalog.register(new Tenant(TenantId.of("initech"), "Initech", TenantStatus.ACTIVE, Placement.DATABASE,
				null, "eu-1", "initech_db"), "enterprise");
		this.catalog.register(tenant("hooli", Placement.DATABASE), null);

		assertThat(this.catalog.find(TenantId.of("acme"))).contains(tenant("acme", Placement.SHARED));
		assertThat(this.catalog.find(TenantId.of("globex"))).get()
			.satisfies((globex) -> assertThat(globex.schema()).isEqualTo("t_globex"));
		assertThat(this.catalog.find(TenantId.of("initech"))).get()
			.satisfies((initech) -> assertThat(initech.serverName() + "/" + initech.databaseName())
				.isEqualTo("eu-1/initech_db"));
		assertThat(this.catalog.find(TenantId.of("hooli"))).get()
			.satisfies((hooli) -> assertThat(hooli.server() + "/" + hooli.database()).isEqualTo("primary/t_hooli"));
		assertThat(this.catalog.find(TenantId.of("nobody"))).isEmpty();
		assertThat(this.catalog.findAll()).extracting((tenant) -> tenant.id().value())
			.containsExactly("acme", "globex", "hooli", "initech");
		assertThat(this.changes).extracting(TenantId::value).containsExactly("acme", "globex", "initech", "hooli");
	}

	@Test
	void entriesCarryPlanTimestampsAndAPendingMigrationForSchemaAndDatabaseTenants() {
		Instant before = Instant.now().minusSeconds(5);
		this.catalog.register(tenant("globex", Placement.SCHEMA), "business");
		this.catalog.register(tenant("acme", Placement.SHARED), null);

		TenantCatalogEntry globex = this.catalog.findEntry(TenantId.of("globex")).orElseThrow();
		assertThat(globex.plan()).isEqualTo("business");
		assertThat(globex.createdAt()).isAfter(before);
		assertThat(globex.updatedAt()).isEqualTo(globex.createdAt());
		assertThat(globex.migration()).isEqualTo(new TenantMigrationState(MigrationState.PENDING, null, null, null));
		assertThat(this.catalog.findEntry(TenantId.of("acme"))).get()
			.satisfies((acme) -> assertThat(acme.migration()).isNull());
	}

	@Test
	void updatesTheStatusAndTheUpdateTime() {
		this.catalog.register(tenant("acme", Placement.SHARED), null);
		Instant created = this.catalog.findEntry(TenantId.of("acme")).orElseThrow().updatedAt();
		this.changes.clear();

		this.catalog.updateStatus(TenantId.of("acme"), TenantStatus.SUSPENDED);

		TenantCatalogEntry acme = this.catalog.findEntry(TenantId.of("acme")).orElseThrow();
		assertThat(acme.tenant().status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(acme.updatedAt()).isAfter(created);
		assertThat(this.changes).extracting(TenantId::value).containsExactly("acme");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.catalog.updateStatus(TenantId.of("nobody"), TenantStatus.ACTIVE))
			.withMessageContaining("'nobody' is not in the catalog");
	}

	@Test
	void refusesADuplicateIdSchemaOrDatabaseWithAMessageNamingIt() {
		this.catalog.register(tenant("globex", Placement.SCHEMA), null);
		this.catalog.register(tenant("hooli", Placement.DATABASE), null);

		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.catalog.register(tenant("globex", Placement.SHARED), null))
			.withMessage("Tenant 'globex' is already in the catalog");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.catalog.register(new Tenant(TenantId.of("copycat"), "Copycat", TenantStatus.ACTIVE,
					Placement.SCHEMA, "t_globex", null, null), null))
			.withMessageContaining("Schema 't_globex' is already used by another tenant");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.catalog.register(new Tenant(TenantId.of("copycat"), "Copycat", TenantStatus.ACTIVE,
					Placement.DATABASE, null, "primary", "t_hooli"), null))
			.withMessageContaining("Database 't_hooli' on server 'primary' is already used");
	}

	@Test
	void refusesTheApplicationsSharedSchemasAndInvalidIds() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.catalog.register(new Tenant(TenantId.of("sneaky"), "Sneaky", TenantStatus.ACTIVE,
					Placement.SCHEMA, "tenancy", null, null), null))
			.withMessageContaining("The catalog rejected tenant 'sneaky'")
			.withMessageContaining("tenants_schema_name_valid");
		JdbcTemplate owner = new JdbcTemplate(ControlPlane.owner(db));
		assertThatThrownBy(() -> owner.update("insert into tenancy.tenants (id, display_name) values ('Not Valid', 'x')"))
			.hasMessageContaining("tenants_id_pattern");
		assertThatThrownBy(() -> owner.update("insert into tenancy.tenants (id, display_name, placement) "
				+ "values ('x', 'x', 'SCHEMA')"))
			.hasMessageContaining("tenants_schema_placement");
	}

	@Test
	void changesAreSeenAtOnceThroughTheCacheOfThisInstanceAndAfterTheTimeToLiveElsewhere() {
		this.catalog.register(tenant("acme", Placement.SHARED), null);
		CachingTenantCatalog here = new CachingTenantCatalog(this.catalog, Duration.ofHours(1), 100);
		this.catalog.addChangeListener(here::evict);
		CachingTenantCatalog elsewhere = new CachingTenantCatalog(
				new JdbcTenantCatalog(db.appDataSource(), ControlPlane.owner(db)), Duration.ofHours(1), 100);
		assertThat(here.find(TenantId.of("acme"))).get().extracting(Tenant::status).isEqualTo(TenantStatus.ACTIVE);
		assertThat(elsewhere.find(TenantId.of("acme"))).get().extracting(Tenant::status).isEqualTo(TenantStatus.ACTIVE);

		this.catalog.updateStatus(TenantId.of("acme"), TenantStatus.SUSPENDED);

		assertThat(here.find(TenantId.of("acme"))).get().extracting(Tenant::status).isEqualTo(TenantStatus.SUSPENDED);
		// another instance keeps its entry until it expires: tenancy.catalog.cache-ttl bounds the staleness
		assertThat(elsewhere.find(TenantId.of("acme"))).get().extracting(Tenant::status).isEqualTo(TenantStatus.ACTIVE);
		elsewhere.evictAll();
		assertThat(elsewhere.find(TenantId.of("acme"))).get().extracting(Tenant::status)
			.isEqualTo(TenantStatus.SUSPENDED);
	}

	@Test
	void aChangeInsideATransactionIsAnnouncedAgainWhenTheTransactionCompletes() {
		this.catalog.register(tenant("acme", Placement.SHARED), null);
		this.changes.clear();
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(db.appDataSource()));

		transaction.executeWithoutResult((status) -> {
			this.catalog.updateStatus(TenantId.of("acme"), TenantStatus.SUSPENDED);
			assertThat(this.changes).hasSize(1);
		});

		assertThat(this.changes).extracting(TenantId::value).containsExactly("acme", "acme");
	}

	@Test
	void recordsAndReadsMigrationStates() {
		this.catalog.register(tenant("globex", Placement.SCHEMA), null);
		this.catalog.register(tenant("acme", Placement.SHARED), null);
		Instant migratedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

		this.catalog.recordState(TenantId.of("globex"),
				new TenantMigrationState(MigrationState.FAILED, "1", "relation \"labels\" already exists", migratedAt));

		assertThat(this.catalog.findState(TenantId.of("globex"))).contains(
				new TenantMigrationState(MigrationState.FAILED, "1", "relation \"labels\" already exists", migratedAt));
		assertThat(this.catalog.findState(TenantId.of("acme"))).isEmpty();
		assertThat(this.catalog.findAllStates()).containsOnlyKeys(TenantId.of("globex"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.recordState(TenantId.of("nobody"),
				new TenantMigrationState(MigrationState.MIGRATED, "2", null, migratedAt)));
	}

	@Test
	void recordsManyStatesInOneBatch() {
		this.catalog.register(tenant("acme", Placement.SCHEMA), null);
		this.catalog.register(tenant("globex", Placement.SCHEMA), null);
		TenantMigrationState migrated = new TenantMigrationState(MigrationState.MIGRATED, "2", null,
				Instant.now().truncatedTo(ChronoUnit.MICROS));

		this.catalog.recordStates(Map.of(TenantId.of("acme"), migrated, TenantId.of("globex"), migrated));

		assertThat(this.catalog.findAllStates()).containsOnly(entry(TenantId.of("acme"), migrated),
				entry(TenantId.of("globex"), migrated));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.catalog.recordStates(Map.of(TenantId.of("nobody"), migrated)))
			.withMessageContaining("'nobody' is not in the catalog");
	}

	@Test
	void theRuntimeRoleReadsTheCatalogWhateverTenantIsBoundButCannotChangeIt() {
		this.catalog.register(tenant("acme", Placement.SHARED), null);
		this.catalog.register(tenant("globex", Placement.SCHEMA), null);
		JdbcTenantCatalog throughTenantAwareDataSource = new JdbcTenantCatalog(
				new TenantAwareDataSource(db.appDataSource()), ControlPlane.owner(db));
		assertThat(TenantContext.where("acme").get(throughTenantAwareDataSource::findAll)).hasSize(2);

		JdbcTenantCatalog runtimeOnly = new JdbcTenantCatalog(db.appDataSource(), db.appDataSource());
		assertThatThrownBy(() -> runtimeOnly.updateStatus(TenantId.of("acme"), TenantStatus.ACTIVE))
			.rootCause()
			.hasMessageContaining("permission denied for table tenants");
		assertThatThrownBy(() -> runtimeOnly.register(tenant("evil", Placement.SHARED), null))
			.rootCause()
			.hasMessageContaining("permission denied for table tenants");
		JdbcTemplate runtime = new JdbcTemplate(db.appDataSource());
		assertThatThrownBy(() -> runtime.update("update tenancy.tenants set schema_name = 't_acme' where id = 'globex'"))
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThat(runtime.queryForObject("select relrowsecurity from pg_class where oid = 'tenancy.tenants'::regclass",
				Boolean.class)).isFalse();
	}

	private static Tenant tenant(String id, Placement placement) {
		return new Tenant(TenantId.of(id), id, TenantStatus.ACTIVE, placement);
	}

}
