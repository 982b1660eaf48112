package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface CardRepository extends JpaRepository<Card, UUID> {

	List<Card> findByPointsGreaterThanEqual(int points);

	@Modifying
	@Query("delete from Card c where c.points = :points")
	int deleteByPointsInBulk(int points);

	@Modifying
	@Query("update Card c set c.points = c.points + 1 where c.points = :points")
	int bumpPoints(int points);

}
