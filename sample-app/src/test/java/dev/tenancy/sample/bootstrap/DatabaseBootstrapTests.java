package dev.tenancy.sample.bootstrap;

import dev.tenancy.sample.bootstrap.DatabaseBootstrap.Target;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseBootstrapTests {

	@Test
	void acceptsPlainLowercaseNames() {
		Target target = new Target("tenancy_sample", "tenancy_sample_owner", "secret", "tenancy_sample_app", null);
		assertThat(target.database()).isEqualTo("tenancy_sample");
	}

	@Test
	void rejectsNamesThatAreNotPlainIdentifiers() {
		for (String name : new String[] { "Sample", "1sample", "sample-db", "x\"; drop database postgres; --", "" }) {
			assertThatExceptionOfType(DatabaseBootstrapException.class)
				.isThrownBy(() -> new Target(name, "owner", null, "app", null))
				.withMessageContaining("is not a plain identifier");
			assertThatExceptionOfType(DatabaseBootstrapException.class)
				.isThrownBy(() -> new Target("db", name, null, "app", null));
			assertThatExceptionOfType(DatabaseBootstrapException.class)
				.isThrownBy(() -> new Target("db", "owner", null, name, null));
		}
	}

	@Test
	void rejectsTheSameRoleForOwnerAndRuntime() {
		assertThatExceptionOfType(DatabaseBootstrapException.class)
			.isThrownBy(() -> new Target("db", "same", null, "same", null))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("spring.flyway.user"));
	}

	@Test
	void unreachableServerIsReportedWithHowToGetOne() {
		DatabaseBootstrap bootstrap = new DatabaseBootstrap("jdbc:postgresql://127.0.0.1:1/postgres?user=postgres",
				LogFactory.getLog(DatabaseBootstrapTests.class));
		assertThatExceptionOfType(DatabaseBootstrapException.class)
			.isThrownBy(() -> bootstrap.ensure(new Target("db", "owner", null, "app", null)))
			.withMessageContaining("No PostgreSQL server is reachable at jdbc:postgresql://127.0.0.1:1/postgres")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("apt-get install postgresql")
				.contains("Testcontainers"));
	}

	@Test
	void redactsPasswordsInUrls() {
		assertThat(DatabaseBootstrap.redacted("jdbc:postgresql://h/postgres?user=postgres&password=s3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://h/postgres?user=postgres&password=***&ssl=true");
	}

}
