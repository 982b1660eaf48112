package dev.tenancy.core.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tenancy.core.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * Runs every resolver and returns the one tenant they agree on.
 * <p>
 * All resolvers run, not just the first that answers, so that a header or host naming another tenant than
 * the JWT is caught: two different answers reject the request with {@code tenant-conflict} (403). The chain
 * never chooses between them.
 */
public final class TenantResolverChain {

	private final List<TenantResolver> resolvers;

	public TenantResolverChain(List<? extends TenantResolver> resolvers) {
		List<TenantResolver> sorted = new ArrayList<>(resolvers);
		AnnotationAwareOrderComparator.sort(sorted);
		this.resolvers = List.copyOf(sorted);
	}

	/**
	 * Resolves the request's tenant.
	 * @param request the request
	 * @return the tenant all answering resolvers agree on, or empty if none answered
	 * @throws TenantRejectedException if a resolver rejects the request or two resolvers disagree
	 */
	public Optional<TenantId> resolve(HttpServletRequest request) {
		TenantId resolved = null;
		for (TenantResolver resolver : this.resolvers) {
			Optional<TenantId> candidate = resolver.resolve(request);
			if (candidate.isEmpty()) {
				continue;
			}
			if (resolved == null) {
				resolved = candidate.get();
			}
			else if (!resolved.equals(candidate.get())) {
				throw new TenantRejectedException(TenantRejectedException.Reason.TENANT_CONFLICT,
						"The request names two tenants ('" + resolved + "' and '" + candidate.get()
								+ "'); send only the tenant your credentials are for.");
			}
		}
		return Optional.ofNullable(resolved);
	}

	/**
	 * Returns the resolvers in the order they run.
	 * @return the resolvers
	 */
	public List<TenantResolver> getResolvers() {
		return this.resolvers;
	}

}
