package dev.tenancy.jpa.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the tenant catalog's source. Caching ({@code tenancy.catalog.cache-ttl} and
 * {@code tenancy.catalog.cache-maximum-size}) is configured in the core's properties and applies to every source.
 */
@ConfigurationProperties("tenancy.catalog")
public class TenancyCatalogProperties {

	/**
	 * Where tenants are listed: PROPERTIES reads them from tenancy.tenants, JDBC from the table tenancy.tenants
	 * of the primary database.
	 */
	private Type type = Type.PROPERTIES;

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	/**
	 * Sources of the tenant catalog.
	 */
	public enum Type {

		/** The fixed list under tenancy.tenants, for simple setups. */
		PROPERTIES,

		/** The control-plane table tenancy.tenants, changed at run time. */
		JDBC

	}

}
