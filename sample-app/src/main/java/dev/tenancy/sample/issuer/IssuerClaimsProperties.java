package dev.tenancy.sample.issuer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which tenant claims the development issuer puts into each client's access tokens.
 */
@ConfigurationProperties("sample.issuer")
public class IssuerClaimsProperties {

	/**
	 * Tenant claims by client id. A client that is not listed gets tokens without tenant claims.
	 */
	private Map<String, ClientClaims> clients = new LinkedHashMap<>();

	public Map<String, ClientClaims> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, ClientClaims> clients) {
		this.clients = clients;
	}

	/**
	 * The tenant claims of one client.
	 */
	public static class ClientClaims {

		/**
		 * Value of the "tenant_id" claim: the one tenant the client acts for.
		 */
		private @Nullable String tenantId;

		/**
		 * Value of the "tenants" claim: the tenants the client may choose from with the X-Tenant-ID header.
		 */
		private List<String> tenants = List.of();

		public @Nullable String getTenantId() {
			return this.tenantId;
		}

		public void setTenantId(@Nullable String tenantId) {
			this.tenantId = tenantId;
		}

		public List<String> getTenants() {
			return this.tenants;
		}

		public void setTenants(List<String> tenants) {
			this.tenants = tenants;
		}

	}

}
