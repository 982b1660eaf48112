package dev.tenancy.benchmarks.app.handwritten;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the tenant from the verified token's {@code tenant_id} claim, after Spring Security, and keeps it on the
 * thread for the request; a token without one gets 403. What most applications write before they reach for a
 * library: no catalog, no status check, no database layer.
 */
class HandWrittenTenantFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String tenant = (authentication instanceof JwtAuthenticationToken jwt)
				? jwt.getToken().getClaimAsString("tenant_id") : null;
		if (tenant == null || tenant.isBlank()) {
			response.sendError(HttpServletResponse.SC_FORBIDDEN, "the token names no tenant");
			return;
		}
		CurrentTenant.set(tenant);
		try {
			chain.doFilter(request, response);
		}
		finally {
			CurrentTenant.set(null);
		}
	}

}
