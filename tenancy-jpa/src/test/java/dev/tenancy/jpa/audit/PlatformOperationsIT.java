package dev.tenancy.jpa.audit;

import java.util.List;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.Placement;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Platform operations against the real audit trail: each recorded, and committed, before its work runs bound to
 * the tenant; refused, and not recorded, from inside a tenant's scope or for a tenant that does not exist.
 */
class PlatformOperationsIT {

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId HOOLI = TenantId.of("hooli");

	static TenancyTestDatabase db;

	TenantAuditTrail audit;

	PlatformOperations operations;

	@BeforeAll
	static void createDatabase() {
		db = TenancyTestDatabase.create(PlatformOperationsIT.class);
		ControlPlane.migrate(db);
	}

	@AfterAll
	static void dropDatabase() {
		db.close();
	}

	@BeforeEach
	void emptyTrail() {
		ControlPlane.emptyAuditTrail(db);
		this.audit = new TenantAuditTrail(ControlPlane.owner(db), null);
		this.operations = new PlatformOperations(new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
				new Tenant(HOOLI, "Hooli", TenantStatus.SUSPENDED, Placement.SHARED),
				new Tenant(TenantId.of("moving"), "Moving", TenantStatus.MIGRATING, Placement.SHARED))), this.audit);
	}

	@Test
	void runsTheWorkBoundToTheTenantAfterItsEventHasCommitted() {
		// read through another connection of the owner role: only a committed event is visible there
		TenantAuditTrail elsewhere = new TenantAuditTrail(ControlPlane.owner(db), null);

		String result = this.operations.get(ACME, "support@example.com", "ticket 4711", () -> {
			assertThat(TenantContext.require()).isEqualTo(ACME);
			assertThat(elsewhere.events(ACME)).singleElement().satisfies((event) -> {
				assertThat(event.action()).isEqualTo("PLATFORM_ACCESS");
				assertThat(event.actor()).isEqualTo("support@example.com");
				assertThat(event.reason()).isEqualTo("ticket 4711");
			});
			return "done";
		});

		assertThat(result).isEqualTo("done");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void aSuspendedTenantCanBeWorkedOn() {
		this.operations.run(HOOLI, "ops", "export before the account is closed",
				() -> assertThat(TenantContext.require()).isEqualTo(HOOLI));
		assertThat(this.audit.events(HOOLI)).hasSize(1);
	}

	@Test
	void theEventIsKeptWhenTheWorkFails() {
		assertThatIllegalStateException().isThrownBy(() -> this.operations.run(ACME, "ops", "repair", () -> {
			throw new IllegalStateException("repair failed");
		})).withMessage("repair failed");

		assertThat(this.audit.events(ACME)).extracting(AuditEvent::reason).containsExactly("repair");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void isRefusedAndNotRecordedFromInsideATenantsScope() {
		TenantContext.where(HOOLI).run(() -> assertThatIllegalStateException()
			.isThrownBy(() -> this.operations.run(ACME, "ops", "peek", () -> {
				throw new AssertionError("must not run");
			}))
			.withMessageContaining("while tenant 'hooli' is bound"));
		assertThat(this.audit.events(ACME)).isEmpty();
	}

	@Test
	void isRefusedAndNotRecordedForATenantUnknownOrBeingMovedOrWithoutActorAndReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.operations.run(TenantId.of("initech"), "ops", "typo", () -> {
				throw new AssertionError("must not run");
			}))
			.withMessageContaining("'initech' is not in the catalog");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.operations.run(TenantId.of("moving"), "ops", "repair", () -> {
				throw new AssertionError("must not run");
			}))
			.withMessageContaining("Tenant 'moving' is MIGRATING");
		assertThatIllegalArgumentException().isThrownBy(() -> this.operations.run(ACME, "ops", " ", () -> {
			throw new AssertionError("must not run");
		})).withMessageContaining("reason must not be blank");
		assertThat(this.audit.verify().eventsChecked()).isZero();
	}

}
