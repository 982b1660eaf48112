package dev.tenancy.jpa.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DatabaseServerTests {

	@Test
	void putsTheDatabaseNameIntoTheTemplate() {
		DatabaseServer server = new DatabaseServer("eu-2", "jdbc:postgresql://db2:5433/{database}?sslmode=require",
				"app", "secret", "owner", "secret");
		assertThat(server.jdbcUrl("t_acme")).isEqualTo("jdbc:postgresql://db2:5433/t_acme?sslmode=require");
	}

	@Test
	void refusesDatabaseNamesThatAreNotValidStorageNames() {
		DatabaseServer server = new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}", null, null, null, null);
		assertThatIllegalArgumentException().isThrownBy(() -> server.jdbcUrl("t_acme?user=postgres"));
	}

	@Test
	void urlMustHaveTheDatabasePlaceholderOnce() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DatabaseServer("eu-2", "jdbc:postgresql://db2/app", null, null, null, null))
			.withMessageContaining("{database}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}?x={database}", null, null,
					null, null));
	}

	@Test
	void nameMustBeAStorageName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DatabaseServer("EU 2", "jdbc:postgresql://db2/{database}", null, null, null, null))
			.withMessageContaining("invalid server name 'EU 2'");
	}

	@Test
	void derivesTheTemplateFromTheUrlOfOneDatabase() {
		assertThat(DatabaseServer.urlTemplateOf("jdbc:postgresql://db:5432/app"))
			.isEqualTo("jdbc:postgresql://db:5432/{database}");
		assertThat(DatabaseServer.urlTemplateOf("jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary"))
			.isEqualTo("jdbc:postgresql://db1:5432,db2:5432/{database}?targetServerType=primary");
		assertThat(DatabaseServer.urlTemplateOf("jdbc:postgresql://db")).isEqualTo("jdbc:postgresql://db/{database}");
		assertThat(DatabaseServer.urlTemplateOf("jdbc:postgresql:app")).isEqualTo("jdbc:postgresql:{database}");
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseServer.urlTemplateOf("jdbc:h2:mem:app"))
			.withMessageContaining("only jdbc:postgresql: URLs");
	}

	@Test
	void createsDatabasesOnlyWithBothLoginsAndAValidMaintenanceDatabase() {
		DatabaseServer server = new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}", "app", "secret", "owner",
				"secret");
		assertThat(server.isCreatingDatabases()).isFalse();
		assertThat(server.getMaintenanceDatabase()).isNull();
		DatabaseServer creating = server.withDatabaseCreation("postgres");
		assertThat(creating.isCreatingDatabases()).isTrue();
		assertThat(creating.getMaintenanceDatabase()).isEqualTo("postgres");
		assertThat(creating.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://db2/postgres");
		assertThat(creating.toString()).contains("maintenanceDatabase=postgres").doesNotContain("secret");
		assertThatIllegalArgumentException().isThrownBy(() -> server.withDatabaseCreation("postgres?user=x"))
			.withMessageContaining("invalid maintenance database 'postgres?user=x' of server 'eu-2'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}", "app", "secret", null,
					null)
				.withDatabaseCreation("postgres"))
			.withMessageContaining("set tenancy.placement.servers.eu-2.owner-username and owner-password");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DatabaseServer("primary", "jdbc:postgresql://db2/{database}", null, null, "owner",
					"secret")
				.withDatabaseCreation("postgres"))
			.withMessageContaining("grants its runtime role the right to connect to them: set "
					+ "tenancy.placement.servers.primary.username and password");
	}

	@Test
	void toStringNeverShowsAPassword() {
		DatabaseServer server = new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}?password=in-url",
				"app", "runtime-secret", "owner", "owner-secret");
		assertThat(server.toString()).contains("eu-2", "app", "owner")
			.doesNotContain("runtime-secret", "owner-secret", "in-url");
	}

}
