package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Rate limits through the tenant filter and Spring MVC, as a client sees them.
 */
class TenantRateLimitFilterTests {

	private final ManualClock clock = new ManualClock();

	private final List<DispatcherType> admittedDispatches = new ArrayList<>();

	private final MockMvc mvc = mvc(TenantRateLimit.of(2, Duration.ofMinutes(1)));

	@Test
	void aTenantOverItsLimitGetsTooManyRequestsAsAProblemWithRetryAfter() throws Exception {
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isOk());
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isOk());
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "30"))
			.andExpect(jsonPath("$.type").value("https://tenancy.dev/problems/tenant-rate-limited"))
			.andExpect(jsonPath("$.title").value("Tenant rate limit exceeded"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.tenant").value("acme"))
			.andExpect(jsonPath("$.instance").value("/api/projects"))
			.andExpect(jsonPath("$.detail").value("Tenant 'acme' has sent more requests than its rate limit allows. "
					+ "Retry after 30 seconds."));

		this.clock.advance(Duration.ofSeconds(30));
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme"))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Retry-After"));
	}

	@Test
	void anotherTenantIsUnaffected() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme"));
		}
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "globex"))
			.andExpect(status().isOk())
			.andExpect(content().string("projects of globex"));
	}

	@Test
	void trafficNobodyVouchesForCannotUseUpTheMembersLimit() throws Exception {
		MockMvc mvc = mvc(TenantRateLimit.of(2, Duration.ofMinutes(1)), (request, tenant) -> {
			if (request.getHeader("X-Member") != null) {
				TenantRequestAdmission.verifiedMember(request);
			}
		});
		for (int i = 0; i < 5; i++) {
			mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme"));
		}
		mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isTooManyRequests());
		mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme").header("X-Member", "yes"))
			.andExpect(status().isOk());
		mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme").header("X-Member", "yes"))
			.andExpect(status().isOk());
		mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme").header("X-Member", "yes"))
			.andExpect(status().isTooManyRequests());
	}

	@Test
	void anAsynchronousRequestTakesOneTokenForBothItsDispatches() throws Exception {
		MvcResult started = this.mvc.perform(get("/api/report").header("X-Tenant-ID", "acme"))
			.andExpect(request().asyncStarted())
			.andReturn();
		this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andExpect(content().string("report"));
		assertThat(this.admittedDispatches).containsExactly(DispatcherType.REQUEST, DispatcherType.ASYNC);

		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isOk());
		this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "acme")).andExpect(status().isTooManyRequests());
	}

	@Test
	void requestsRefusedBeforeAdmissionTakeNoToken() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "nosuchco")).andExpect(status().isForbidden());
			this.mvc.perform(get("/api/projects").header("X-Tenant-ID", "hooli")).andExpect(status().is(423));
		}
		assertThat(this.admittedDispatches).isEmpty();
	}

	private MockMvc mvc(TenantRateLimit limit) {
		return mvc(limit, (request, tenant) -> {
		});
	}

	private MockMvc mvc(TenantRateLimit limit, TenantRequestAdmission membership) {
		TenantFilter filter = new TenantFilter(
				new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
				new PropertiesTenantCatalog(List.of(Tenant.active("acme"), Tenant.active("globex"),
						Tenant.active("hooli").withStatus(TenantStatus.SUSPENDED))),
				List.of("/actuator/**"));
		TenantRequestAdmission recording = (request, tenant) -> this.admittedDispatches
			.add(request.getDispatcherType());
		filter.setAdmissions(List.of(membership, new TenantRateLimitAdmission(new LocalTenantRateLimiter(
				new PropertiesTenantRateLimits(limit, Map.of()), 100, this.clock)), recording));
		return MockMvcBuilders.standaloneSetup(new Projects()).addFilters(filter).build();
	}

	@RestController
	static class Projects {

		@GetMapping("/api/projects")
		String projects() {
			return "projects of " + TenantContext.current().map(TenantId::value).orElse("nobody");
		}

		@GetMapping("/api/report")
		Callable<String> report() {
			return () -> "report";
		}

	}

}
