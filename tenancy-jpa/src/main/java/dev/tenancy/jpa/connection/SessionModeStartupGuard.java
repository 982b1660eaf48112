package dev.tenancy.jpa.connection;

import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tenancy.jpa.rls.GuardMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that a {@link TenantConnectionMode#SESSION SESSION}-mode data source does not sit behind a
 * transaction-pooling proxy such as PgBouncer with {@code pool_mode = transaction}. There, the session-level
 * tenant setting stays on the server connection for whichever client's transaction runs on it next: another
 * tenant, or code with no tenant, would read the first tenant's rows. {@code TRANSACTION} mode is safe there
 * and is not checked.
 * <p>
 * The check takes two connections of the data source's pool and sees whether their transactions share
 * PostgreSQL backends (see {@code SessionSharingProbe}); it never reports sharing where there is none. If the
 * database cannot be reached it logs a warning and lets start-up go on: it can tell nothing then, and the first
 * use of the database fails anyway.
 */
public class SessionModeStartupGuard {

	private static final Logger logger = LoggerFactory.getLogger(SessionModeStartupGuard.class);

	private final TenantAwareDataSource dataSource;

	private final String name;

	private final GuardMode mode;

	/**
	 * Creates a guard.
	 * @param dataSource the tenant-aware data source to check; only checked in SESSION mode
	 * @param name its bean name, for messages
	 * @param mode what a data source whose connections share sessions leads to
	 */
	public SessionModeStartupGuard(TenantAwareDataSource dataSource, String name, GuardMode mode) {
		this.dataSource = dataSource;
		this.name = name;
		this.mode = mode;
	}

	/**
	 * Runs the check and acts on it according to the mode.
	 * @return what showed that sessions are shared, or empty if nothing did or nothing was checked
	 * @throws IllegalStateException in {@link GuardMode#FAIL} when connections share sessions
	 */
	public Optional<String> check() {
		if (this.mode == GuardMode.OFF || this.dataSource.getMode() != TenantConnectionMode.SESSION) {
			return Optional.empty();
		}
		Optional<String> evidence;
		try {
			// the pool itself: a tenant-aware connection would set the tenant setting on every checkout
			evidence = SessionSharingProbe.sharedSessionEvidence(target());
		}
		catch (SQLException | RuntimeException ex) {
			logger.warn("Could not check whether the connections of DataSource '{}' share PostgreSQL sessions, as "
					+ "behind a transaction-pooling proxy, where tenancy.jpa.connection-mode=SESSION is unsafe: {}",
					this.name, ex.getMessage());
			return Optional.empty();
		}
		evidence.ifPresent(this::act);
		return evidence;
	}

	private void act(String evidence) {
		String message = "tenancy.jpa.connection-mode=SESSION is unsafe for DataSource '" + this.name + "': its "
				+ "connections share PostgreSQL sessions (" + evidence + "), as they do behind PgBouncer or another "
				+ "proxy in transaction or statement pooling mode. There, the tenant set for one connection's session "
				+ "is seen by whichever client's transaction runs on that session next, so another tenant, or code "
				+ "with no tenant, would read this tenant's rows. Use tenancy.jpa.connection-mode=TRANSACTION (the "
				+ "default), which sets the tenant inside each transaction, or put the proxy in session pooling mode. "
				+ "To start anyway, set tenancy.jpa.session-mode-guard=WARN.";
		if (this.mode == GuardMode.FAIL) {
			throw new IllegalStateException(message);
		}
		logger.warn(message);
	}

	private DataSource target() {
		DataSource target = this.dataSource.getTargetDataSource();
		return (target != null) ? target : this.dataSource;
	}

}
