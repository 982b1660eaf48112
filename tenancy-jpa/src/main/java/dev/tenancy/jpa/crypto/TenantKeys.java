package dev.tenancy.jpa.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.crypto.TenantKeyStore.Stored;
import dev.tenancy.jpa.lifecycle.TenantPurgeStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each tenant's own data key, for values that only that tenant may read: encrypted with the key of the tenant
 * bound to the thread, bound to that tenant, and unreadable by anyone once the tenant is purged.
 * <p>
 * A tenant's key is a Tink keyset of AES-256-GCM keys, made the first time the tenant encrypts something and kept in
 * {@code tenancy.tenant_keys} encrypted with the {@link MasterKey}, with the tenant's id as associated data, so
 * neither the table nor a backup of it gives a key away without the master key, and a keyset moved to another
 * tenant's row does not open. Values are encrypted with the tenant's id as associated data too: a value copied
 * into another tenant's row does not decrypt there.
 * <p>
 * {@link #rotate} adds a new key that encrypts from then on, keeping the old ones for what they encrypted. Purging a
 * tenant ({@link #purgeStep()}) destroys its keyset and leaves a row that says so; no key is made for that tenant
 * again, and what was encrypted with it cannot be decrypted by anyone without a copy of {@code tenancy.tenant_keys}
 * from before the purge (a backup of the primary database holds one).
 * <p>
 * Keys are read and written as the owner role through the audit trail's {@code DataSource}, so that a rotation
 * commits with its audit event, and so that reading a key while the application's transaction holds a connection of
 * its pool takes none from that pool (the owner's connections are the control plane's own when
 * {@code spring.flyway.user} is set). Keys are cached per instance, decrypted, for a bounded time. A value encrypted
 * with a key this instance's copy of the keyset lacks (rotated in on another instance) makes it read the keyset
 * again, once per such key while the copy is cached; a value that does not decrypt with a key it has does not.
 * Thread-safe.
 */
public final class TenantKeys {

	/** The audit trail's action for a rotation. */
	public static final String ROTATED = "KEY_ROTATED";

	private static final Logger logger = LoggerFactory.getLogger(TenantKeys.class);

	private final TenantKeyStore store;

	private final TenantKeysets keysets;

	private final TenantAuditTrail audit;

	private final DataSource owner;

	private final TransactionTemplate ownerTransactions;

	private final Cache<TenantId, LoadedKey> keys;

	/**
	 * Creates the tenants' keys.
	 * @param audit where rotations are recorded; keys are kept through its owner {@code DataSource}
	 * @param masterKey the key that tenants' keysets are encrypted with
	 * @param cacheTimeToLive how long a decrypted key is kept before it is read again: how long another instance
	 * may go on using a key destroyed, or encrypting with a key rotated, here
	 * @param cacheSize how many tenants' decrypted keys are kept at most
	 */
	public TenantKeys(TenantAuditTrail audit, MasterKey masterKey, Duration cacheTimeToLive, long cacheSize) {
		DataSource owner = audit.getDataSource();
		this.owner = owner;
		this.store = new TenantKeyStore(owner);
		this.keysets = new TenantKeysets(Objects.requireNonNull(masterKey, "masterKey must not be null"));
		this.audit = audit;
		this.ownerTransactions = new TransactionTemplate(new DataSourceTransactionManager(owner));
		this.keys = Caffeine.newBuilder().expireAfterWrite(cacheTimeToLive).maximumSize(cacheSize).build();
	}

	/**
	 * Encrypts a value with the bound tenant's key, making the key if the tenant has none yet.
	 * @param plaintext the value
	 * @return the ciphertext, which only this tenant's key decrypts, and only for this tenant
	 * @throws dev.tenancy.core.context.MissingTenantException with no tenant bound
	 * @throws TenantKeyException if the tenant's key was destroyed
	 */
	public byte[] encrypt(byte[] plaintext) {
		TenantId tenant = TenantContext.require();
		try {
			return key(tenant, true).aead().encrypt(plaintext, associatedData(tenant));
		}
		catch (GeneralSecurityException ex) {
			throw new TenantKeyException(tenant, "Could not encrypt a value of tenant '" + tenant + "'", ex);
		}
	}

	/**
	 * Decrypts a value with the bound tenant's key.
	 * @param ciphertext what {@link #encrypt} returned for this tenant
	 * @return the value
	 * @throws dev.tenancy.core.context.MissingTenantException with no tenant bound
	 * @throws TenantKeyException if the value was encrypted for another tenant or changed since, the tenant has no
	 * key (nothing was encrypted for it), or the tenant's key was destroyed
	 */
	public byte[] decrypt(byte[] ciphertext) {
		TenantId tenant = TenantContext.require();
		LoadedKey key = key(tenant, false);
		try {
			return key.aead().decrypt(ciphertext, associatedData(tenant));
		}
		catch (GeneralSecurityException first) {
			Integer unseen = key.unseenKeyOf(ciphertext);
			if (unseen == null) {
				throw notDecrypted(tenant, first);
			}
			// made with a key this instance has not seen: rotated in on another instance since it read the keyset,
			// or another tenant's; read the keyset again once, keeping the one cached if that fails
			LoadedKey fresh;
			try {
				fresh = load(tenant, false);
			}
			catch (TenantKeyException ex) {
				// destroyed, or gone: the copy cached here must not outlive what the store says
				this.keys.asMap().remove(tenant, key);
				throw ex;
			}
			if (!fresh.keyIds().equals(key.keyIds())) {
				this.keys.asMap().replace(tenant, key, fresh);
			}
			if (!fresh.keyIds().contains(unseen)) {
				// another tenant's key, say: not read again for this key while the keyset stays cached
				this.keys.asMap().getOrDefault(tenant, fresh).remember(unseen);
				throw notDecrypted(tenant, first);
			}
			try {
				return fresh.aead().decrypt(ciphertext, associatedData(tenant));
			}
			catch (GeneralSecurityException ex) {
				throw notDecrypted(tenant, ex);
			}
		}
	}

	private static TenantKeyException notDecrypted(TenantId tenant, GeneralSecurityException ex) {
		return new TenantKeyException(tenant, "A value read as tenant '" + tenant + "' does not decrypt with that "
				+ "tenant's key: it was encrypted for another tenant, or changed since, or is not encrypted at all",
				ex);
	}

	/**
	 * Adds a new key to a tenant's keyset and makes it the one that encrypts; the old keys stay, to decrypt what they
	 * encrypted. Other instances take the new key up when their cached copy expires. Recorded in the audit trail with
	 * the rotation, in one owner transaction.
	 * @param tenant the tenant
	 * @param actor who rotates it
	 * @param reason why
	 * @throws TenantKeyException if the tenant's key was destroyed
	 * @throws IllegalArgumentException if the tenant has no key yet, or the actor or reason is missing
	 */
	public void rotate(TenantId tenant, String actor, String reason) {
		this.ownerTransactions.executeWithoutResult((status) -> {
			Stored stored = this.store.lock(tenant)
				.orElseThrow(() -> new IllegalArgumentException("Tenant '" + tenant + "' has no data key yet to "
						+ "rotate; it gets one the first time it encrypts a value"));
			String rotated = this.keysets.rotate(tenant, requireKeyset(tenant, stored));
			this.store.replace(tenant, rotated);
			this.audit.record(tenant, ROTATED, actor, reason,
					"data key rotated: " + this.keysets.size(tenant, rotated) + " keys, the newest encrypts");
			invalidateAfterCommit(tenant);
		});
		logger.info("Data key of tenant '{}' rotated by {} ({})", tenant, actor, reason);
	}

	/**
	 * Describes a tenant's key without giving any of it away: whether it has one, how many keys its keyset holds
	 * (one more with each rotation), and when it was made, last rotated or destroyed.
	 * @param tenant the tenant
	 * @return the key's status
	 * @throws TenantKeyException if the keyset does not open with the master key
	 */
	public TenantKeyStatus status(TenantId tenant) {
		TenantKeyStore.Described described = this.store.describe(tenant).orElse(null);
		if (described == null) {
			return new TenantKeyStatus(tenant, TenantKeyStatus.State.NONE, 0, null, null, null);
		}
		String keyset = described.stored().keyset();
		if (keyset == null) {
			return new TenantKeyStatus(tenant, TenantKeyStatus.State.DESTROYED, 0, described.createdAt(),
					described.rotatedAt(), described.destroyedAt());
		}
		return new TenantKeyStatus(tenant, TenantKeyStatus.State.ACTIVE, this.keysets.size(tenant, keyset),
				described.createdAt(), described.rotatedAt(), null);
	}

	/**
	 * Returns the step with which {@code TenantLifecycle.purge} destroys a purged tenant's keyset, in the purge's
	 * transaction; the auto-configuration registers it. It writes through the audit trail's {@code DataSource}, and
	 * refuses to run outside a transaction on it, so that no key is destroyed but with the purge that records it.
	 * @return the purge step
	 */
	public TenantPurgeStep purgeStep() {
		return (tenant, purge) -> {
			if (!TransactionSynchronizationManager.hasResource(this.owner)
					|| !TransactionSynchronizationManager.isActualTransactionActive()) {
				throw new IllegalStateException("The data key of tenant '" + tenant + "' is destroyed only within "
						+ "TenantLifecycle.purge, in its transaction on the audit trail's DataSource");
			}
			boolean destroyed = TenantKeyStore.destroy(new JdbcTemplate(this.owner), tenant);
			invalidateAfterCommit(tenant);
			return destroyed ? "data key destroyed" : "no data key to destroy";
		};
	}

	/**
	 * Makes a new master keyset in Tink's JSON format, in clear, for development and tests; production keeps its
	 * master key in a key management service.
	 * @return the keyset, for {@link MasterKey#fromKeyset} or {@code tenancy.crypto.master-keyset}
	 */
	public static String newMasterKeyset() {
		return TenantKeysets.newMasterKeyset();
	}

	private LoadedKey key(TenantId tenant, boolean create) {
		return this.keys.get(tenant, (id) -> load(id, create));
	}

	private LoadedKey load(TenantId tenant, boolean create) {
		Stored stored = this.store.read(tenant).orElse(null);
		if (stored == null) {
			if (!create) {
				throw new TenantKeyException(tenant, "Tenant '" + tenant + "' has no data key, so nothing was "
						+ "encrypted for it: the value is another tenant's, or not encrypted at all", null);
			}
			stored = this.store.readOrCreate(tenant, () -> this.keysets.make(tenant));
		}
		return this.keysets.load(tenant, requireKeyset(tenant, stored));
	}

	private static String requireKeyset(TenantId tenant, Stored stored) {
		String keyset = stored.keyset();
		if (keyset == null) {
			throw new TenantKeyException(tenant, "The data key of tenant '" + tenant + "' was destroyed at "
					+ stored.destroyedAt() + ", when the tenant was purged; what was encrypted with it cannot be "
					+ "decrypted, and nothing is encrypted for the tenant again", null);
		}
		return keyset;
	}

	private void invalidateAfterCommit(TenantId tenant) {
		this.keys.invalidate(tenant);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// a load between now and the commit reads the key as it was before
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TenantKeys.this.keys.invalidate(tenant);
				}
			});
		}
	}

	/** Binds a value to its tenant: a value copied into another tenant's row does not decrypt there. */
	private static byte[] associatedData(TenantId tenant) {
		return ("tenancy value:" + tenant.value()).getBytes(StandardCharsets.UTF_8);
	}

}
