package dev.tenancy.jpa.fuzz;

import java.util.UUID;

import dev.tenancy.core.Placement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codes the operations make up for their own rows stay free in the tenant, even when another tenant's code of
 * the same shape was copied in (a run with seed 7989961110014227016 once failed on exactly that).
 */
class WriteOperationsTests {

	private final TenantModel model = new TenantModel(new FuzzTenant("shared-1", Placement.SHARED,
			new FuzzTenant.Location(FuzzServer.FIRST, "main", "public")));

	@Test
	void ownCodeIsThePrefixAndSeqWhenTheTenantDoesNotUseIt() {
		assertThat(WriteOperations.ownCode(this.model, "K-savepoint-", 52)).isEqualTo("K-savepoint-52");
	}

	@Test
	void ownCodeSkipsACodeCopiedFromAnotherTenant() {
		this.model.put(board("K-savepoint-52"));
		this.model.put(board("K-savepoint-52-2"));
		assertThat(WriteOperations.ownCode(this.model, "K-savepoint-", 52)).isEqualTo("K-savepoint-52-3");
	}

	private BoardRow board(String code) {
		return new BoardRow(this.model.id(), UUID.randomUUID(), this.model.takeBoardSeq(), "copied", code, 0);
	}

}
