package dev.tenancy.sample.project;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TaskRepository extends JpaRepository<Task, UUID> {

	List<Task> findByProjectIdOrderById(UUID projectId);

	/**
	 * Finds tasks whose title contains the pattern's text.
	 * <p>
	 * Native SQL: Hibernate adds no tenant predicate here (its {@code @TenantId} filter covers HQL, criteria
	 * and entity loads only), so the only thing scoping this query to the caller's tenant is PostgreSQL
	 * row-level security, which sees {@code app.tenant_id} because the query runs in a transaction.
	 * @param pattern a LIKE pattern whose wildcards have been escaped with a backslash
	 * @return the matching tasks of the current tenant
	 */
	@Query(value = "select * from tasks where title like :pattern escape '\\' order by title, id", nativeQuery = true)
	List<Task> searchByTitleNatively(String pattern);

	/**
	 * Marks every open task done in one bulk JPQL update, which Hibernate restricts to the current tenant
	 * (and row-level security restricts again).
	 * @return the number of tasks updated
	 */
	@Modifying
	@Query("update Task t set t.done = true where t.done = false")
	int completeAll();

}
