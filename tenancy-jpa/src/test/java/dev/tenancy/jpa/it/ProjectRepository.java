package dev.tenancy.jpa.it;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface ProjectRepository extends JpaRepository<Project, UUID> {

	List<Project> findByName(String name);

	Page<Project> findByNameStartingWith(String prefix, Pageable pageable);

	@Modifying
	@Query("update Project p set p.name = :name")
	int renameAll(String name);

	@Modifying
	@Query("delete from Project p where p.name = :name")
	int deleteByNameInBulk(String name);

	@Query(value = "select * from projects where name = :name", nativeQuery = true)
	List<Project> findByNameNatively(String name);

}
