package dev.tenancy.jpa.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail in the control-plane table {@code tenancy.audit_events}, created by the library's migration
 * {@code V0_3__tenancy_audit.sql}: who changed which tenant, when and why.
 * <p>
 * Events form a hash chain: each event's hash covers its fields and the previous event's hash, so an event
 * changed, removed or reordered after the fact breaks the chain there, and {@link #verify()} names the first
 * such event. With an HMAC key, kept outside the database, nobody who can write the table but lacks the key can
 * rewrite the chain to hide a change; without one, a plain SHA-256 chain shows changes made by hand, but not a
 * chain rewritten as a whole, which only a head hash kept elsewhere ({@link AuditVerification#headHash()}) shows.
 * <p>
 * Written and read as the owner role: the runtime role has no privilege on the table. {@link #record} joins the
 * caller's transaction on the same {@link DataSource}, so an event commits, or rolls back, with the change it
 * records; without one it commits on its own. Appends are serialized by a lock on the table until their
 * transaction ends. Thread-safe.
 */
public class TenantAuditTrail {

	/** What an action looks like: upper case, digits and underscores. */
	public static final Pattern ACTION = Pattern.compile("[A-Z][A-Z0-9_]{0,62}");

	static final int MAXIMUM_ACTOR_LENGTH = 200;

	static final int MAXIMUM_REASON_LENGTH = 2000;

	private static final HexFormat HEX = HexFormat.of();

	private static final String COLUMNS = "seq, occurred_at, subject_tenant, action, actor, reason, detail, "
			+ "previous_hash, hash";

	private static final String LOCK = "lock table tenancy.audit_events in exclusive mode";

	private static final String HEAD = "select seq, hash from tenancy.audit_events order by seq desc limit 1";

	private static final String INSERT = "insert into tenancy.audit_events (" + COLUMNS
			+ ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String FOR_TENANT = "select " + COLUMNS
			+ " from tenancy.audit_events where subject_tenant = ? order by seq";

	private static final String ALL = "select " + COLUMNS + " from tenancy.audit_events order by seq";

	private static final RowMapper<AuditEvent> EVENT = (rs, row) -> event(rs);

	private final JdbcTemplate jdbc;

	private final JdbcTemplate streaming;

	private final TransactionTemplate transactions;

	private final AuditHashes hashes;

	/**
	 * Creates the audit trail.
	 * @param owner the primary database as a role that may insert into and select from
	 * {@code tenancy.audit_events}; the same instance as the one whose transactions events should join
	 * @param hmacKey a key of at least 32 bytes for HMAC-SHA256, kept outside the database, or {@code null} for
	 * plain SHA-256
	 * @throws IllegalArgumentException if the key is shorter than 32 bytes
	 */
	public TenantAuditTrail(DataSource owner, byte @Nullable [] hmacKey) {
		this.hashes = new AuditHashes(hmacKey);
		this.jdbc = new JdbcTemplate(owner);
		this.streaming = new JdbcTemplate(owner);
		this.streaming.setFetchSize(1000);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(owner));
	}

	/**
	 * Returns the owner DataSource events are written through: a change made in a transaction on it commits with
	 * the event recorded for it, or not at all.
	 * @return the DataSource
	 */
	public DataSource getDataSource() {
		return Objects.requireNonNull(this.jdbc.getDataSource());
	}

	/**
	 * Whether hashes are keyed (HMAC-SHA256) rather than plain SHA-256.
	 * @return whether a key was given
	 */
	public boolean isKeyed() {
		return this.hashes.isKeyed();
	}

	/**
	 * Appends an event, in the caller's transaction on the owner {@link DataSource} if there is one.
	 * @param tenant the tenant the event is about
	 * @param action what was done: upper case letters, digits and underscores ({@link #ACTION})
	 * @param actor who did it: a user, a service or a ticket, not blank, at most 200 characters
	 * @param reason why, not blank, at most 2,000 characters
	 * @param detail more about it, or {@code null}
	 * @return the event as recorded
	 * @throws IllegalArgumentException if the action, actor or reason is not as described
	 */
	public AuditEvent record(TenantId tenant, String action, String actor, String reason, @Nullable String detail) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		requireAction(action);
		requireText(actor, "actor", MAXIMUM_ACTOR_LENGTH);
		requireText(reason, "reason", MAXIMUM_REASON_LENGTH);
		AuditEvent event = this.transactions.execute((status) -> append(tenant, action, actor, reason, detail));
		return Objects.requireNonNull(event);
	}

	/**
	 * Returns every event about a tenant, oldest first.
	 * @param tenant the tenant
	 * @return its events
	 */
	public List<AuditEvent> events(TenantId tenant) {
		return this.jdbc.query(FOR_TENANT, EVENT, tenant.value());
	}

	/**
	 * Reads the whole trail, oldest first, and checks that each event follows from the ones before it: numbered
	 * one after the other from 1, linked to the previous event's hash, and hashed as recorded. Stops at the first
	 * event that does not. Reads in batches of 1,000 events, inside one read-only transaction.
	 * @return what was found
	 */
	public AuditVerification verify() {
		TransactionTemplate readOnly = new TransactionTemplate(
				Objects.requireNonNull(this.transactions.getTransactionManager()), this.transactions);
		readOnly.setReadOnly(true);
		return Objects.requireNonNull(readOnly.execute((status) -> this.streaming.query(ALL, new Verifier())));
	}

	private AuditEvent append(TenantId tenant, String action, String actor, String reason, @Nullable String detail) {
		this.jdbc.execute(LOCK);
		List<Object[]> head = this.jdbc.query(HEAD, (rs, row) -> new Object[] { rs.getLong(1), rs.getBytes(2) });
		long seq = head.isEmpty() ? 1 : (long) head.get(0)[0] + 1;
		byte[] previous = head.isEmpty() ? AuditHashes.GENESIS : (byte[]) head.get(0)[1];
		Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		byte[] hash = this.hashes.hash(seq, occurredAt, tenant.value(), action, actor, reason, detail, previous);
		this.jdbc.update(INSERT, seq, occurredAt.atOffset(ZoneOffset.UTC), tenant.value(), action, actor, reason,
				detail, previous, hash);
		return new AuditEvent(seq, occurredAt, tenant, action, actor, reason, detail, HEX.formatHex(previous),
				HEX.formatHex(hash));
	}

	private static void requireAction(String action) {
		if (action == null || !ACTION.matcher(action).matches()) {
			throw new IllegalArgumentException("An audit action is upper case letters, digits and underscores, "
					+ "starting with a letter (at most 63), for example TENANT_EXPORTED; was '" + action + "'");
		}
	}

	private static void requireText(String value, String name, int maximumLength) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("An audit event's " + name + " must not be blank");
		}
		if (value.length() > maximumLength) {
			throw new IllegalArgumentException("An audit event's " + name + " has at most " + maximumLength
					+ " characters; it had " + value.length());
		}
	}

	private static AuditEvent event(ResultSet rs) throws SQLException {
		return new AuditEvent(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
				TenantId.of(rs.getString("subject_tenant")), rs.getString("action"), rs.getString("actor"),
				rs.getString("reason"), rs.getString("detail"), HEX.formatHex(rs.getBytes("previous_hash")),
				HEX.formatHex(rs.getBytes("hash")));
	}

	/** Walks the trail in order, remembering the last good event. */
	private final class Verifier implements org.springframework.jdbc.core.ResultSetExtractor<AuditVerification> {

		@Override
		public AuditVerification extractData(ResultSet rs) throws SQLException {
			long checked = 0;
			byte[] previous = AuditHashes.GENESIS;
			byte @Nullable [] head = null;
			while (rs.next()) {
				checked++;
				long seq = rs.getLong("seq");
				byte[] previousHash = rs.getBytes("previous_hash");
				byte[] hash = rs.getBytes("hash");
				String problem = null;
				if (seq != checked) {
					problem = "expected event " + checked + " here, found event " + seq
							+ ": an event before it is missing";
				}
				else if (!Arrays.equals(previousHash, previous)) {
					problem = "its previous hash is not the hash of event " + (seq - 1);
				}
				else {
					byte[] expected = TenantAuditTrail.this.hashes.hash(seq,
							rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
							rs.getString("subject_tenant"), rs.getString("action"), rs.getString("actor"),
							rs.getString("reason"), rs.getString("detail"), previousHash);
					if (!Arrays.equals(expected, hash)) {
						problem = "its fields do not match its hash: it was changed after it was recorded, "
								+ "or the trail is checked with another key than the one it was written with";
					}
				}
				if (problem != null) {
					return new AuditVerification(checked, checked, "Event " + checked + " is broken: " + problem,
							(head != null) ? HEX.formatHex(head) : null);
				}
				previous = hash;
				head = hash;
			}
			return new AuditVerification(checked, null, null, (head != null) ? HEX.formatHex(head) : null);
		}

	}

}
