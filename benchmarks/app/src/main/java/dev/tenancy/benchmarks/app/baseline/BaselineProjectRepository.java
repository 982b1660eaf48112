package dev.tenancy.benchmarks.app.baseline;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface BaselineProjectRepository extends JpaRepository<BaselineProject, UUID> {

	/** A page of projects, queried and counted as in the other scenarios. */
	@Query(value = "select p from BaselineProject p", countQuery = "select count(*) from BaselineProject p")
	Page<BaselineProject> findPage(Pageable pageable);

}
