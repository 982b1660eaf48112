package dev.tenancy.jpa.connection;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out connections that carry the tenant bound when they were taken to PostgreSQL, as the setting
 * {@code app.tenant_id} that row-level security policies read.
 * <p>
 * The tenant is set through {@code set_config(?, ?, is_local)} with bound parameters, never concatenated.
 * A connection taken with no tenant bound carries none, so policies comparing against
 * {@code NULLIF(current_setting('app.tenant_id', true), '')} return no rows. The tenant is fixed for the
 * life of the connection handle: binding another tenant while holding it changes nothing.
 */
public class TenantAwareDataSource extends DelegatingDataSource {

	/** The PostgreSQL setting that carries the tenant. */
	public static final String DEFAULT_SETTING_NAME = "app.tenant_id";

	private final TenantConnectionMode mode;

	private final String settingName;

	private final AtomicBoolean autocommitWarningLogged = new AtomicBoolean();

	public TenantAwareDataSource(DataSource targetDataSource, TenantConnectionMode mode, String settingName) {
		super(targetDataSource);
		if (!settingName.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
			throw new IllegalArgumentException("setting name '" + settingName
					+ "' must be a custom PostgreSQL setting of the form prefix.name, for example app.tenant_id");
		}
		this.mode = mode;
		this.settingName = settingName;
	}

	public TenantAwareDataSource(DataSource targetDataSource) {
		this(targetDataSource, TenantConnectionMode.TRANSACTION, DEFAULT_SETTING_NAME);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return wrap(obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return wrap(obtainTargetDataSource().getConnection(username, password));
	}

	/**
	 * Returns how long the tenant setting lives on a connection.
	 * @return the mode
	 */
	public TenantConnectionMode getMode() {
		return this.mode;
	}

	/**
	 * Returns the name of the PostgreSQL setting that carries the tenant.
	 * @return the setting name
	 */
	public String getSettingName() {
		return this.settingName;
	}

	private Connection wrap(Connection connection) throws SQLException {
		TenantId tenant = TenantContext.current().orElse(null);
		TenantBoundConnection handler = new TenantBoundConnection(connection, tenant, this.mode, this.settingName,
				this.autocommitWarningLogged);
		try {
			handler.onCheckout();
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return (Connection) Proxy.newProxyInstance(TenantAwareDataSource.class.getClassLoader(),
				new Class<?>[] { Connection.class, TenantBoundConnection.Marker.class }, handler);
	}

	static @Nullable String valueOf(@Nullable TenantId tenant) {
		return (tenant != null) ? tenant.value() : null;
	}

}
