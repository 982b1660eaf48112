package dev.tenancy.benchmarks.app.library;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ProjectRepository extends JpaRepository<Project, UUID> {

	/**
	 * A page of projects, counted with {@code count(*)}, as in every scenario: Spring Data's
	 * {@code findAll(Pageable)} counts {@code count(id)}, which only the key can answer, where {@code count(*)} scans
	 * the smaller index on the tenant alone.
	 */
	@Query(value = "select p from Project p", countQuery = "select count(*) from Project p")
	Page<Project> findPage(Pageable pageable);

}
