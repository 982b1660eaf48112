package dev.tenancy.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one class that names Testcontainers types, loaded only after {@link FirstServerResolver} has found
 * Testcontainers on the class path.
 * <p>
 * The container is shared by every test class of the JVM (each still gets its own database in it) and is
 * removed by Testcontainers' reaper when the JVM exits.
 */
final class TestcontainersPostgres {

	private static final String SUPERUSER = "postgres";

	private TestcontainersPostgres() {
	}

	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@SuppressWarnings("resource") // lives as long as the JVM; the reaper removes it
	static String start(String image) {
		PostgreSQLContainer container = new PostgreSQLContainer(
				DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
			.withDatabaseName("postgres")
			.withUsername(SUPERUSER)
			.withPassword(SUPERUSER);
		container.start();
		return "jdbc:postgresql://" + container.getHost() + ":"
				+ container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/postgres?user=" + SUPERUSER
				+ "&password=" + SUPERUSER;
	}

}
