package dev.tenancy.jpa.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.tenancy.core.Tenant;
import dev.tenancy.jpa.routing.TenantDataSources;
import dev.tenancy.test.TenancyTestDatabase;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * DATABASE tenants for tests: real databases on the test server, owned by the test owner role, reachable by the
 * runtime role, dropped on close. Stands in for the real implementation of {@link TenantDataSources}.
 */
public final class TestTenantDatabases implements TenantDataSources, AutoCloseable {

	private final List<String> created = new ArrayList<>();

	/**
	 * Creates a database with a unique name.
	 * @param hint part of the name
	 * @return the name, for the tenant's {@code database}
	 */
	public synchronized String create(String hint) {
		String name = "tenancy_it_db_" + hint + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
		execute("CREATE DATABASE \"" + name + "\" OWNER " + TenancyTestDatabase.OWNER_ROLE,
				"REVOKE ALL ON DATABASE \"" + name + "\" FROM PUBLIC",
				"GRANT CONNECT ON DATABASE \"" + name + "\" TO " + TenancyTestDatabase.APP_ROLE);
		this.created.add(name);
		return name;
	}

	@Override
	public DataSource runtimeDataSource(Tenant tenant) {
		return new DriverManagerDataSource(url(tenant.databaseName()), TenancyTestDatabase.APP_ROLE,
				TenancyTestDatabase.PASSWORD);
	}

	@Override
	public DataSource ownerDataSource(Tenant tenant) {
		return new DriverManagerDataSource(url(tenant.databaseName()), TenancyTestDatabase.OWNER_ROLE,
				TenancyTestDatabase.PASSWORD);
	}

	/**
	 * Returns a superuser connection to one of the databases, for privileged checks.
	 * @param database the database name
	 * @return the data source
	 */
	public DataSource adminDataSource(String database) {
		String server = TenancyTestDatabase.serverUrl();
		int query = server.indexOf('?');
		return new DriverManagerDataSource(url(database) + ((query < 0) ? "" : server.substring(query)));
	}

	@Override
	public synchronized void close() {
		for (String name : this.created) {
			execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
		}
		this.created.clear();
	}

	private static String url(String database) {
		String server = TenancyTestDatabase.serverUrl();
		int query = server.indexOf('?');
		String base = (query < 0) ? server : server.substring(0, query);
		return base.substring(0, base.lastIndexOf('/') + 1) + database;
	}

	private static void execute(String... statements) {
		try (Connection connection = DriverManager.getConnection(TenancyTestDatabase.serverUrl(), new Properties());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not manage a tenant database: " + ex.getMessage(), ex);
		}
	}

}
