package dev.tenancy.jpa.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.tenancy.test.TenancyTestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library's migrations moved from {@code db/tenancy} to {@code db/tenancy/rls} (V0_1) and
 * {@code db/tenancy/catalog} (V0_2, and V0_3 since the audit trail). A database migrated before the move still
 * validates, and gets V0_2 and V0_3 once Flyway may apply them out of order (the application's V1 is already there).
 */
class LibraryMigrationLayoutIT {

	@Test
	void aDatabaseMigratedBeforeTheSplitValidatesAndGetsTheCatalog(@TempDir Path oldLayout) throws IOException {
		try (InputStream v01 = getClass().getResourceAsStream("/db/tenancy/rls/V0_1__tenancy_row_level_security.sql")) {
			Files.copy(v01, oldLayout.resolve("V0_1__tenancy_row_level_security.sql"));
		}
		try (TenancyTestDatabase db = TenancyTestDatabase.create(LibraryMigrationLayoutIT.class)) {
			Flyway.configure()
				.dataSource(db.ownerDataSource())
				.locations("filesystem:" + oldLayout, "classpath:db/tenant")
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.load()
				.migrate();

			// V0_2 to V0_4 are older than the application's V1 already applied: Flyway refuses them unless out of order
			assertThatThrownBy(() -> Flyway.configure()
				.dataSource(db.ownerDataSource())
				.locations("classpath:db/tenancy", "classpath:db/tenant")
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.load()
				.migrate())
				.hasMessageContaining("Detected resolved migration not applied to database: 0.2")
				.hasMessageContaining("Detected resolved migration not applied to database: 0.3")
				.hasMessageContaining("Detected resolved migration not applied to database: 0.4");

			MigrateResult upgrade = Flyway.configure()
				.dataSource(db.ownerDataSource())
				.locations("classpath:db/tenancy", "classpath:db/tenant")
				.placeholders(Map.of("appRole", TenancyTestDatabase.APP_ROLE))
				.outOfOrder(true)
				.load()
				.migrate();

			assertThat(upgrade.migrationsExecuted).isEqualTo(3);
			JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
			assertThat(admin.queryForList("select version from flyway_schema_history order by installed_rank",
					String.class))
				.containsExactly("0.1", "1", "2", "0.2", "0.3", "0.4");
			assertThat(admin.queryForList("select tablename from pg_tables where schemaname = 'tenancy' order by 1",
					String.class))
				.containsExactly("audit_events", "tenant_keys", "tenants");
		}
	}

}
