package dev.tenancy.jpa.fuzz;

import dev.tenancy.core.Placement;
import dev.tenancy.core.StorageNames;
import dev.tenancy.core.TenantId;

/**
 * One tenant of the fuzz run and where its rows live.
 * @param id the tenant id
 * @param placement its placement
 * @param location the database and schema holding its rows
 */
record FuzzTenant(String id, Placement placement, Location location) {

	/** The prefix of every name and title this tenant writes. */
	String prefix() {
		return this.id + ":";
	}

	static String schemaOf(String id) {
		return StorageNames.derive(TenantId.of(id));
	}

	/**
	 * A database on one server and a schema in it: the public schema of the shared database, a SCHEMA
	 * tenant's schema there, or the public schema of a DATABASE tenant's own database.
	 */
	record Location(FuzzServer server, String database, String schema) {

		String table(String table) {
			return StorageNames.quote(this.schema) + "." + table;
		}

		@Override
		public String toString() {
			return this.server.placementName() + "/" + this.database + "/" + this.schema;
		}

	}

}
