package dev.tenancy.jpa.fuzz;

import java.util.UUID;

/**
 * A board as read back, by any path, or as the model expects it.
 */
record BoardRow(String tenantId, UUID id, int seq, String name, String code, int revision) {

	BoardRow withName(String name) {
		return new BoardRow(this.tenantId, this.id, this.seq, name, this.code, this.revision);
	}

	BoardRow withRevision(int revision) {
		return new BoardRow(this.tenantId, this.id, this.seq, this.name, this.code, revision);
	}

}
