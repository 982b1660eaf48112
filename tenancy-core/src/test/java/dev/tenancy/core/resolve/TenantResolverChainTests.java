package dev.tenancy.core.resolve;

import java.util.List;
import java.util.Optional;

import dev.tenancy.core.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantResolverChainTests {

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@Test
	void agreeingResolversResolveTheTenant() {
		this.request.addHeader("X-Tenant-ID", "acme");
		this.request.setServerName("acme.example.com");
		TenantResolverChain chain = new TenantResolverChain(
				List.of(new HeaderTenantResolver("X-Tenant-ID"), new HostTenantResolver(".example.com")));
		assertThat(chain.resolve(this.request)).contains(TenantId.of("acme"));
	}

	@Test
	void disagreeingResolversAreRejectedWithConflict() {
		this.request.addHeader("X-Tenant-ID", "globex");
		this.request.setServerName("acme.example.com");
		TenantResolverChain chain = new TenantResolverChain(
				List.of(new HostTenantResolver("example.com"), new HeaderTenantResolver("X-Tenant-ID")));
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> chain.resolve(this.request))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TenantRejectedException.Reason.TENANT_CONFLICT));
	}

	@Test
	void resolversRunInOrderAndAllRun() {
		TenantResolver late = new OrderedResolver(500, "globex");
		TenantResolver early = new OrderedResolver(-500, "acme");
		TenantResolverChain chain = new TenantResolverChain(List.of(late, early));
		assertThat(chain.getResolvers()).containsExactly(early, late);
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> chain.resolve(this.request));
	}

	@Test
	void noAnswerResolvesNothing() {
		this.request.setServerName("localhost");
		TenantResolverChain chain = new TenantResolverChain(
				List.of(new HeaderTenantResolver("X-Tenant-ID"), new HostTenantResolver(".example.com")));
		assertThat(chain.resolve(this.request)).isEmpty();
	}

	@Test
	void invalidHeaderIsRejectedAsInvalidTenantId() {
		this.request.addHeader("X-Tenant-ID", "ACME' OR 1=1");
		TenantResolverChain chain = new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID")));
		assertThatExceptionOfType(TenantRejectedException.class).isThrownBy(() -> chain.resolve(this.request))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(TenantRejectedException.Reason.INVALID_TENANT_ID));
	}

	private record OrderedResolver(int order, String tenant)
			implements TenantResolver, org.springframework.core.Ordered {

		@Override
		public Optional<TenantId> resolve(jakarta.servlet.http.HttpServletRequest request) {
			return Optional.of(TenantId.of(this.tenant));
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

}
