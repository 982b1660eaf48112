package dev.tenancy.jpa.connection;

/**
 * How long the tenant setting lives on a PostgreSQL connection.
 */
public enum TenantConnectionMode {

	/**
	 * {@code set_config('app.tenant_id', ?, true)} at the start of each transaction: the setting ends with
	 * the transaction, so it never outlives its use, also behind PgBouncer in transaction pooling mode.
	 * Statements run in autocommit carry no tenant and see no tenant rows: run tenant work in transactions.
	 */
	TRANSACTION,

	/**
	 * {@code set_config('app.tenant_id', ?, false)} when the connection is handed out, reset when it is
	 * returned. Works for autocommit statements too, but is unsafe behind PgBouncer transaction pooling,
	 * where the session belongs to whoever runs the next transaction; {@link SessionModeStartupGuard} refuses
	 * to start when it finds connections sharing sessions.
	 */
	SESSION

}
