package dev.tenancy.core.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

class TenantObservationFilterTests {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	TenantObservationFilterTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				TenantObservationFilterTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@Test
	void observationOfATenantsWorkCarriesTheTenantForTracesNotMetrics() {
		this.registry.observationConfig().observationFilter(new TenantObservationFilter(false));
		TenantContext.where("acme").run(() -> Observation.createNotStarted("work", this.registry).observe(() -> {
		}));
		Observation.Context context = this.stopped.get(0);
		assertThat(context.getHighCardinalityKeyValue(TenantObservationFilter.KEY))
			.isEqualTo(KeyValue.of("tenant.id", "acme"));
		assertThat(context.getLowCardinalityKeyValue(TenantObservationFilter.KEY)).isNull();
	}

	@Test
	void tagsMetricsWhenAskedTo() {
		this.registry.observationConfig().observationFilter(new TenantObservationFilter(true));
		TenantContext.where("acme").run(() -> Observation.createNotStarted("work", this.registry).observe(() -> {
		}));
		assertThat(this.stopped.get(0).getLowCardinalityKeyValue(TenantObservationFilter.KEY))
			.isEqualTo(KeyValue.of("tenant.id", "acme"));
	}

	@Test
	void observationOfWorkWithoutATenantGetsNoneForTraces() {
		this.registry.observationConfig().observationFilter(new TenantObservationFilter(false));
		Observation.createNotStarted("work", this.registry).observe(() -> {
		});
		assertThat(this.stopped.get(0).getHighCardinalityKeyValue(TenantObservationFilter.KEY)).isNull();
		assertThat(this.stopped.get(0).getLowCardinalityKeyValue(TenantObservationFilter.KEY)).isNull();
	}

	@Test
	void observationOfWorkWithoutATenantGetsNone() {
		this.registry.observationConfig().observationFilter(new TenantObservationFilter(true));
		Observation.createNotStarted("work", this.registry).observe(() -> {
		});
		assertThat(this.stopped.get(0).getHighCardinalityKeyValue(TenantObservationFilter.KEY)).isNull();
		assertThat(this.stopped.get(0).getLowCardinalityKeyValue(TenantObservationFilter.KEY))
			.as("tagged alike, so that the meter keeps one set of tag keys")
			.isEqualTo(KeyValue.of("tenant.id", "~"));
	}

	@Test
	void httpRequestObservationGetsTheTenantTheTenantFilterBound() throws Exception {
		this.registry.observationConfig().observationFilter(new TenantObservationFilter(true));
		TenantFilter tenantFilter = new TenantFilter(
				new TenantResolverChain(List.of(new HeaderTenantResolver("X-Tenant-ID"))),
				new PropertiesTenantCatalog(List.of(Tenant.active("acme"))), List.of("/actuator/**"));
		for (String path : List.of("/api/projects", "/actuator/health")) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
			request.addHeader("X-Tenant-ID", "acme");
			new MockFilterChain(new HttpServlet() {
			}, new ServerHttpObservationFilter(this.registry), tenantFilter)
				.doFilter(request, new MockHttpServletResponse());
		}
		assertThat(this.stopped).hasSize(2).allMatch(ServerRequestObservationContext.class::isInstance);
		assertThat(this.stopped.get(0).getLowCardinalityKeyValue(TenantObservationFilter.KEY))
			.isEqualTo(KeyValue.of("tenant.id", "acme"));
		assertThat(this.stopped.get(1).getLowCardinalityKeyValue(TenantObservationFilter.KEY)).as("tenant-free path")
			.isEqualTo(KeyValue.of("tenant.id", "~"));
		assertThat(TenantContext.current()).isEmpty();
	}

}
