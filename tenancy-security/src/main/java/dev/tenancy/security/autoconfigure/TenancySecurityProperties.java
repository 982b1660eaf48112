package dev.tenancy.security.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
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

	private final Platform platform = new Platform();

	/**
	 * Token issuers trusted, by a name of your choice, each for named tenants or for every tenant. Set, each
	 * token is limited to the tenants its issuer is trusted for, and tokens of other issuers are refused.
	 */
	private final Map<String, Issuer> issuers = new LinkedHashMap<>();

	/**
	 * How long fetching a trusted issuer's discovery document or keys may take, to connect and to read.
	 */
	private Duration issuerTimeout = Duration.ofSeconds(5);

	/**
	 * How long a trusted issuer whose discovery document or keys could not be fetched is not asked again; its
	 * tokens are refused meanwhile.
	 */
	private Duration issuerRetryAfter = Duration.ofSeconds(10);

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

	public Platform getPlatform() {
		return this.platform;
	}

	public Map<String, Issuer> getIssuers() {
		return this.issuers;
	}

	public Duration getIssuerTimeout() {
		return this.issuerTimeout;
	}

	public void setIssuerTimeout(Duration issuerTimeout) {
		this.issuerTimeout = issuerTimeout;
	}

	public Duration getIssuerRetryAfter() {
		return this.issuerRetryAfter;
	}

	public void setIssuerRetryAfter(Duration issuerRetryAfter) {
		this.issuerRetryAfter = issuerRetryAfter;
	}

	/**
	 * A trusted token issuer.
	 */
	public static class Issuer {

		/**
		 * Issuer identifier, exactly as in the tokens' 'iss' claim; its keys are found through OpenID Connect
		 * discovery there unless jwk-set-uri is set.
		 */
		private @Nullable String issuerUri;

		/**
		 * URI of the issuer's JSON Web Key Set, when it is not found through discovery.
		 */
		private @Nullable String jwkSetUri;

		/**
		 * Tenants the issuer may issue tokens for: a tenant's own identity provider. Its tokens need not name the
		 * tenant when it is one.
		 */
		private List<String> tenants = new ArrayList<>();

		/**
		 * Whether the issuer may issue tokens for every tenant, naming them in the tenant claims: the platform's
		 * identity provider. Only its tokens can carry the platform authority; a tenant issuer's have it removed.
		 */
		private boolean allTenants;

		/**
		 * Audiences a token of the issuer must hold one of; none checked when empty.
		 */
		private List<String> audiences = new ArrayList<>();

		public @Nullable String getIssuerUri() {
			return this.issuerUri;
		}

		public void setIssuerUri(@Nullable String issuerUri) {
			this.issuerUri = issuerUri;
		}

		public @Nullable String getJwkSetUri() {
			return this.jwkSetUri;
		}

		public void setJwkSetUri(@Nullable String jwkSetUri) {
			this.jwkSetUri = jwkSetUri;
		}

		public List<String> getTenants() {
			return this.tenants;
		}

		public void setTenants(List<String> tenants) {
			this.tenants = tenants;
		}

		public boolean isAllTenants() {
			return this.allTenants;
		}

		public void setAllTenants(boolean allTenants) {
			this.allTenants = allTenants;
		}

		public List<String> getAudiences() {
			return this.audiences;
		}

		public void setAudiences(List<String> audiences) {
			this.audiences = audiences;
		}

	}

	/**
	 * Platform administrators working in tenants their tokens are not issued for.
	 */
	public static class Platform {

		/**
		 * Authority that makes a JWT authentication a platform administrator, who may select any tenant with the
		 * selection header and a reason; every such request is recorded in the audit trail first. For example
		 * 'SCOPE_tenancy.admin'. Not set, no token reaches a tenant it is not issued for.
		 */
		private @Nullable String authority;

		/**
		 * Name of the request header in which a platform administrator says why they work in a tenant.
		 */
		private String reasonHeader = "X-Access-Reason";

		/**
		 * Whether platform administrators may send requests other than GET, HEAD and OPTIONS into a tenant.
		 */
		private boolean allowWrites;

		public @Nullable String getAuthority() {
			return this.authority;
		}

		public void setAuthority(@Nullable String authority) {
			this.authority = authority;
		}

		public String getReasonHeader() {
			return this.reasonHeader;
		}

		public void setReasonHeader(String reasonHeader) {
			this.reasonHeader = reasonHeader;
		}

		public boolean isAllowWrites() {
			return this.allowWrites;
		}

		public void setAllowWrites(boolean allowWrites) {
			this.allowWrites = allowWrites;
		}

	}

}
