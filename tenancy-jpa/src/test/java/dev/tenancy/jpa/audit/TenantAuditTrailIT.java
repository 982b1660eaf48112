package dev.tenancy.jpa.audit;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The audit trail against {@code tenancy.audit_events} as the library's migration creates it: written and read
 * as the owner role; tampering, made as the superuser with the table's triggers off, found by
 * {@link TenantAuditTrail#verify()}.
 */
class TenantAuditTrailIT {

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId GLOBEX = TenantId.of("globex");

	static final byte[] KEY = Base64.getDecoder().decode("q7Wb0m3rY2vJ9xQfT1kLzP8sN4aD6eHcU5iG0oRwBtM=");

	static TenancyTestDatabase db;

	DataSource owner;

	TenantAuditTrail trail;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(TenantAuditTrailIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyTrail() {
		ControlPlane.emptyAuditTrail(db);
		this.owner = ControlPlane.owner(db);
		this.trail = new TenantAuditTrail(this.owner, null);
	}

	@Test
	void recordsEventsNumberedInOrderEachLinkedToThePreviousOnesHash() {
		AuditEvent first = this.trail.record(ACME, "SUSPENDED", "ops@example.com", "unpaid invoice 4711", null);
		AuditEvent second = this.trail.record(GLOBEX, "ONBOARDING_FAILED", "signup-service", "self-service signup",
				"schema t_globex is not empty");
		AuditEvent third = this.trail.record(ACME, "RESUMED", "ops@example.com", "invoice paid", null);

		assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
		assertThat(first.previousHash()).isEqualTo("0".repeat(64));
		assertThat(second.previousHash()).isEqualTo(first.hash());
		assertThat(third.previousHash()).isEqualTo(second.hash());
		assertThat(List.of(first.hash(), second.hash(), third.hash())).doesNotHaveDuplicates()
			.allSatisfy((hash) -> assertThat(hash).hasSize(64));
		assertThat(this.trail.events(ACME)).containsExactly(first, third);
		assertThat(this.trail.events(GLOBEX)).singleElement().satisfies((event) -> {
			assertThat(event).isEqualTo(second);
			assertThat(event.detail()).isEqualTo("schema t_globex is not empty");
		});
		assertThat(this.trail.events(TenantId.of("initech"))).isEmpty();
	}

	@Test
	void anIntactTrailVerifiesAndNamesItsHead() {
		assertThat(this.trail.verify()).isEqualTo(new AuditVerification(0, null, null, null));
		for (int i = 0; i < 5; i++) {
			this.trail.record(ACME, "NOTE", "ops", "note " + i, (i % 2 == 0) ? null : "detail " + i);
		}
		AuditEvent last = this.trail.record(GLOBEX, "NOTE", "ops", "the last one", "");

		AuditVerification verification = this.trail.verify();
		assertThat(verification.isIntact()).isTrue();
		assertThat(verification.eventsChecked()).isEqualTo(6);
		assertThat(verification.headHash()).isEqualTo(last.hash());
	}

	@Test
	void anEventChangedAfterTheFactBreaksTheChainThere() {
		recordFour();
		tamper("UPDATE tenancy.audit_events SET reason = 'routine check' WHERE seq = 3");

		AuditVerification verification = this.trail.verify();
		assertThat(verification.isIntact()).isFalse();
		assertThat(verification.brokenAt()).isEqualTo(3);
		assertThat(verification.eventsChecked()).isEqualTo(3);
		assertThat(verification.problem()).contains("Event 3").contains("do not match its hash");
		assertThat(verification.headHash()).isEqualTo(this.trail.events(GLOBEX).get(0).hash());
	}

	@Test
	void aChangedNullDetailAndAMovedTimeAreFoundToo() {
		recordFour();
		tamper("UPDATE tenancy.audit_events SET detail = 'added later' WHERE seq = 1");
		assertThat(this.trail.verify().brokenAt()).isEqualTo(1);

		emptyTrail();
		recordFour();
		tamper("UPDATE tenancy.audit_events SET occurred_at = occurred_at - interval '1 microsecond' WHERE seq = 4");
		assertThat(this.trail.verify().brokenAt()).isEqualTo(4);
	}

	@Test
	void aRemovedEventBreaksTheChainWhereItWas() {
		recordFour();
		tamper("DELETE FROM tenancy.audit_events WHERE seq = 2");

		AuditVerification verification = this.trail.verify();
		assertThat(verification.brokenAt()).isEqualTo(2);
		assertThat(verification.problem()).contains("found event 3").contains("missing");
	}

	@Test
	void anEventRehashedByHandAfterAChangeStillBreaksTheLinkOfTheNextOne() {
		recordFour();
		// a forger who knows the format recomputes event 2's hash, but event 3 still names the old one
		AuditEvent second = this.trail.events(GLOBEX).get(0);
		AuditHashes sha = new AuditHashes(null);
		byte[] forged = sha.hash(2, second.occurredAt(), "globex", second.action(), second.actor(), "nothing to see",
				second.detail(), HexFormat.of().parseHex(second.previousHash()));
		tamper("UPDATE tenancy.audit_events SET reason = 'nothing to see', hash = '\\x"
				+ HexFormat.of().formatHex(forged) + "' WHERE seq = 2");

		AuditVerification verification = this.trail.verify();
		assertThat(verification.brokenAt()).isEqualTo(3);
		assertThat(verification.problem()).contains("previous hash is not the hash of event 2");
	}

	@Test
	void withAKeyOnlyTheSameKeyVerifiesTheTrail() {
		TenantAuditTrail keyed = new TenantAuditTrail(this.owner, KEY);
		assertThat(keyed.isKeyed()).isTrue();
		keyed.record(ACME, "SUSPENDED", "ops", "unpaid", null);
		keyed.record(ACME, "RESUMED", "ops", "paid", null);
		assertThat(keyed.verify().isIntact()).isTrue();

		byte[] otherKey = KEY.clone();
		otherKey[0] ^= 1;
		assertThat(new TenantAuditTrail(this.owner, otherKey).verify().brokenAt()).isEqualTo(1);
		assertThat(this.trail.verify().brokenAt()).isEqualTo(1);
		assertThat(this.trail.verify().problem()).contains("another key");
	}

	@Test
	void aKeyShorterThanTheHashIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantAuditTrail(this.owner, new byte[31]))
			.withMessageContaining("at least 32 bytes, was 31");
	}

	@Test
	void theTableTakesAppendsOnlyEvenFromItsOwner() {
		recordFour();
		JdbcTemplate asOwner = new JdbcTemplate(this.owner);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> asOwner.update("UPDATE tenancy.audit_events SET reason = 'x' WHERE seq = 1"))
			.havingRootCause()
			.withMessageContaining("append-only: UPDATE refused");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> asOwner.update("DELETE FROM tenancy.audit_events WHERE seq = 4"))
			.havingRootCause()
			.withMessageContaining("append-only: DELETE refused");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> asOwner.execute("TRUNCATE tenancy.audit_events"))
			.havingRootCause()
			.withMessageContaining("append-only: TRUNCATE refused");
		assertThat(this.trail.verify().eventsChecked()).isEqualTo(4);
	}

	@Test
	void theRuntimeRoleCanNeitherReadNorWriteTheTrail() {
		recordFour();
		JdbcTemplate asApp = new JdbcTemplate(db.appDataSource());
		assertThatExceptionOfType(BadSqlGrammarException.class)
			.isThrownBy(() -> asApp.queryForObject("SELECT count(*) FROM tenancy.audit_events", Long.class))
			.havingRootCause()
			.withMessageContaining("permission denied");
		assertThatExceptionOfType(BadSqlGrammarException.class)
			.isThrownBy(() -> asApp.update("INSERT INTO tenancy.audit_events (seq, occurred_at, subject_tenant, "
					+ "action, actor, reason, previous_hash, hash) VALUES (5, now(), 'acme', 'X', 'x', 'x', "
					+ "'\\x00', '\\x00')"))
			.havingRootCause()
			.withMessageContaining("permission denied");
	}

	@Test
	void anEventJoinsTheCallersTransactionAndRollsBackWithIt() {
		this.trail.record(ACME, "NOTE", "ops", "kept", null);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.owner));
		transaction.executeWithoutResult((status) -> {
			this.trail.record(ACME, "NOTE", "ops", "rolled back", null);
			status.setRollbackOnly();
		});
		AuditEvent next = this.trail.record(ACME, "NOTE", "ops", "after the rollback", null);

		assertThat(this.trail.events(ACME)).extracting(AuditEvent::reason).containsExactly("kept", "after the rollback");
		assertThat(next.seq()).isEqualTo(2);
		assertThat(this.trail.verify().isIntact()).isTrue();
	}

	@Test
	void concurrentAppendsNeverForkTheChain() throws Exception {
		int threads = 4;
		int each = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> work = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				TenantId tenant = TenantId.of("tenant-" + t);
				work.add(() -> {
					for (int i = 0; i < each; i++) {
						this.trail.record(tenant, "NOTE", "thread", "append " + i, null);
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(work)) {
				done.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		AuditVerification verification = this.trail.verify();
		assertThat(verification.isIntact()).isTrue();
		assertThat(verification.eventsChecked()).isEqualTo(threads * each);
	}

	@Test
	void refusesEventsWithoutAnActionActorOrReasonAsTheTrailNeedsThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.trail.record(ACME, "suspended", "ops", "x", null))
			.withMessageContaining("upper case");
		assertThatIllegalArgumentException().isThrownBy(() -> this.trail.record(ACME, "SUSPENDED", " ", "x", null))
			.withMessageContaining("actor must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> this.trail.record(ACME, "SUSPENDED", "ops", "", null))
			.withMessageContaining("reason must not be blank");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.trail.record(ACME, "SUSPENDED", "ops", "x".repeat(2001), null))
			.withMessageContaining("at most 2000 characters; it had 2001");
		assertThat(this.trail.verify().eventsChecked()).isZero();
	}

	@Test
	void theActuatorEndpointChecksTheTrailAndListsATenantsEvents() {
		recordFour();
		TenantAuditEndpoint endpoint = new TenantAuditEndpoint(this.trail);

		assertThat(endpoint.verify()).isEqualTo(new TenantAuditEndpoint.AuditVerificationDescriptor(true, false, 4,
				null, null, this.trail.events(GLOBEX).get(1).hash()));
		assertThat(endpoint.events("acme")).extracting(AuditEvent::action).containsExactly("ONBOARDED", "SUSPENDED");
		assertThat(endpoint.events("initech")).isEmpty();
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.events("Not A Tenant"))
			.satisfies((ex) -> assertThat(ex.getReason()).startsWith("invalid tenant id '"));

		tamper("UPDATE tenancy.audit_events SET actor = 'nobody' WHERE seq = 2");
		assertThat(endpoint.verify()).satisfies((verification) -> {
			assertThat(verification.intact()).isFalse();
			assertThat(verification.brokenAt()).isEqualTo(2);
		});
	}

	private void recordFour() {
		this.trail.record(ACME, "ONBOARDED", "signup-service", "self-service signup", null);
		this.trail.record(GLOBEX, "SUSPENDED", "ops@example.com", "unpaid invoice", null);
		this.trail.record(ACME, "SUSPENDED", "ops@example.com", "abuse report 12", "ticket 12");
		this.trail.record(GLOBEX, "RESUMED", "ops@example.com", "invoice paid", null);
	}

	/** Changes the trail as the superuser with its triggers off, as someone hiding a change would. */
	private static void tamper(String sql) {
		db.executeAsAdmin("SET session_replication_role = replica; " + sql + "; RESET session_replication_role");
	}

}
