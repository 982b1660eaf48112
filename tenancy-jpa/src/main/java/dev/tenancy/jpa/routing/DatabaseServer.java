package dev.tenancy.jpa.routing;

import java.util.Objects;

import dev.tenancy.core.StorageNames;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server holding databases of {@link dev.tenancy.core.Placement#DATABASE DATABASE} tenants: a JDBC
 * URL template and the logins of the runtime and owner roles, as configured under
 * {@code tenancy.placement.servers.<name>}.
 * <p>
 * The tenant catalog records only a server's name; the logins come from configuration, where they are meant to
 * be placeholders such as {@code ${TENANT_DB_PASSWORD}}. Passwords are not exposed by any public method and
 * {@link #toString()} never shows them.
 */
public final class DatabaseServer {

	/** Where the database name goes in a {@linkplain #getUrlTemplate() URL template}. */
	public static final String DATABASE_PLACEHOLDER = "{database}";

	private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

	private final String name;

	private final String urlTemplate;

	private final @Nullable String username;

	private final @Nullable String password;

	private final @Nullable String ownerUsername;

	private final @Nullable String ownerPassword;

	/** Where the owner connects to create and drop tenant databases, or {@code null} if it does not. */
	private final @Nullable String maintenanceDatabase;

	/**
	 * Creates a server whose tenant databases are made by its administrator: the library connects to them but
	 * neither creates nor drops them.
	 * @param name the name tenants refer to it by, a valid storage name such as {@code eu-2}
	 * @param urlTemplate a JDBC URL with {@value #DATABASE_PLACEHOLDER} where the database name goes
	 * @param username the login of the restricted runtime role, or {@code null} to leave it to the URL
	 * @param password the password of the runtime role
	 * @param ownerUsername the login of the role that owns tenant databases and migrates them, or {@code null}
	 * if none is configured
	 * @param ownerPassword the password of the owner role
	 * @throws IllegalArgumentException if the name or the template is invalid
	 */
	public DatabaseServer(String name, String urlTemplate, @Nullable String username, @Nullable String password,
			@Nullable String ownerUsername, @Nullable String ownerPassword) {
		this(name, urlTemplate, username, password, ownerUsername, ownerPassword, null);
	}

	private DatabaseServer(String name, String urlTemplate, @Nullable String username, @Nullable String password,
			@Nullable String ownerUsername, @Nullable String ownerPassword, @Nullable String maintenanceDatabase) {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(urlTemplate, "urlTemplate must not be null");
		if (!StorageNames.IDENTIFIER.matcher(name).matches() || name.startsWith("pg_")) {
			throw new IllegalArgumentException("invalid server name '" + name + "': use 1-63 lowercase letters, "
					+ "digits, '_' or '-', starting with a letter or '_', as tenants of the catalog name it");
		}
		int placeholder = urlTemplate.indexOf(DATABASE_PLACEHOLDER);
		if (!urlTemplate.startsWith("jdbc:") || placeholder < 0
				|| urlTemplate.indexOf(DATABASE_PLACEHOLDER, placeholder + 1) >= 0) {
			throw new IllegalArgumentException("the URL of server '" + name + "' must be a JDBC URL with "
					+ DATABASE_PLACEHOLDER + " once, where the database name goes, for example "
					+ "jdbc:postgresql://db2.internal:5432/{database}; got " + redact(urlTemplate));
		}
		this.name = name;
		this.urlTemplate = urlTemplate;
		this.username = username;
		this.password = password;
		this.ownerUsername = ownerUsername;
		this.ownerPassword = ownerPassword;
		this.maintenanceDatabase = maintenanceDatabase;
	}

	/**
	 * Returns this server, creating the databases of tenants onboarded, moved or migrated onto it and dropping
	 * them again when those tenants are purged ({@code tenancy.placement.servers.<name>.create-databases}).
	 * The owner role creates them, connected to {@code maintenanceDatabase}, so it needs {@code CREATEDB}; each
	 * database is owned by it, and only the runtime role (and the owner) may connect.
	 * @param maintenanceDatabase an existing database the owner role may connect to, usually {@code postgres}
	 * @return a server like this one that creates tenant databases
	 * @throws IllegalArgumentException if the maintenance database is not a valid name, or the owner's or the
	 * runtime role's login is not configured
	 */
	public DatabaseServer withDatabaseCreation(String maintenanceDatabase) {
		Objects.requireNonNull(maintenanceDatabase, "maintenanceDatabase must not be null");
		if (!StorageNames.IDENTIFIER.matcher(maintenanceDatabase).matches()) {
			throw new IllegalArgumentException("invalid maintenance database '" + maintenanceDatabase + "' of server '"
					+ this.name + "': use 1-63 lowercase letters, digits, '_' or '-', starting with a letter or '_'");
		}
		String property = "tenancy.placement.servers." + this.name;
		if (this.ownerUsername == null) {
			throw new IllegalArgumentException("Server '" + this.name + "' creates tenant databases, which its owner "
					+ "role does: set " + property + ".owner-username and owner-password"
					+ (StorageNames.PRIMARY_SERVER.equals(this.name) ? " (or spring.flyway.user and password)" : ""));
		}
		if (this.username == null) {
			throw new IllegalArgumentException("Server '" + this.name + "' creates tenant databases and grants its "
					+ "runtime role the right to connect to them: set " + property + ".username and password");
		}
		return new DatabaseServer(this.name, this.urlTemplate, this.username, this.password, this.ownerUsername,
				this.ownerPassword, maintenanceDatabase);
	}

	/**
	 * Returns whether the library creates and drops tenant databases on this server.
	 * @return whether it does ({@link #withDatabaseCreation(String)})
	 */
	public boolean isCreatingDatabases() {
		return this.maintenanceDatabase != null;
	}

	/**
	 * Returns the database the owner role connects to in order to create and drop tenant databases.
	 * @return its name, or {@code null} if this server's tenant databases are not created by the library
	 */
	public @Nullable String getMaintenanceDatabase() {
		return this.maintenanceDatabase;
	}

	/**
	 * Derives a URL template from the JDBC URL of one database on a PostgreSQL server, such as the
	 * application's own {@code spring.datasource.url}: the database name is replaced by
	 * {@value #DATABASE_PLACEHOLDER}, host, port and parameters are kept.
	 * @param jdbcUrl a {@code jdbc:postgresql:} URL
	 * @return the template
	 * @throws IllegalArgumentException if the URL is not a PostgreSQL one
	 */
	public static String urlTemplateOf(String jdbcUrl) {
		if (!jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
			throw new IllegalArgumentException("cannot derive a URL template from " + redact(jdbcUrl)
					+ ": only jdbc:postgresql: URLs are understood; configure the server's url with "
					+ DATABASE_PLACEHOLDER + " instead");
		}
		int query = jdbcUrl.indexOf('?');
		String base = (query < 0) ? jdbcUrl : jdbcUrl.substring(0, query);
		String parameters = (query < 0) ? "" : jdbcUrl.substring(query);
		String rest = base.substring(POSTGRESQL_PREFIX.length());
		if (!rest.startsWith("//")) {
			// jdbc:postgresql:database, a database on localhost:5432
			return POSTGRESQL_PREFIX + DATABASE_PLACEHOLDER + parameters;
		}
		int slash = rest.indexOf('/', 2);
		String hosts = (slash < 0) ? rest : rest.substring(0, slash);
		return POSTGRESQL_PREFIX + hosts + "/" + DATABASE_PLACEHOLDER + parameters;
	}

	/**
	 * Returns the name tenants refer to this server by.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns the URL template.
	 * @return the template, with {@value #DATABASE_PLACEHOLDER}
	 */
	public String getUrlTemplate() {
		return this.urlTemplate;
	}

	/**
	 * Returns the login of the runtime role.
	 * @return the user name, or {@code null} if the URL carries it
	 */
	public @Nullable String getUsername() {
		return this.username;
	}

	/**
	 * Returns the login of the owner role, which migrations run as.
	 * @return the user name, or {@code null} if none is configured
	 */
	public @Nullable String getOwnerUsername() {
		return this.ownerUsername;
	}

	/**
	 * Returns the JDBC URL of one database on this server.
	 * @param database a valid database name
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		StorageNames.quote(database); // validates
		return this.urlTemplate.replace(DATABASE_PLACEHOLDER, database);
	}

	@Nullable String password() {
		return this.password;
	}

	@Nullable String ownerPassword() {
		return this.ownerPassword;
	}

	@Override
	public String toString() {
		return "DatabaseServer[name=" + this.name + ", url=" + redact(this.urlTemplate) + ", username="
				+ this.username + ", ownerUsername=" + this.ownerUsername
				+ (isCreatingDatabases() ? ", maintenanceDatabase=" + this.maintenanceDatabase : "") + "]";
	}

	static String redact(String url) {
		return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
	}

}
