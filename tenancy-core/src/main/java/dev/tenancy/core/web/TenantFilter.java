package dev.tenancy.core.web;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantUnavailableException;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.catalog.TenantReadiness;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.resolve.TenantRejectedException;
import dev.tenancy.core.resolve.TenantRejectedException.Reason;
import dev.tenancy.core.resolve.TenantResolverChain;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Binds the request's tenant to {@link TenantContext} for the rest of the filter chain and clears it
 * afterwards, on every dispatch including errors.
 * <p>
 * Runs after Spring Security, so resolvers see the authenticated principal. On a path that needs a tenant,
 * a request that names none, names an unknown tenant or an inactive one is answered here with a
 * problem+json response and never reaches the application; so is one a {@link TenantRequestAdmission}
 * refuses. Tenant-free paths (health, the token endpoint, admin paths) pass through with no tenant bound.
 * <p>
 * A request an admission let read only ({@link TenantRequestAdmission#readOnly}) is bound read-only; one whose
 * write PostgreSQL then refuses, and which the application did not answer itself, gets
 * {@code tenant-access-denied} (403) instead of a server error.
 */
public class TenantFilter extends OncePerRequestFilter {

	/** The request attribute that holds the bound {@link Tenant}. */
	public static final String TENANT_ATTRIBUTE = TenantFilter.class.getName() + ".TENANT";

	private static final Logger logger = LoggerFactory.getLogger(TenantFilter.class);

	/** PostgreSQL's SQL state for a write refused in a read-only transaction. */
	private static final String READ_ONLY_SQL_TRANSACTION = "25006";

	private final TenantResolverChain resolvers;

	private final TenantCatalog catalog;

	private final List<PathPattern> tenantFreePaths;

	private final List<TenantReadiness> readinessChecks;

	private List<TenantRequestAdmission> admissions = List.of();

	private final ProblemResponseWriter problems = new ProblemResponseWriter();

	public TenantFilter(TenantResolverChain resolvers, TenantCatalog catalog, List<String> tenantFreePaths) {
		this(resolvers, catalog, tenantFreePaths, List.of());
	}

	public TenantFilter(TenantResolverChain resolvers, TenantCatalog catalog, List<String> tenantFreePaths,
			List<TenantReadiness> readinessChecks) {
		this.resolvers = resolvers;
		this.catalog = catalog;
		this.tenantFreePaths = tenantFreePaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.readinessChecks = List.copyOf(readinessChecks);
	}

	/**
	 * Sets the admissions asked, in order, after the tenant is found active and ready and before it is bound.
	 * @param admissions the admissions
	 */
	public void setAdmissions(List<? extends TenantRequestAdmission> admissions) {
		this.admissions = List.copyOf(admissions);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.REQUEST
				&& (TenantContext.current().isPresent() || TenantContext.isReadOnly())) {
			// a request starts with no tenant: this one was left on the pooled thread by a binding never closed
			logger.warn("Tenant '{}' was still bound to this thread when request {} {} began; it is cleared, "
					+ "not carried into the request or restored after it. Some earlier work on this thread bound "
					+ "a tenant without closing its binding.", TenantContext.current().orElse(null), request.getMethod(),
					request.getRequestURI());
			TenantContext.clear();
		}
		if (isTenantFree(request)) {
			try (TenantContext.Binding none = TenantContext.bind(null)) {
				chain.doFilter(request, response);
			}
			return;
		}
		Tenant tenant;
		try {
			tenant = resolveActiveTenant(request);
		}
		catch (TenantRejectedException ex) {
			if (request.getDispatcherType() == DispatcherType.ERROR || response.isCommitted()) {
				// An error page for a request already rejected or failed: render it without a tenant.
				try (TenantContext.Binding none = TenantContext.bind(null)) {
					chain.doFilter(request, response);
				}
				return;
			}
			logger.debug("Rejected request {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			this.problems.write(request, response, ex);
			return;
		}
		request.setAttribute(TENANT_ATTRIBUTE, tenant);
		boolean readOnly = TenantRequestAdmission.isReadOnly(request);
		try (TenantContext.Binding binding = TenantContext.bind(tenant.id(), readOnly)) {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (readOnly && !response.isCommitted() && isRefusedWrite(ex)) {
				logger.info("Refused a write of read-only request {} {} to tenant '{}'", request.getMethod(),
						request.getRequestURI(), tenant.id());
				this.problems.write(request, response, new TenantRejectedException(Reason.TENANT_ACCESS_DENIED,
						"This request may only read the data of tenant '" + tenant.id() + "', and the database "
								+ "refused what it tried: a write, or a statement outside a transaction.",
						tenant.id().value()));
				return;
			}
			TenantUnavailableException unavailable = findUnavailable(ex);
			if (unavailable == null || response.isCommitted()) {
				throw ex;
			}
			logger.warn("Tenant '{}' is unavailable: {}", tenant.id(), unavailable.getMessage());
			this.problems.write(request, response, new TenantRejectedException(Reason.TENANT_UNAVAILABLE,
					unavailable.getMessage(), tenant.id().value()));
		}
	}

	/** Whether PostgreSQL refused a write because the transaction was read-only (SQL state 25006). */
	private static boolean isRefusedWrite(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && READ_ONLY_SQL_TRANSACTION.equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable TenantUnavailableException findUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TenantUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

	private Tenant resolveActiveTenant(HttpServletRequest request) {
		Optional<TenantId> resolved = this.resolvers.resolve(request);
		if (resolved.isEmpty()) {
			throw new TenantRejectedException(Reason.TENANT_REQUIRED,
					"This endpoint serves tenant data and the request names no tenant. Use an access token "
							+ "issued for a tenant (it carries the tenant claim).");
		}
		TenantId id = resolved.get();
		Tenant tenant = lookUp(id)
			.orElseThrow(() -> new TenantRejectedException(Reason.UNKNOWN_TENANT,
					"Tenant '" + id + "' does not exist. Check the tenant id, or onboard the tenant first.",
					id.value()));
		if (!tenant.status().isServing()) {
			throw new TenantRejectedException(Reason.TENANT_NOT_ACTIVE, "Tenant '" + id + "' is "
					+ tenant.status() + " and is not served; an administrator must make it ACTIVE again.",
					id.value());
		}
		Optional<String> reason = notReadyReason(tenant);
		if (reason.isPresent()) {
			throw new TenantRejectedException(Reason.TENANT_UNAVAILABLE, reason.get(), id.value());
		}
		admit(request, tenant);
		return tenant;
	}

	/**
	 * Asks the admissions; one that fails refuses the request as unavailable, never lets it through, and so does
	 * a request that needed an admission none gave.
	 */
	private void admit(HttpServletRequest request, Tenant tenant) {
		for (TenantRequestAdmission admission : this.admissions) {
			try {
				admission.admit(request, tenant);
			}
			catch (TenantRejectedException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				logger.error("Could not admit request {} {} to tenant '{}'", request.getMethod(),
						request.getRequestURI(), tenant.id(), ex);
				throw notAdmitted(tenant);
			}
		}
		Set<String> required = TenantRequestAdmission.pending(request);
		if (!required.isEmpty()) {
			logger.error("Refused request {} {} to tenant '{}': it needs an admission ({}) that is not one of this "
					+ "filter's admissions", request.getMethod(), request.getRequestURI(), tenant.id(), required);
			throw notAdmitted(tenant);
		}
	}

	private static TenantRejectedException notAdmitted(Tenant tenant) {
		return new TenantRejectedException(Reason.TENANT_UNAVAILABLE, "Tenant '" + tenant.id()
				+ "' cannot be served right now: the request could not be admitted. Try again later.",
				tenant.id().value());
	}

	/** Looks the tenant up; a catalog that cannot be read (its database down) makes the tenant unavailable. */
	private Optional<Tenant> lookUp(TenantId id) {
		try {
			return this.catalog.find(id);
		}
		catch (TenantRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.error("Could not look up tenant '{}' in the tenant catalog", id, ex);
			throw new TenantRejectedException(Reason.TENANT_UNAVAILABLE, "Tenant '" + id + "' cannot be served "
					+ "right now: the tenant catalog could not be read. Try again later.", id.value());
		}
	}

	/** Asks the readiness checks; one that fails makes the tenant unavailable, as not being ready does. */
	private Optional<String> notReadyReason(Tenant tenant) {
		try {
			return TenantReadiness.firstReason(this.readinessChecks, tenant);
		}
		catch (TenantRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.error("Could not check whether tenant '{}' is ready to be served", tenant.id(), ex);
			return Optional.of("Tenant '" + tenant.id() + "' cannot be served right now: whether it is ready "
					+ "could not be checked. Try again later.");
		}
	}

	private boolean isTenantFree(HttpServletRequest request) {
		PathContainer container = pathWithinApplication(request);
		for (PathPattern pattern : this.tenantFreePaths) {
			if (pattern.matches(container)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The request's path within the application: the one Spring has parsed for this dispatch already (Spring
	 * Security's and Spring MVC's {@code ServletRequestPathFilter} keep it on the request), or parsed here.
	 */
	private static PathContainer pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
			RequestPath parsed = ServletRequestPathUtils.getParsedRequestPath(request);
			if (parsed.value().equals(uri) && parsed.contextPath().value().equals(request.getContextPath())) {
				return parsed.pathWithinApplication();
			}
		}
		return PathContainer.parsePath(uri.substring(request.getContextPath().length()));
	}

}
