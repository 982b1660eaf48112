package dev.tenancy.core.resolve;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HeaderTenantResolverTests {

	private final HeaderTenantResolver resolver = new HeaderTenantResolver("X-Tenant-ID");

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@Test
	void readsTheTenantTheHeaderNames() {
		this.request.addHeader("X-Tenant-ID", "acme");
		assertThat(this.resolver.resolve(this.request)).contains(TenantId.of("acme"));
	}

	@Test
	void namesNoTenantWithoutTheHeader() {
		assertThat(this.resolver.resolve(this.request)).isEmpty();
	}

	@Test
	void headerRepeatedWithDifferentTenantsIsRejectedWithConflictNotSettledByTheFirst() {
		// a proxy that appends its own copy leaves the client's first
		this.request.addHeader("X-Tenant-ID", "acme");
		this.request.addHeader("X-Tenant-ID", "globex");
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> this.resolver.resolve(this.request))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TENANT_CONFLICT))
			.withMessageContaining("header 'X-Tenant-ID' more than once, naming tenants 'acme' and 'globex'")
			.withMessageContaining("send it once");
	}

	@Test
	void headerRepeatedWithTheSameTenantResolvesIt() {
		this.request.addHeader("X-Tenant-ID", "acme");
		this.request.addHeader("X-Tenant-ID", "acme");
		assertThat(this.resolver.resolve(this.request)).contains(TenantId.of("acme"));
	}

	@Test
	void anInvalidCopyOfARepeatedHeaderIsRejectedAsInvalidTenantId() {
		this.request.addHeader("X-Tenant-ID", "acme");
		this.request.addHeader("X-Tenant-ID", "ACME' OR 1=1");
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> this.resolver.resolve(this.request))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.INVALID_TENANT_ID));
	}

}
