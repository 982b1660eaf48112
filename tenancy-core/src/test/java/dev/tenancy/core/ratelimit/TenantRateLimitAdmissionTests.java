package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.Map;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.ratelimit.TenantRateLimiter.Decision;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class TenantRateLimitAdmissionTests {

	private static final Tenant ACME = Tenant.active("acme");

	private final ManualClock clock = new ManualClock();

	private final TenantRateLimitAdmission admission = new TenantRateLimitAdmission(new LocalTenantRateLimiter(
			new PropertiesTenantRateLimits(TenantRateLimit.of(2, Duration.ofMinutes(1)), Map.of()), 100, this.clock));

	@Test
	void aRequestTakesOneTokenHoweverOftenItIsDispatched() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects");
		this.admission.admit(request, ACME);
		request.setDispatcherType(DispatcherType.ASYNC);
		this.admission.admit(request, ACME);
		request.setDispatcherType(DispatcherType.ERROR);
		this.admission.admit(request, ACME);

		this.admission.admit(new MockHttpServletRequest("GET", "/api/projects"), ACME);
		assertRefused(new MockHttpServletRequest("GET", "/api/projects"));
	}

	@Test
	void aRequestOverTheLimitIsRefusedWithTenantRateLimitedAndWhenToRetry() {
		this.admission.admit(new MockHttpServletRequest(), ACME);
		this.admission.admit(new MockHttpServletRequest(), ACME);
		assertThat(assertRefused(new MockHttpServletRequest())).satisfies((ex) -> {
			assertThat(ex.getReason().status()).isEqualTo(429);
			assertThat(ex.getReason().slug()).isEqualTo("tenant-rate-limited");
			assertThat(ex.getTenant()).isEqualTo("acme");
			assertThat(ex.getMessage()).isEqualTo("Tenant 'acme' has sent more requests than its rate limit allows. "
					+ "Retry after 30 seconds.");
			assertThat(ex.getHeaders().get("Retry-After")).containsExactly("30");
		});
	}

	@Test
	void retryAfterIsInWholeSecondsRoundedUp() {
		assertThat(retryAfterFor(Duration.ofMillis(1))).isEqualTo("1");
		assertThat(retryAfterFor(Duration.ofSeconds(1))).isEqualTo("1");
		assertThat(retryAfterFor(Duration.ofSeconds(1).plusNanos(1))).isEqualTo("2");
		assertThat(retryAfterFor(Duration.ofMinutes(90))).isEqualTo("5400");
		assertThat(retryAfterFor(Duration.ZERO)).isEqualTo("1");
	}

	@Test
	void anExemptRequestTakesNoToken() {
		for (int i = 0; i < 10; i++) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			TenantRateLimitAdmission.exempt(request);
			assertThatNoException().isThrownBy(() -> this.admission.admit(request, ACME));
		}
		this.admission.admit(new MockHttpServletRequest(), ACME);
		this.admission.admit(new MockHttpServletRequest(), ACME);
		assertRefused(new MockHttpServletRequest());
	}

	private static String retryAfterFor(Duration wait) {
		TenantRateLimitAdmission refusing = new TenantRateLimitAdmission((tenant, traffic) -> Decision.refuse(wait));
		return assertThatExceptionOfType(TenantRejectedException.class)
			.isThrownBy(() -> refusing.admit(new MockHttpServletRequest(), ACME))
			.actual()
			.getHeaders()
			.getFirst("Retry-After");
	}

	private TenantRejectedException assertRefused(MockHttpServletRequest request) {
		return assertThatExceptionOfType(TenantRejectedException.class)
			.isThrownBy(() -> this.admission.admit(request, ACME))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.TENANT_RATE_LIMITED))
			.actual();
	}

}
