package dev.tenancy.jpa.crypto;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where tenants' data keys are kept: {@code tenancy.tenant_keys}, one row per tenant holding its keyset encrypted
 * with the master key, or, once the key is destroyed, no keyset and the time it was destroyed. Read and written as
 * the owner role, through the control plane's own connections: keys are read while the application's transaction
 * holds a connection of its pool, and must not wait for another one of the same pool.
 */
final class TenantKeyStore {

	private final JdbcTemplate owner;

	TenantKeyStore(DataSource owner) {
		this.owner = new JdbcTemplate(owner);
	}

	/**
	 * A tenant's row.
	 * @param keyset the encrypted keyset, or {@code null} once destroyed
	 * @param destroyedAt when it was destroyed, as text, or {@code null}
	 */
	record Stored(@Nullable String keyset, @Nullable String destroyedAt) {

	}

	/** Reads a tenant's row. */
	Optional<Stored> read(TenantId tenant) {
		return readOwned(this.owner, tenant, "");
	}

	/**
	 * A tenant's row with its times.
	 * @param stored the keyset, or when it was destroyed
	 * @param createdAt when the key was made
	 * @param rotatedAt when it was last rotated, or {@code null}
	 * @param destroyedAt when it was destroyed, or {@code null}
	 */
	record Described(Stored stored, Instant createdAt, @Nullable Instant rotatedAt, @Nullable Instant destroyedAt) {

	}

	/** Reads a tenant's row with its times. */
	Optional<Described> describe(TenantId tenant) {
		List<Described> rows = this.owner.query("select keyset, destroyed_at::text, created_at, rotated_at, "
				+ "destroyed_at from tenancy.tenant_keys where subject_tenant = ?",
				(row, number) -> new Described(new Stored(row.getString(1), row.getString(2)),
						row.getObject(3, OffsetDateTime.class).toInstant(),
						instant(row.getObject(4, OffsetDateTime.class)), instant(row.getObject(5, OffsetDateTime.class))),
				tenant.value());
		return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
		return (time != null) ? time.toInstant() : null;
	}

	/**
	 * Reads a tenant's row as the owner role, inserting one with a new keyset first if there is none; of two
	 * instances creating a key for the same tenant at once, both end up with the one that was inserted first.
	 */
	Stored readOrCreate(TenantId tenant, Supplier<String> newKeyset) {
		this.owner.update("insert into tenancy.tenant_keys (subject_tenant, keyset) values (?, ?) "
				+ "on conflict (subject_tenant) do nothing", tenant.value(), newKeyset.get());
		return readOwned(this.owner, tenant, "").orElseThrow();
	}

	/** Reads and locks a tenant's row in the caller's owner transaction. */
	Optional<Stored> lock(TenantId tenant) {
		return readOwned(this.owner, tenant, " for update");
	}

	/** Replaces a tenant's keyset, in the caller's owner transaction, with its row locked. */
	void replace(TenantId tenant, String keyset) {
		this.owner.update("update tenancy.tenant_keys set keyset = ?, rotated_at = now() where subject_tenant = ?",
				keyset, tenant.value());
	}

	/**
	 * Destroys a tenant's keyset in the transaction of the given owner operations, leaving a row that says so, so
	 * that no key is made for the tenant again. Returns whether there was a keyset to destroy.
	 */
	static boolean destroy(JdbcOperations owner, TenantId tenant) {
		Optional<Stored> before = readOwned(owner, tenant, " for update");
		owner.update("insert into tenancy.tenant_keys (subject_tenant, keyset, destroyed_at) values (?, null, now()) "
				+ "on conflict (subject_tenant) do update set keyset = null, "
				+ "destroyed_at = coalesce(tenancy.tenant_keys.destroyed_at, now())", tenant.value());
		return before.isPresent() && before.get().keyset() != null;
	}

	private static Optional<Stored> readOwned(JdbcOperations owner, TenantId tenant, String locking) {
		return first(owner.query("select keyset, destroyed_at::text from tenancy.tenant_keys where subject_tenant = ?"
				+ locking, (rows, row) -> new Stored(rows.getString(1), rows.getString(2)), tenant.value()));
	}

	private static Optional<Stored> first(List<Stored> rows) {
		return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
	}

}
