package dev.tenancy.core.observation;

import java.util.Optional;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.web.TenantFilter;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Adds the tenant to each observation as it stops, under {@value #KEY}: the tenant bound on the stopping
 * thread, or, for an HTTP server request, the tenant the tenant filter bound to it (which is unbound again by
 * the time the request's observation stops). Observations of work with no tenant get none, or, when metrics are
 * tagged, {@value #NO_TENANT}.
 * <p>
 * As a high-cardinality key value (the default) the tenant reaches traces and the observations' log lines, not
 * metric tags: a tag per tenant multiplies every metric's time series by the number of tenants. As a
 * low-cardinality one it tags metrics too, which suits a handful of tenants. Thread-safe.
 */
public class TenantObservationFilter implements ObservationFilter {

	/** The key of the tenant's key value. */
	public static final String KEY = "tenant.id";

	/** The metric tag value of work with no tenant, which no tenant id can be. */
	public static final String NO_TENANT = "~";

	private final boolean lowCardinality;

	/**
	 * Creates the filter.
	 * @param lowCardinality whether the tenant is added as a low-cardinality key value, which metrics are tagged
	 * with, rather than a high-cardinality one
	 */
	public TenantObservationFilter(boolean lowCardinality) {
		this.lowCardinality = lowCardinality;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		Optional<TenantId> tenant = tenantOf(context);
		if (this.lowCardinality) {
			// a meter's time series all carry the same tag keys, so work with no tenant is tagged too
			context.addLowCardinalityKeyValue(KeyValue.of(KEY, tenant.map(TenantId::value).orElse(NO_TENANT)));
		}
		else if (tenant.isPresent()) {
			context.addHighCardinalityKeyValue(KeyValue.of(KEY, tenant.get().value()));
		}
		return context;
	}

	private static Optional<TenantId> tenantOf(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext request && request.getCarrier() != null
				&& request.getCarrier().getAttribute(TenantFilter.TENANT_ATTRIBUTE) instanceof Tenant tenant) {
			return Optional.of(tenant.id());
		}
		return TenantContext.current();
	}

}
