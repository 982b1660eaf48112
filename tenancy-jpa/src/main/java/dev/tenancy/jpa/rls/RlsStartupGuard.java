package dev.tenancy.jpa.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that row-level security can actually protect tenant data, as seen by the role the
 * application connects as.
 * <p>
 * Violations (the application refuses to start in {@link GuardMode#FAIL}):
 * <ul>
 * <li>the runtime role is a superuser or has {@code BYPASSRLS};</li>
 * <li>the runtime role owns (or is a member of the owner of) a tenant table;</li>
 * <li>a tenant table (one with the tenant column) lacks enabled RLS, forced RLS or a policy;</li>
 * <li>the runtime role may {@code TRUNCATE} or {@code REFERENCES} a tenant table, both of which ignore RLS.</li>
 * </ul>
 * Warnings (logged, never fatal): primary keys, unique constraints and foreign keys of tenant tables that do
 * not include the tenant column, because constraints see across tenants.
 */
public class RlsStartupGuard {

	private static final Logger logger = LoggerFactory.getLogger(RlsStartupGuard.class);

	private static final String ROLE_SQL = "select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user";

	private static final String TABLES_SQL = """
			select c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity,
			       exists (select 1 from pg_policy p where p.polrelid = c.oid),
			       pg_has_role(current_user, c.relowner, 'USAGE'),
			       has_table_privilege(current_user, c.oid, 'TRUNCATE'),
			       has_table_privilege(current_user, c.oid, 'REFERENCES')
			from pg_class c
			join pg_namespace n on n.oid = c.relnamespace
			join pg_attribute a on a.attrelid = c.oid and a.attname = ? and a.attnum > 0 and not a.attisdropped
			where c.relkind in ('r', 'p')
			  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
			order by 1""";

	private static final String CONSTRAINTS_SQL = """
			select con.conrelid::regclass::text, con.conname, con.contype
			from pg_constraint con
			join pg_attribute a on a.attrelid = con.conrelid and a.attname = ? and a.attnum > 0 and not a.attisdropped
			join pg_namespace n on n.oid = con.connamespace
			where con.contype in ('p', 'u', 'f') and not (a.attnum = any (con.conkey))
			  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
			order by 1, 2""";

	private final DataSource dataSource;

	private final String tenantColumn;

	private final GuardMode mode;

	public RlsStartupGuard(DataSource dataSource, String tenantColumn, GuardMode mode) {
		this.dataSource = dataSource;
		this.tenantColumn = tenantColumn;
		this.mode = mode;
	}

	/**
	 * Runs the checks and acts on them according to the mode.
	 * @return the findings
	 * @throws RlsGuardException in {@link GuardMode#FAIL} when a violation was found
	 */
	public Findings check() {
		if (this.mode == GuardMode.OFF) {
			return new Findings(List.of(), List.of());
		}
		Findings findings = inspect();
		findings.warnings().forEach((warning) -> logger.warn("Row-level security: {}", warning));
		if (!findings.violations().isEmpty()) {
			String message = "Row-level security cannot protect tenant data:\n  - "
					+ String.join("\n  - ", findings.violations())
					+ "\nConnect as a restricted role (not superuser, not BYPASSRLS, not the table owner), run "
					+ "migrations as the owner, and call tenancy.enable_tenant_isolation('<table>') for each tenant "
					+ "table. Set tenancy.rls.guard=WARN to start anyway.";
			if (this.mode == GuardMode.FAIL) {
				throw new RlsGuardException(message);
			}
			logger.warn(message);
		}
		return findings;
	}

	private Findings inspect() {
		List<String> violations = new ArrayList<>();
		List<String> warnings = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			try (PreparedStatement statement = connection.prepareStatement(ROLE_SQL);
					ResultSet role = statement.executeQuery()) {
				if (role.next()) {
					String name = role.getString(1);
					if (role.getBoolean(2)) {
						violations.add("role '" + name + "' is a superuser, which bypasses row-level security");
					}
					if (role.getBoolean(3)) {
						violations.add("role '" + name + "' has BYPASSRLS");
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(TABLES_SQL)) {
				statement.setString(1, this.tenantColumn);
				try (ResultSet tables = statement.executeQuery()) {
					while (tables.next()) {
						inspectTable(tables, violations);
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(CONSTRAINTS_SQL)) {
				statement.setString(1, this.tenantColumn);
				try (ResultSet constraints = statement.executeQuery()) {
					while (constraints.next()) {
						warnings.add(describeConstraint(constraints.getString(1), constraints.getString(2),
								constraints.getString(3)));
					}
				}
			}
		}
		catch (SQLException ex) {
			throw new RlsGuardException("Could not inspect row-level security: " + ex.getMessage(), ex);
		}
		return new Findings(List.copyOf(violations), List.copyOf(warnings));
	}

	private void inspectTable(ResultSet table, List<String> violations) throws SQLException {
		String name = table.getString(1);
		if (!table.getBoolean(2)) {
			violations.add("table " + name + " does not have row-level security enabled");
		}
		if (!table.getBoolean(3)) {
			violations.add("table " + name + " does not FORCE row-level security");
		}
		if (!table.getBoolean(4)) {
			violations.add("table " + name + " has no row-level security policy");
		}
		if (table.getBoolean(5)) {
			violations.add("the runtime role owns table " + name + " (or is a member of its owner)");
		}
		if (table.getBoolean(6)) {
			violations.add("the runtime role may TRUNCATE table " + name + "; TRUNCATE ignores row-level security");
		}
		if (table.getBoolean(7)) {
			violations.add("the runtime role has REFERENCES on table " + name
					+ "; foreign keys it creates would see across tenants");
		}
	}

	private String describeConstraint(String table, String constraint, String type) {
		String kind = switch (type) {
			case "p" -> "primary key";
			case "u" -> "unique constraint";
			default -> "foreign key";
		};
		return "table " + table + ": " + kind + " " + constraint + " does not include " + this.tenantColumn
				+ (type.equals("f") ? " (it can reference another tenant's row; make it composite)"
						: " (a duplicate-key error reveals other tenants' values; lead it with " + this.tenantColumn
								+ ")");
	}

	/**
	 * What the guard found.
	 *
	 * @param violations findings that make row-level security ineffective
	 * @param warnings findings that leak information across tenants through constraints
	 */
	public record Findings(List<String> violations, List<String> warnings) {

	}

}
