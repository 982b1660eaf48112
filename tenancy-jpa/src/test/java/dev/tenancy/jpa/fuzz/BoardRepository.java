package dev.tenancy.jpa.fuzz;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface BoardRepository extends JpaRepository<Board, UUID> {

	List<Board> findByCode(String code);

	List<Board> findByRevisionGreaterThanEqualOrderBySeq(int revision);

	long countByNameStartingWith(String prefix);

	Page<Board> findByNameStartingWith(String prefix, Pageable pageable);

	@Modifying
	@Query("update Board b set b.revision = b.revision + 1, b.name = :name where b.code in :codes")
	int renameByCodes(String name, Collection<String> codes);

	@Modifying
	@Query("update Board b set b.revision = b.revision + 1 where b.id = :id")
	int bumpRevision(UUID id);

	@Modifying
	@Query("delete from Board b where b.code in :codes")
	int deleteByCodesInBulk(Collection<String> codes);

	@Query(value = "select * from fuzz_boards where code = :code", nativeQuery = true)
	List<Board> findByCodeNatively(String code);

}
