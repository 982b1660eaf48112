package dev.tenancy.jpa.fuzz;

import java.util.UUID;

import dev.tenancy.core.context.TenantContext;
import jakarta.persistence.Query;
import org.jspecify.annotations.Nullable;

/**
 * Attacks on other tenants through Hibernate: entities set to another tenant, another tenant's detached
 * entity merged, JPQL that moves rows or inserts them for another tenant, and a reference to another tenant's
 * board. Each must be refused or change nothing; both tenants are verified afterwards.
 */
final class EntityAttackOperations {

	private final FuzzContext context;

	EntityAttackOperations(FuzzContext context) {
		this.context = context;
	}

	void run(Operation op) {
		switch (op.kind()) {
			case JPQL_INSERT -> jpqlInsert(op, false);
			case JPQL_INSERT_FOR_OTHER -> jpqlInsert(op, true);
			case PLANT_FOR_OTHER -> plantForOther(op);
			case MERGE_OTHERS_ENTITY -> mergeOthersEntity(op);
			case MOVE_TO_OTHER_JPQL -> moveToOtherJpql(op);
			case FOREIGN_KEY_ENTITY -> foreignKeyEntity(op);
			default -> throw new IllegalArgumentException("not an attack through Hibernate: " + op.kind());
		}
	}

	/**
	 * A JPQL insert: without a tenant it may only ever write the tenant's own row; naming another tenant it must
	 * be refused, like an entity set to another tenant.
	 */
	private void jpqlInsert(Operation op, boolean forOther) {
		TenantModel self = this.context.self(op);
		String code = WriteOperations.freeCode(self, op.a());
		if (code == null) {
			return;
		}
		UUID id = FuzzContext.uuid(op.b(), op.c());
		if (self.ownsBoard(id)) {
			return;
		}
		int seq = self.takeBoardSeq();
		String name = self.label("insert");
		Object[] inserted = new Object[1];
		String jpql = forOther
				? "insert into Board (id, tenantId, seq, name, code, revision) values (:id, :tenant, :seq, :name, :code, 0)"
				: "insert into Board (id, seq, name, code, revision) values (:id, :seq, :name, :code, 0)";
		Throwable refused = this.context.attempt(() -> inserted[0] = this.context.inTransaction(op, () -> {
			Query insert = this.context.app.entityManager.createQuery(jpql);
			if (forOther) {
				insert.setParameter("tenant", op.other());
			}
			return insert.setParameter("id", id)
				.setParameter("seq", seq)
				.setParameter("name", name)
				.setParameter("code", code)
				.executeUpdate();
		}));
		if (forOther) {
			expectRefused(op, refused, "a JPQL insert naming another tenant");
			return;
		}
		// Hibernate does not stamp the tenant on JPQL inserts: the NOT NULL tenant_id refuses them, which is
		// safe; if one goes through, it must have written the tenant's own row
		if (refused == null) {
			this.context.checker.count(op, "rows inserted", (Integer) inserted[0], 1);
			self.put(new BoardRow(self.id(), id, seq, name, code, 0));
		}
		this.context.verifySelf(op);
	}

	private void plantForOther(Operation op) {
		TenantModel self = this.context.self(op);
		String code = WriteOperations.freeCode(self, op.a());
		int seq = self.takeBoardSeq();
		String name = self.label("plant");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			Board board = new Board(seq, name, (code != null) ? code : "K-plant");
			board.setTenantId(op.other());
			this.context.app.entityManager.persist(board);
			this.context.app.entityManager.flush();
			return null;
		}));
		expectRefused(op, refused, "an entity explicitly set to another tenant was saved");
	}

	private void mergeOthersEntity(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		Board detached = TenantContext.where(op.other())
			.get(() -> this.context.app.tx
				.execute((status) -> this.context.app.boards.findById(theirs.id()).orElse(null)));
		if (detached == null) {
			this.context.checker.failure(op, "the other tenant's board " + theirs + " was not found as that tenant");
			return;
		}
		detached.setName(self.label("merge"));
		Throwable refused = this.context
			.attempt(() -> this.context.inTransaction(op, () -> this.context.app.boards.saveAndFlush(detached)));
		expectRefused(op, refused, "another tenant's detached entity was merged");
	}

	private void moveToOtherJpql(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow mine = self.pickBoard(op.a());
		if (mine == null) {
			return;
		}
		String name = self.label("move");
		Object[] moved = new Object[1];
		Throwable refused = this.context.attempt(() -> moved[0] = this.context.inTransaction(op,
				() -> this.context.app.entityManager
					.createQuery("update Board b set b.tenantId = :other, b.name = :name where b.id = :id")
					.setParameter("other", op.other())
					.setParameter("name", name)
					.setParameter("id", mine.id())
					.executeUpdate()));
		if (refused == null && ((Integer) moved[0]) > 0) {
			this.context.checker.leak(op, "JPQL moved " + moved[0] + " own row(s) to tenant " + op.other() + ": " + mine);
		}
		this.context.verifyBoth(op);
	}

	private void foreignKeyEntity(Operation op) {
		TenantModel self = this.context.self(op);
		BoardRow theirs = this.context.other(op).pickBoard(op.a());
		if (theirs == null || self.ownsBoard(theirs.id())) {
			return;
		}
		int seq = self.takeCardSeq();
		String title = self.label("fk");
		Throwable refused = this.context.attempt(() -> this.context.inTransaction(op, () -> {
			Card card = new Card(this.context.app.entityManager.getReference(Board.class, theirs.id()), seq, title, 0);
			this.context.app.entityManager.persist(card);
			this.context.app.entityManager.flush();
			return null;
		}));
		if (refused == null) {
			this.context.checker.leak(op, "a card referencing another tenant's board " + theirs + " was accepted");
		}
		this.context.verifyBoth(op);
	}

	/** After an attack that must be refused: verifies both tenants, and fails if it went through unnoticed. */
	private void expectRefused(Operation op, @Nullable Throwable refused, String what) {
		boolean clean = this.context.verifyBoth(op);
		if (refused == null && clean) {
			this.context.checker.failure(op, what + " without being refused, though nothing changed");
		}
	}

}
