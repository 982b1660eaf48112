package dev.tenancy.security.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of tenant resolution from JWT authentications.
 */
@ConfigurationProperties("tenancy.security")
public class TenancySecurityProperties {

	/**
	 * Whether the tenant is taken from JWT authentications.
	 */
	private boolean enabled = true;

	/**
	 * Name of the claim that holds the one tenant an access token is issued for.
	 */
	private String tenantClaim = "tenant_id";

	/**
	 * Name of the claim that holds the array of tenants an access token is issued for, when a principal
	 * belongs to several.
	 */
	private String tenantsClaim = "tenants";

	/**
	 * Name of the request header that selects one of the tenants an access token is issued for.
	 */
	private String selectionHeader = "X-Tenant-ID";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTenantClaim() {
		return this.tenantClaim;
	}

	public void setTenantClaim(String tenantClaim) {
		this.tenantClaim = tenantClaim;
	}

	public String getTenantsClaim() {
		return this.tenantsClaim;
	}

	public void setTenantsClaim(String tenantsClaim) {
		this.tenantsClaim = tenantsClaim;
	}

	public String getSelectionHeader() {
		return this.selectionHeader;
	}

	public void setSelectionHeader(String selectionHeader) {
		this.selectionHeader = selectionHeader;
	}

}
