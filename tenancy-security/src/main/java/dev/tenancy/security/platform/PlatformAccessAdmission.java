package dev.tenancy.security.platform;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.audit.PlatformAccessLog;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;

/**
 * Records a platform administrator's request into a tenant, noted by {@link PlatformAccess}, in the
 * {@link PlatformAccessLog} before the tenant filter lets it through: once per request, with the administrator,
 * the reason and what the request is.
 * <p>
 * A request whose access cannot be recorded is refused ({@code tenant-unavailable}, 503, through the tenant
 * filter); nothing unrecorded reaches the tenant. Unless administrators may write, the request is let in read-only
 * ({@link TenantRequestAdmission#readOnly}). Requests from the tenant's own members pass untouched.
 * Thread-safe.
 */
public final class PlatformAccessAdmission implements TenantRequestAdmission, Ordered {

	/** Its order among the tenant filter's admissions: after the token's membership is checked. */
	public static final int ORDER = 100;

	/** The name this admission marks requests with ({@link TenantRequestAdmission#require}). */
	public static final String NAME = PlatformAccessAdmission.class.getName();

	static final String RECORDED_ATTRIBUTE = PlatformAccessAdmission.class.getName() + ".RECORDED";

	private static final Logger logger = LoggerFactory.getLogger(PlatformAccessAdmission.class);

	private final PlatformAccessLog log;

	/**
	 * Creates the admission.
	 * @param log where platform access is recorded
	 */
	public PlatformAccessAdmission(PlatformAccessLog log) {
		this.log = log;
	}

	@Override
	public void admit(HttpServletRequest request, Tenant tenant) {
		if (!(request.getAttribute(PlatformAccess.REQUEST_ATTRIBUTE) instanceof PlatformAccessRequest access)) {
			return;
		}
		if (!access.tenant().equals(tenant.id())) {
			throw new IllegalStateException("The platform access noted on this request is for tenant '"
					+ access.tenant() + "', and the request was resolved to tenant '" + tenant.id() + "'");
		}
		// asynchronous and error dispatches of a request already recorded, for this tenant, add nothing
		if (!tenant.id().equals(request.getAttribute(RECORDED_ATTRIBUTE))) {
			this.log.record(access.tenant(), access.actor(), access.reason(), access.detail());
			request.setAttribute(RECORDED_ATTRIBUTE, tenant.id());
			logger.info("Platform access to tenant '{}' by '{}' recorded: {} ({})", access.tenant(), access.actor(),
					access.reason(), access.detail());
		}
		if (access.readOnly()) {
			TenantRequestAdmission.readOnly(request);
		}
		TenantRequestAdmission.fulfil(request, NAME);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
