package dev.tenancy.benchmarks.app.handwritten;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Every query names the tenant itself; forgetting it in one query is the bug this style invites.
 */
interface HandWrittenProjectRepository extends JpaRepository<HandWrittenProject, UUID> {

	@Query("select p from HandWrittenProject p where p.tenantId = :tenant and p.id = :id")
	Optional<HandWrittenProject> findForTenant(String tenant, UUID id);

	@Query(value = "select p from HandWrittenProject p where p.tenantId = :tenant",
			countQuery = "select count(*) from HandWrittenProject p where p.tenantId = :tenant")
	Page<HandWrittenProject> findAllForTenant(String tenant, Pageable pageable);

}
