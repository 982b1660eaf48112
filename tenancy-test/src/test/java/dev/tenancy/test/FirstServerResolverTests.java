package dev.tenancy.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tenancy.test.FirstServerResolver.ResolvedServer;
import dev.tenancy.test.FirstServerResolver.Source;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The order in which tests find their PostgreSQL server, with every input faked: the environment variable or
 * system property, then Testcontainers when it is present and Docker is available, then localhost.
 */
class FirstServerResolverTests {

	private static final String CONFIGURED = "jdbc:postgresql://db:5432/postgres?user=postgres&password=s3cret";

	private static final String CONTAINER = "jdbc:postgresql://localhost:49153/postgres?user=postgres&password=postgres";

	private final Map<String, String> systemProperties = new HashMap<>();

	private final Map<String, String> environment = new HashMap<>();

	private boolean testcontainersPresent = true;

	private boolean dockerAvailable = true;

	private final List<String> asked = new ArrayList<>();

	private final Map<String, String> problems = new HashMap<>();

	private @Nullable RuntimeException containerFailure;

	@Test
	void environmentVariableWinsOverDockerAndLocalhost() {
		this.environment.put("TENANCY_TEST_JDBC_URL", CONFIGURED);
		ResolvedServer server = resolver().resolve();
		assertThat(server.source()).isEqualTo(Source.CONFIGURED_URL);
		assertThat(server.jdbcUrl()).isEqualTo(CONFIGURED);
		assertThat(server.description()).contains("TENANCY_TEST_JDBC_URL").contains("password=***")
			.doesNotContain("s3cret");
		assertThat(this.asked).containsExactly("probe " + CONFIGURED);
	}

	@Test
	void systemPropertyWinsOverEnvironmentVariable() {
		this.environment.put("TENANCY_TEST_JDBC_URL", "jdbc:postgresql://from-env/postgres");
		this.systemProperties.put("tenancy.test.jdbc-url", CONFIGURED);
		ResolvedServer server = resolver().resolve();
		assertThat(server.jdbcUrl()).isEqualTo(CONFIGURED);
		assertThat(server.description()).contains("system property tenancy.test.jdbc-url");
	}

	@Test
	void blankSettingIsIgnored() {
		this.environment.put("TENANCY_TEST_JDBC_URL", "  ");
		this.systemProperties.put("tenancy.test.jdbc-url", "");
		assertThat(resolver().resolve().source()).isEqualTo(Source.TESTCONTAINERS);
	}

	@Test
	void configuredUrlThatDoesNotWorkFailsRatherThanFallingBack() {
		this.environment.put("TENANCY_TEST_JDBC_URL", CONFIGURED);
		this.problems.put(CONFIGURED, "no connection (Connection refused)");
		assertThatIllegalStateException().isThrownBy(() -> resolver().resolve())
			.withMessageContaining("jdbc:postgresql://db:5432/postgres?user=postgres&password=***")
			.withMessageContaining("by TENANCY_TEST_JDBC_URL, which does not work: no connection (Connection refused)")
			.withMessageContaining("Fix or unset TENANCY_TEST_JDBC_URL")
			.withMessageNotContaining("s3cret");
		assertThat(this.asked).containsExactly("probe " + CONFIGURED);
	}

	@Test
	void testcontainersWhenPresentAndDockerIsAvailable() {
		ResolvedServer server = resolver().resolve();
		assertThat(server.source()).isEqualTo(Source.TESTCONTAINERS);
		assertThat(server.jdbcUrl()).isEqualTo(CONTAINER);
		assertThat(server.description()).contains("Testcontainers").contains("postgres:17").doesNotContain("password=postgres");
		assertThat(this.asked).containsExactly("testcontainers present?", "docker available?", "start postgres:17");
	}

	@Test
	void containerImageComesFromTheSetting() {
		this.environment.put("TENANCY_TEST_POSTGRES_IMAGE", "postgres:15-alpine");
		resolver().resolve();
		assertThat(this.asked).contains("start postgres:15-alpine");
	}

	@Test
	void dockerIsNotAskedForWhenTestcontainersIsAbsent() {
		this.testcontainersPresent = false;
		ResolvedServer server = resolver().resolve();
		assertThat(server.source()).isEqualTo(Source.LOCALHOST);
		assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/postgres?user=postgres");
		assertThat(server.description()).contains("not on the test class path");
		assertThat(this.asked).containsExactly("testcontainers present?", "probe " + FirstServerResolver.LOCAL_URL);
	}

	@Test
	void localhostWhenNoDockerEngineIsAvailable() {
		this.dockerAvailable = false;
		ResolvedServer server = resolver().resolve();
		assertThat(server.source()).isEqualTo(Source.LOCALHOST);
		assertThat(server.description()).contains("no Docker engine is available");
		assertThat(this.asked).containsExactly("testcontainers present?", "docker available?",
				"probe " + FirstServerResolver.LOCAL_URL);
	}

	@Test
	void containerThatDoesNotStartFailsRatherThanFallingBack() {
		this.containerFailure = new IllegalStateException("pull access denied for postgres");
		assertThatIllegalStateException().isThrownBy(() -> resolver().resolve())
			.withMessageContaining("could not start PostgreSQL (postgres:17) through Testcontainers: pull access denied")
			.withMessageContaining("TENANCY_TEST_POSTGRES_IMAGE")
			.withMessageContaining("set TENANCY_TEST_JDBC_URL");
		assertThat(this.asked).doesNotContain("probe " + FirstServerResolver.LOCAL_URL);
	}

	@Test
	void noServerAnywhereSaysAllThreeOptionsAndHowToSetTheUrl() {
		this.dockerAvailable = false;
		this.problems.put(FirstServerResolver.LOCAL_URL, "no connection (Connection to localhost:5432 refused)");
		assertThatIllegalStateException().isThrownBy(() -> resolver().resolve())
			.withMessageContaining("(1) TENANCY_TEST_JDBC_URL or system property tenancy.test.jdbc-url: not set")
			.withMessageContaining("(2) Testcontainers: on the class path, but no Docker engine is available")
			.withMessageContaining("(3) localhost:5432 as postgres: no connection (Connection to localhost:5432 refused)")
			.withMessageContaining("TENANCY_TEST_JDBC_URL='jdbc:postgresql://db:5432/postgres?user=postgres&password=secret'");
	}

	@Test
	void noServerWithoutTestcontainersSaysHowToAddIt() {
		this.testcontainersPresent = false;
		this.problems.put(FirstServerResolver.LOCAL_URL, "no connection (refused)");
		assertThatIllegalStateException().isThrownBy(() -> resolver().resolve())
			.withMessageContaining("(2) Testcontainers: not on the test class path (add "
					+ "org.testcontainers:testcontainers-postgresql)");
	}

	private FirstServerResolver resolver() {
		return new FirstServerResolver(this.systemProperties::get, this.environment::get, () -> {
			this.asked.add("testcontainers present?");
			return this.testcontainersPresent;
		}, () -> {
			this.asked.add("docker available?");
			return this.dockerAvailable;
		}, (image) -> {
			this.asked.add("start " + image);
			if (this.containerFailure != null) {
				throw this.containerFailure;
			}
			return CONTAINER;
		}, (url) -> {
			this.asked.add("probe " + url);
			return this.problems.get(url);
		});
	}

}
