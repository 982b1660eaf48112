package dev.tenancy.jpa.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.tenancy.jpa.connection.TenantAwareDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.function.SingletonSupplier;

/**
 * The primary database as the control plane sees it: the runtime role without tenant routing, for catalog
 * reads, and the owner role, for catalog writes and migrations of SCHEMA tenants.
 */
final class ControlPlaneDataSources {

	private ControlPlaneDataSources() {
	}

	/**
	 * Returns the application's DataSource without the tenant-aware wrapper: control-plane tables are read the
	 * same whatever tenant is bound, and must never be routed to a tenant's database.
	 * @param dataSource the application's DataSource bean
	 * @return the underlying pool
	 */
	static DataSource runtime(DataSource dataSource) {
		DataSource current = dataSource;
		while (current instanceof TenantAwareDataSource aware && aware.getTargetDataSource() != null) {
			current = aware.getTargetDataSource();
		}
		return current;
	}

	/**
	 * Returns the primary database connected as the owner role, the way Spring Boot's Flyway connects: with
	 * {@code spring.flyway.url}, {@code user} and {@code password} when set (each falling back to
	 * {@code spring.datasource.*}), otherwise through the application's own DataSource. The connection is made
	 * on first use and is not pooled: migrations and catalog writes are rare, and their concurrency is bounded
	 * by the migrator's parallelism.
	 * @param environment the environment
	 * @param dataSource the application's DataSource bean
	 * @return the owner data source
	 */
	static DataSource owner(Environment environment, DataSource dataSource) {
		DataSource runtime = runtime(dataSource);
		String flywayUrl = environment.getProperty("spring.flyway.url");
		String flywayUser = environment.getProperty("spring.flyway.user");
		if (flywayUrl == null && flywayUser == null) {
			return runtime;
		}
		String url = (flywayUrl != null) ? flywayUrl : environment.getProperty("spring.datasource.url");
		String user = (flywayUser != null) ? flywayUser : environment.getProperty("spring.datasource.username");
		String password = environment.getProperty("spring.flyway.password",
				environment.getProperty("spring.datasource.password"));
		return new LazyDataSource(SingletonSupplier.of(() -> {
			DataSourceBuilder<SimpleDriverDataSource> builder = DataSourceBuilder
				.create(runtime.getClass().getClassLoader())
				.type(SimpleDriverDataSource.class)
				.url((url != null) ? url : urlOf(runtime));
			if (user != null) {
				builder.username(user);
			}
			if (password != null) {
				builder.password(password);
			}
			return builder.build();
		}));
	}

	private static String urlOf(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getURL();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not find the URL of the primary database to connect as "
					+ "spring.flyway.user; set spring.flyway.url", ex);
		}
	}

	/** Creates its target on first use, so that nothing connects at start-up unless a tenant needs it. */
	private static final class LazyDataSource extends DelegatingDataSource {

		private final SingletonSupplier<DataSource> target;

		LazyDataSource(SingletonSupplier<DataSource> target) {
			this.target = target;
		}

		@Override
		public @Nullable DataSource getTargetDataSource() {
			return this.target.obtain();
		}

		@Override
		public void afterPropertiesSet() {
		}

	}

}
