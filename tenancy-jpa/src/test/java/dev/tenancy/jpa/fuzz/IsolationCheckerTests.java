package dev.tenancy.jpa.fuzz;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker itself: fed results that leak, it must say so, or the fuzz suite could not fail.
 */
class IsolationCheckerTests {

	private static final long SEED = 42;

	private final IsolationChecker checker = new IsolationChecker(SEED);

	private final Operation op = new Operation(7, 0, OperationKind.JPQL_FILTER, "acme", "globex", 1, 2, 3);

	private final BoardRow acme = new BoardRow("acme", UUID.randomUUID(), 1, "acme:b1", "K1", 0);

	private final BoardRow globex = new BoardRow("globex", UUID.randomUUID(), 1, "globex:b1", "K1", 0);

	@Test
	void exactlyTheOwnRowsAreNeitherLeakNorFailure() {
		assertThat(this.checker.boards(this.op, "acme", List.of(this.acme), List.of(this.acme))).isTrue();
		assertThat(this.checker.leaks()).isZero();
		assertThat(this.checker.failures()).isZero();
	}

	@Test
	void aRowOfAnotherTenantIsALeak() {
		assertThat(this.checker.boards(this.op, "acme", List.of(this.acme, this.globex), List.of(this.acme))).isFalse();
		assertThat(this.checker.leaks()).isOne();
		assertThat(this.checker.leaksByPath()).containsEntry("JPQL", 1);
		assertThat(this.checker.report(10)).contains("LEAK", "JPQL_FILTER", "as acme", "seed=42", "globex:b1");
	}

	@Test
	void anOwnRowWrittenByAnotherTenantIsALeak() {
		BoardRow overwritten = this.acme.withName("globex:hijacked");
		this.checker.boards(this.op, "acme", List.of(overwritten), List.of(this.acme));
		assertThat(this.checker.leaks()).isOne();
	}

	@Test
	void anotherTenantsRowWithTheSameIdIsALeak() {
		BoardRow sameId = new BoardRow("globex", this.acme.id(), 1, "globex:b9", "K1", 0);
		this.checker.boards(this.op, "acme", List.of(sameId), List.of(this.acme));
		assertThat(this.checker.leaks()).isOne();
	}

	@Test
	void aMissingOwnRowIsAFailureNotALeak() {
		this.checker.boards(this.op, "acme", List.of(), List.of(this.acme));
		assertThat(this.checker.leaks()).isZero();
		assertThat(this.checker.failures()).isOne();
	}

	@Test
	void aStaleOwnRowIsAFailure() {
		this.checker.boards(this.op, "acme", List.of(this.acme.withRevision(5)), List.of(this.acme));
		assertThat(this.checker.failures()).isOne();
		assertThat(this.checker.report(10)).contains("stale");
	}

	@Test
	void cardsOfAnotherTenantAreALeak() {
		CardRow card = new CardRow("globex", UUID.randomUUID(), this.acme.id(), 1, "globex:c1", 0);
		this.checker.cards(this.op, "acme", List.of(card), List.of());
		assertThat(this.checker.leaks()).isOne();
	}

	@Test
	void countingMoreThanTheTenantOwnsIsALeakAndFewerAFailure() {
		this.checker.count(this.op, "boards", 3, 2);
		assertThat(this.checker.leaks()).isOne();
		this.checker.count(this.op, "boards", 1, 2);
		assertThat(this.checker.failures()).isOne();
	}

	@Test
	void anyRowSeenWithNoTenantIsALeak() {
		this.checker.nothing(this.op, "select", List.of(this.globex));
		assertThat(this.checker.leaks()).isOne();
		this.checker.nothing(this.op, "select", List.of());
		assertThat(this.checker.leaks()).isOne();
	}

}
