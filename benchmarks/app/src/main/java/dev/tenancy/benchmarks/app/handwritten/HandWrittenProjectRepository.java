package dev.tenancy.benchmarks.app.handwritten;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/**
 * Every query names the tenant itself; forgetting it in one query is the bug this style invites.
 */
interface HandWrittenProjectRepository
		extends JpaRepository<HandWrittenProject, UUID>, JpaSpecificationExecutor<HandWrittenProject> {

	@Query("select p from HandWrittenProject p where p.tenantId = :tenant and p.id = :id")
	Optional<HandWrittenProject> findForTenant(String tenant, UUID id);

	@Query(value = "select p from HandWrittenProject p where p.tenantId = :tenant",
			countQuery = "select count(*) from HandWrittenProject p where p.tenantId = :tenant")
	Page<HandWrittenProject> findAllForTenant(String tenant, Pageable pageable);

	/**
	 * The tenant's projects as a criteria query, which Hibernate translates on every call, as it does the
	 * baseline's and the library's {@code findAll(Pageable)}; {@link #findAllForTenant} is translated once.
	 */
	static Specification<HandWrittenProject> ofTenant(String tenant) {
		return (root, query, criteria) -> criteria.equal(root.get("tenantId"), tenant);
	}

}
