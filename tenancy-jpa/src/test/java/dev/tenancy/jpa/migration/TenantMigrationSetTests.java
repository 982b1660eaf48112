package dev.tenancy.jpa.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.tenancy.core.Placement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantMigrationSetTests {

	private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

	@Test
	void findsTheLatestVersionOfEachPlacement() {
		TenantFlywayFactory factory = TenantFlywayFactory.builder(new SimpleDriverDataSource()).build();
		TenantMigrationSet set = TenantMigrationSet.scan(this.resolver, factory);
		assertThat(set.latestVersion(Placement.SCHEMA)).isEqualTo("2");
		assertThat(set.latestVersion(Placement.DATABASE)).isEqualTo("2");
		assertThat(set.latestVersion(Placement.SHARED)).isNull();
	}

	@Test
	void theLibraryLocationsSplitTheRowLevelSecurityMigrationFromTheCatalog() {
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("classpath:db/tenancy/rls"))).isEqualTo("0.1");
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("classpath:db/tenancy/catalog"))).isEqualTo("0.4");
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("classpath:db/tenancy"))).isEqualTo("0.4");
	}

	@Test
	void comparesVersionsNumericallyAndIgnoresRepeatableAndOtherFiles(@TempDir Path dir) throws IOException {
		Files.createDirectories(dir.resolve("nested"));
		for (String name : List.of("V1_1__a.sql", "V9__b.sql", "nested/V10__c.sql", "R__view.sql", "README.md",
				"V11__Java$Inner.class", "U12__undo.sql")) {
			Files.writeString(dir.resolve(name), "");
		}
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("filesystem:" + dir))).isEqualTo("10");
		Files.writeString(dir.resolve("V10_1__Java.class"), "");
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("filesystem:" + dir + "/"))).isEqualTo("10.1");
	}

	@Test
	void aMissingLocationShipsNothing() {
		assertThat(TenantMigrationSet.latest(this.resolver, List.of("classpath:db/nothing-here", "db/nothing"))).isNull();
	}

	@Test
	void refusesLocationsItCannotScan() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantMigrationSet.latest(this.resolver, List.of("s3:bucket/migrations")))
			.withMessageContaining("use a classpath: or filesystem: location");
	}

}
