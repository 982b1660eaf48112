package dev.tenancy.jpa.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.core.Placement;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.TenancyTestServer;
import org.opentest4j.TestAbortedException;

/**
 * The tenants of one fuzz run in all three placements, the databases they live in, and superuser pools on
 * each of those databases (the privileged view the model is checked against). Databases are created fresh and
 * dropped on close.
 */
final class FuzzTopology implements AutoCloseable {

	private final TenancyTestDatabase main;

	private final List<TenancyTestDatabase> tenantDatabases;

	private final List<FuzzTenant> tenants;

	private final boolean secondServer;

	private final Map<String, HikariDataSource> superuserPools = new LinkedHashMap<>();

	private final int superuserPoolSize;

	private FuzzTopology(TenancyTestDatabase main, List<TenancyTestDatabase> tenantDatabases, List<FuzzTenant> tenants,
			boolean secondServer, int superuserPoolSize) {
		this.main = main;
		this.tenantDatabases = tenantDatabases;
		this.tenants = tenants;
		this.secondServer = secondServer;
		this.superuserPoolSize = superuserPoolSize;
	}

	/**
	 * Creates the databases: 4 SHARED tenants in the shared tables, 3 SCHEMA tenants with a schema each in the
	 * shared database, 3 DATABASE tenants with a database each, two of them on the second server when it is
	 * reachable (when it is not, and it is not required, all three are on the first).
	 * @param testClass names the databases
	 * @param superuserPoolSize connections of each superuser pool
	 * @return the topology, which the caller must close
	 */
	static FuzzTopology create(Class<?> testClass, int superuserPoolSize) {
		boolean second = secondServerReachable();
		TenancyTestDatabase main = TenancyTestDatabase.create(testClass);
		List<TenancyTestDatabase> databases = new ArrayList<>();
		List<FuzzTenant> tenants = new ArrayList<>();
		try {
			for (int i = 1; i <= 4; i++) {
				tenants.add(new FuzzTenant("shared-" + i, Placement.SHARED,
						new FuzzTenant.Location(FuzzServer.FIRST, main.name(), "public")));
			}
			for (int i = 1; i <= 3; i++) {
				String id = "schema-" + i;
				tenants.add(new FuzzTenant(id, Placement.SCHEMA,
						new FuzzTenant.Location(FuzzServer.FIRST, main.name(), FuzzTenant.schemaOf(id))));
			}
			for (int i = 1; i <= 3; i++) {
				FuzzServer server = (second && i >= 2) ? FuzzServer.SECOND : FuzzServer.FIRST;
				TenancyTestDatabase database = (server == FuzzServer.SECOND)
						? TenancyTestServer.second().createTestDatabase(testClass) : TenancyTestDatabase.create(testClass);
				databases.add(database);
				tenants.add(new FuzzTenant("db-" + i, Placement.DATABASE,
						new FuzzTenant.Location(server, database.name(), "public")));
			}
		}
		catch (RuntimeException ex) {
			databases.forEach(TenancyTestDatabase::close);
			main.close();
			throw ex;
		}
		return new FuzzTopology(main, databases, interleaved(tenants), second, superuserPoolSize);
	}

	/** Orders tenants so that any split into groups by position mixes placements. */
	private static List<FuzzTenant> interleaved(List<FuzzTenant> tenants) {
		List<FuzzTenant> shared = tenants.stream().filter((t) -> t.placement() == Placement.SHARED).toList();
		List<FuzzTenant> schema = tenants.stream().filter((t) -> t.placement() == Placement.SCHEMA).toList();
		List<FuzzTenant> database = tenants.stream().filter((t) -> t.placement() == Placement.DATABASE).toList();
		List<FuzzTenant> ordered = new ArrayList<>();
		for (int i = 0; ordered.size() < tenants.size(); i++) {
			for (List<FuzzTenant> kind : List.of(shared, schema, database)) {
				if (i < kind.size()) {
					ordered.add(kind.get(i));
				}
			}
		}
		return List.copyOf(ordered);
	}

	private static boolean secondServerReachable() {
		try {
			TenancyTestServer.second();
			return true;
		}
		catch (TestAbortedException ex) {
			return false;
		}
	}

	TenancyTestDatabase main() {
		return this.main;
	}

	List<FuzzTenant> tenants() {
		return this.tenants;
	}

	FuzzTenant tenant(String id) {
		return this.tenants.stream()
			.filter((tenant) -> tenant.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no tenant " + id));
	}

	boolean usesSecondServer() {
		return this.secondServer;
	}

	/** Every place that holds tenant tables, each once. */
	Set<FuzzTenant.Location> locations() {
		Set<FuzzTenant.Location> locations = new LinkedHashSet<>();
		this.tenants.forEach((tenant) -> locations.add(tenant.location()));
		return locations;
	}

	long count(Placement placement) {
		return this.tenants.stream().filter((tenant) -> tenant.placement() == placement).count();
	}

	long countOn(FuzzServer server) {
		return this.tenants.stream().filter((tenant) -> tenant.location().server() == server).count();
	}

	/** A superuser pool on the database of a location, created on first use. */
	synchronized DataSource superuser(FuzzTenant.Location location) {
		String key = location.server() + "/" + location.database();
		return this.superuserPools.computeIfAbsent(key, (name) -> {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(location.server().superuserUrl(location.database()));
			config.setMaximumPoolSize(this.superuserPoolSize);
			config.setMinimumIdle(0);
			config.setPoolName("fuzz-superuser-" + location.database());
			return new HikariDataSource(config);
		});
	}

	@Override
	public synchronized void close() {
		this.superuserPools.values().forEach(HikariDataSource::close);
		this.superuserPools.clear();
		RuntimeException failure = null;
		for (TenancyTestDatabase database : this.tenantDatabases) {
			try {
				database.close();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		this.main.close();
		if (failure != null) {
			throw failure;
		}
	}

}
