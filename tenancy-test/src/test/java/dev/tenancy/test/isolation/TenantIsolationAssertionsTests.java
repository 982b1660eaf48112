package dev.tenancy.test.isolation;

import java.util.UUID;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.test.isolation.elsewhere.Entities;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the isolation assertions refuse before touching any data, and how they read an entity's id.
 */
class TenantIsolationAssertionsTests {

	private final IsolationOperations<UUID> operations = IsolationOperations.<UUID>builder("notes")
		.create(UUID::randomUUID)
		.findById((id) -> true)
		.build();

	@Test
	void needsTwoDifferentTenants() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantIsolationAssertions.forOperations(this.operations).between("acme", "acme"))
			.withMessage("between(...) needs two different tenants, got 'acme' twice");
	}

	@Test
	void refusesAnInvalidTenantId() {
		assertThatExceptionOfType(InvalidTenantIdException.class)
			.isThrownBy(() -> TenantIsolationAssertions.forOperations(this.operations).between("acme", "Globex Corp"))
			.withMessageContaining("invalid tenant id 'Globex Corp'");
	}

	@Test
	void needsTheTenantsBeforeVerifying() {
		assertThatIllegalStateException().isThrownBy(() -> TenantIsolationAssertions.forOperations(this.operations).verify())
			.withMessage("Name the two tenants first: .between(\"acme\", \"globex\").verify()");
	}

	@Test
	void needsAtLeastOneRowPerTenant() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantIsolationAssertions.forOperations(this.operations).rowsPerTenant(0));
	}

	@Test
	void operationsNeedCreateAndFindById() {
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> IsolationOperations.<UUID>builder("notes").findById((id) -> true).build())
			.withMessageContaining("create(...) is required");
		assertThatIllegalStateException()
			.isThrownBy(() -> IsolationOperations.<UUID>builder("notes").create(UUID::randomUUID).build())
			.withMessageContaining("findById(...) is required");
	}

	@Test
	void readsTheIdThroughGetIdThroughIdOrThroughTheIdField() {
		UUID id = UUID.randomUUID();
		assertThat(EntityIds.<Object, UUID>reader().apply(new WithGetter(id))).isEqualTo(id);
		assertThat(EntityIds.<Object, UUID>reader().apply(new WithAccessor(id))).isEqualTo(id);
		assertThat(EntityIds.<Object, UUID>reader().apply(new WithIdField(id))).isEqualTo(id);
		assertThat(EntityIds.<Object, UUID>reader().apply(new WithSpringDataIdField(id))).isEqualTo(id);
		assertThat(EntityIds.<Object, UUID>reader().apply(Entities.packagePrivateWithGetter(id))).isEqualTo(id);
	}

	@Test
	void saysHowToNameTheIdWhenItCannotFindIt() {
		assertThatIllegalStateException().isThrownBy(() -> EntityIds.reader().apply(new WithoutId()))
			.withMessage("Cannot tell the id of a WithoutId: it has no getId() or id() method and no @Id field. "
					+ "Say how with .identifiedBy(WithoutId::yourIdGetter).");
	}

	public static final class WithGetter {

		private final UUID id;

		WithGetter(UUID id) {
			this.id = id;
		}

		public UUID getId() {
			return this.id;
		}

	}

	public record WithAccessor(UUID id) {

	}

	static final class WithIdField {

		@jakarta.persistence.Id
		private final @Nullable UUID key;

		WithIdField(UUID key) {
			this.key = key;
		}

	}

	static final class WithSpringDataIdField {

		@org.springframework.data.annotation.Id
		private final @Nullable UUID key;

		WithSpringDataIdField(UUID key) {
			this.key = key;
		}

	}

	static final class WithoutId {

	}

}
