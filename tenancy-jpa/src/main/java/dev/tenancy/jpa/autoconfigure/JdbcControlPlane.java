package dev.tenancy.jpa.autoconfigure;

import javax.sql.DataSource;

import dev.tenancy.jpa.catalog.JdbcTenantCatalog;

/**
 * The primary database's control plane for the JDBC catalog: the runtime and owner DataSources, made once, and
 * the catalog over them. The audit trail writes through the same owner DataSource, so that a catalog change and
 * its audit event can share a transaction.
 */
final class JdbcControlPlane {

	private final DataSource owner;

	private final JdbcTenantCatalog catalog;

	JdbcControlPlane(DataSource runtime, DataSource owner) {
		this.owner = owner;
		this.catalog = new JdbcTenantCatalog(runtime, owner);
	}

	DataSource owner() {
		return this.owner;
	}

	JdbcTenantCatalog catalog() {
		return this.catalog;
	}

}
