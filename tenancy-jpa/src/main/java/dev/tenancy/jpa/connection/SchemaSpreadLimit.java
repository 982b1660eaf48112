package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Bounds how many tenant schemas one physical connection serves. Each PostgreSQL backend caches the catalog
 * entries of every relation it touches and never gives them back (about 17 kB per table; 170 MB after one table
 * in each of 10,000 schemas), so a connection that has served more than the limit is retired from its pool
 * when it is next returned ({@link PooledConnections#retire}), and the pool opens a fresh one.
 */
final class SchemaSpreadLimit {

	private final int maxSchemas;

	/** Keyed by the driver's connection, which stays the same while the pool hands it out again and again. */
	private final Map<Connection, Set<String>> schemasByConnection = new WeakHashMap<>();

	SchemaSpreadLimit(int maxSchemas) {
		this.maxSchemas = maxSchemas;
	}

	/**
	 * Records that a connection serves a schema.
	 * @param connection the pooled connection
	 * @param schema the SCHEMA tenant's search path, which names its schema
	 * @return whether the connection has now served more schemas than the limit and must be retired after use
	 */
	boolean record(Connection connection, String schema) throws SQLException {
		if (this.maxSchemas <= 0) {
			return false;
		}
		Connection physical = connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
		synchronized (this.schemasByConnection) {
			Set<String> schemas = this.schemasByConnection.computeIfAbsent(physical, (key) -> new HashSet<>());
			schemas.add(schema);
			if (schemas.size() > this.maxSchemas) {
				this.schemasByConnection.remove(physical);
				return true;
			}
			return false;
		}
	}

}
