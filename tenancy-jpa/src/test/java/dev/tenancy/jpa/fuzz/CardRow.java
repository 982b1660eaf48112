package dev.tenancy.jpa.fuzz;

import java.util.UUID;

/**
 * A card as read back, by any path, or as the model expects it.
 */
record CardRow(String tenantId, UUID id, UUID boardId, int seq, String title, int points) {

	CardRow withPoints(int points) {
		return new CardRow(this.tenantId, this.id, this.boardId, this.seq, this.title, points);
	}

}
