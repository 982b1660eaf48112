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
	void toStringNeverShowsAPassword() {
		DatabaseServer server = new DatabaseServer("eu-2", "jdbc:postgresql://db2/{database}?password=in-url",
				"app", "runtime-secret", "owner", "owner-secret");
		assertThat(server.toString()).contains("eu-2", "app", "owner")
			.doesNotContain("runtime-secret", "owner-secret", "in-url");
	}

}
