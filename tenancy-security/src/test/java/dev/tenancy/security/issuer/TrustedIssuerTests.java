package dev.tenancy.security.issuer;

import java.util.List;
import java.util.TreeSet;

import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedIssuerTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	@Test
	void tenantIssuerTrustsItsTenantsOnly() {
		TrustedIssuer acme = TrustedIssuer.forTenants("https://acme.example", List.of(ACME));
		assertThat(acme.trusts(ACME)).isTrue();
		assertThat(acme.trusts(GLOBEX)).isFalse();
		assertThat(acme.isTenantIssuer()).isTrue();
	}

	@Test
	void platformIssuerTrustsEveryTenant() {
		TrustedIssuer platform = TrustedIssuer.forAllTenants("https://login.example");
		assertThat(platform.trusts(ACME)).isTrue();
		assertThat(platform.trusts(GLOBEX)).isTrue();
		assertThat(platform.isTenantIssuer()).isFalse();
	}

	@Test
	void issuerMustBeTrustedForNamedTenantsOrForEveryTenant() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrustedIssuer("https://idp.example", null, new TreeSet<>(), false, List.of()))
			.withMessageContaining("not neither");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrustedIssuer("https://idp.example", null, new TreeSet<>(List.of(ACME)), true,
					List.of()))
			.withMessageContaining("not both");
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedIssuer.forAllTenants(" "));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrustedIssuer("https://idp.example", " ", new TreeSet<>(), true, List.of()));
	}

	@Test
	void tenantIssuersFindsEachIssuerByItsIdentifier() {
		TenantIssuers issuers = TenantIssuers.of(List.of(
				TrustedIssuer.forTenants("https://acme.example", List.of(ACME)),
				TrustedIssuer.forAllTenants("https://login.example")));
		assertThat(issuers.find("https://acme.example"))
			.hasValueSatisfying((acme) -> assertThat(acme.tenants()).containsExactly(ACME));
		assertThat(issuers.find("https://login.example")).get().extracting(TrustedIssuer::allTenants)
			.isEqualTo(true);
		assertThat(issuers.find("https://acme.example/")).isEmpty();
	}

	@Test
	void tenantIssuersRefuseAnIssuerTrustedTwice() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantIssuers.of(List.of(TrustedIssuer.forTenants("https://idp.example", List.of(ACME)),
					TrustedIssuer.forTenants("https://idp.example", List.of(GLOBEX)))))
			.withMessageContaining("'https://idp.example' is trusted twice");
	}

}
