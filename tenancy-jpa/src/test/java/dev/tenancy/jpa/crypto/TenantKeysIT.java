package dev.tenancy.jpa.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.context.MissingTenantException;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.audit.AuditEvent;
import dev.tenancy.jpa.audit.TenantAuditTrail;
import dev.tenancy.jpa.catalog.JdbcTenantCatalog;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.jpa.lifecycle.TenantPurgeStep;
import dev.tenancy.jpa.migration.ControlPlane;
import dev.tenancy.test.TenancyTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tenants' data keys in PostgreSQL: each tenant's values open only as that tenant, the keys are stored encrypted
 * and bound to their rows, rotation keeps old values readable on every instance, and a purge destroys the key for
 * good, or not at all.
 */
class TenantKeysIT {

	static final String MASTER = TenantKeys.newMasterKeyset();

	static TenancyTestDatabase db;

	static DataSource owner;

	static TenantAuditTrail audit;

	@BeforeAll
	static void migrate() {
		db = TenancyTestDatabase.create(TenantKeysIT.class);
		ControlPlane.migrate(db);
		owner = ControlPlane.owner(db);
		audit = new TenantAuditTrail(owner, null);
	}

	@AfterAll
	static void drop() {
		db.close();
	}

	/** Another instance of the application: the same database, a cache of its own. */
	static TenantKeys instance() {
		return instance(MASTER);
	}

	static TenantKeys instance(String masterKeyset) {
		return new TenantKeys(audit, MasterKey.fromKeyset(masterKeyset), Duration.ofMinutes(5), 100);
	}

	@Test
	void eachTenantsValuesDecryptOnlyAsThatTenant() {
		TenantKeys keys = instance();
		encrypt(keys, "globex", "globex has a key of its own");
		byte[] secret = encrypt(keys, "acme", "acme's tax id");
		assertThat(encrypt(keys, "acme", "acme's tax id")).as("randomized").isNotEqualTo(secret);
		assertThat(decrypt(keys, "acme", secret)).isEqualTo("acme's tax id");
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(keys, "globex", secret))
			.withMessageContaining("does not decrypt with that tenant's key")
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo(TenantId.of("globex")));
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(() -> keys.decrypt(secret));
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> keys.encrypt("x".getBytes(StandardCharsets.UTF_8)));
		byte[] changed = secret.clone();
		changed[changed.length - 1] ^= 1;
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(keys, "acme", changed));
	}

	@Test
	void keysAreStoredEncryptedAndOpenOnlyInTheirOwnRowWithTheMasterKey() {
		TenantKeys keys = instance();
		byte[] hooli = encrypt(keys, "hooli", "hooli's secret");
		byte[] wayne = encrypt(keys, "wayne", "wayne's secret");
		JdbcTemplate admin = new JdbcTemplate(db.adminDataSource());
		String stored = admin.queryForObject("select keyset from tenancy.tenant_keys where subject_tenant = 'hooli'",
				String.class);
		assertThat(stored).contains("encryptedKeyset").doesNotContain("keyValue");

		assertThatExceptionOfType(TenantKeyException.class)
			.isThrownBy(() -> decrypt(instance(TenantKeys.newMasterKeyset()), "hooli", hooli))
			.withMessageContaining("does not open with the master key");

		// hooli's keyset put into wayne's row does not open there
		admin.update("update tenancy.tenant_keys set keyset = ? where subject_tenant = 'wayne'", stored);
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(instance(), "wayne", hooli))
			.withMessageContaining("does not open with the master key");
		assertThat(wayne).isNotEmpty();
	}

	@Test
	void rotationKeepsOldValuesReadableOnEveryInstanceAndIsRecorded() {
		TenantKeys here = instance();
		TenantKeys there = instance();
		byte[] before = encrypt(here, "initech", "before");
		assertThat(decrypt(there, "initech", before)).isEqualTo("before");

		here.rotate(TenantId.of("initech"), "ops", "yearly rotation");
		byte[] after = encrypt(here, "initech", "after");
		assertThat(decrypt(here, "initech", before)).isEqualTo("before");
		assertThat(decrypt(there, "initech", after)).as("an instance that cached the keyset before the rotation")
			.isEqualTo("after");
		assertThat(decrypt(there, "initech", before)).isEqualTo("before");
		List<AuditEvent> events = audit.events(TenantId.of("initech"));
		assertThat(events).extracting(AuditEvent::action).containsExactly(TenantKeys.ROTATED);
		assertThat(events.get(0).actor()).isEqualTo("ops");
		assertThat(events.get(0).detail()).contains("2 keys");

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> here.rotate(TenantId.of("nokey"), "ops", "typo"))
			.withMessageContaining("has no data key yet");
	}

	@Test
	void purgingATenantDestroysItsKeyForGoodOnEveryInstance() {
		TenantKeys keys = instance();
		TenantLifecycle lifecycle = lifecycle(List.of(keys.purgeStep()));
		lifecycle.onboard(new Tenant(TenantId.of("umbrella"), "Umbrella", TenantStatus.ACTIVE, Placement.SHARED), null,
				"ops", "contract 9");
		byte[] secret = encrypt(keys, "umbrella", "umbrella's secret");
		TenantKeys elsewhere = instance();
		assertThat(decrypt(elsewhere, "umbrella", secret)).isEqualTo("umbrella's secret");
		lifecycle.offboard(TenantId.of("umbrella"), "ops", "contract ended");
		assertThat(decrypt(keys, "umbrella", secret)).as("offboarded, not purged yet").isEqualTo("umbrella's secret");

		lifecycle.purge(TenantId.of("umbrella"), "ops", "retention period over");
		TenantKeyStatus destroyed = keys.status(TenantId.of("umbrella"));
		assertThat(destroyed.state()).isEqualTo(TenantKeyStatus.State.DESTROYED);
		assertThat(destroyed.destroyedAt()).isNotNull();
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(keys, "umbrella", secret))
			.withMessageContaining("was destroyed");
		assertThatExceptionOfType(TenantKeyException.class)
			.isThrownBy(() -> encrypt(instance(), "umbrella", "again"))
			.as("no new key for a purged tenant")
			.withMessageContaining("was destroyed");
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select keyset is null and destroyed_at is not null from tenancy.tenant_keys "
						+ "where subject_tenant = 'umbrella'",
				Boolean.class)).isTrue();
		AuditEvent purged = audit.events(TenantId.of("umbrella")).get(audit.events(TenantId.of("umbrella")).size() - 1);
		assertThat(purged.action()).isEqualTo("PURGED");
		assertThat(purged.detail()).endsWith("; data key destroyed");
		// another instance's cached key is dropped when its cache entry expires (tenancy.crypto.key-cache-ttl)
	}

	@Test
	void theEndpointDescribesAKeyWithoutGivingItAwayAndRotatesItWithItsReason() {
		TenantKeys keys = instance();
		TenantKeysEndpoint endpoint = new TenantKeysEndpoint(keys);
		assertThat(endpoint.key("cyberia").state()).isEqualTo(TenantKeyStatus.State.NONE);
		byte[] before = encrypt(keys, "cyberia", "before");
		TenantKeysEndpoint.KeyDescriptor made = endpoint.key("cyberia");
		assertThat(made.tenant()).isEqualTo("cyberia");
		assertThat(made.state()).isEqualTo(TenantKeyStatus.State.ACTIVE);
		assertThat(made.keys()).isOne();
		assertThat(made.createdAt()).isNotNull();
		assertThat(made.rotatedAt()).isNull();

		TenantKeysEndpoint.KeyDescriptor rotated = endpoint.rotate("cyberia", "ops@example.com", "yearly rotation");
		assertThat(rotated.keys()).isEqualTo(2);
		assertThat(rotated.rotatedAt()).isNotNull();
		assertThat(audit.events(TenantId.of("cyberia"))).extracting(AuditEvent::reason)
			.containsExactly("yearly rotation");
		assertThat(decrypt(keys, "cyberia", before)).isEqualTo("before");

		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.rotate("cyberia", " ", "no one"));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.rotate("nokeyyet", "ops", "typo"))
			.withMessageContaining("has no data key yet");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.key("Not A Tenant"));
		assertThat(audit.events(TenantId.of("cyberia"))).hasSize(1);
	}

	@Test
	void anInstanceThatFindsTheKeyDestroyedStopsUsingItsCachedCopy() {
		TenantKeys here = instance();
		TenantKeys there = instance();
		TenantLifecycle lifecycle = lifecycle(List.of(here.purgeStep()));
		lifecycle.onboard(new Tenant(TenantId.of("skynet"), "Skynet", TenantStatus.ACTIVE, Placement.SHARED), null,
				"ops", "contract 11");
		byte[] older = encrypt(here, "skynet", "older");
		assertThat(decrypt(there, "skynet", older)).isEqualTo("older");
		here.rotate(TenantId.of("skynet"), "ops", "rotation");
		byte[] newer = encrypt(here, "skynet", "newer");
		lifecycle.offboard(TenantId.of("skynet"), "ops", "contract ended");
		lifecycle.purge(TenantId.of("skynet"), "ops", "retention period over");
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(there, "skynet", newer))
			.withMessageContaining("was destroyed");
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(there, "skynet", older))
			.as("the copy cached before the purge").withMessageContaining("was destroyed");
	}

	@Test
	void aPurgeThatFailsKeepsTheKey() {
		TenantKeys keys = instance();
		TenantLifecycle lifecycle = lifecycle(List.of(keys.purgeStep(), (tenant, jdbc) -> {
			throw new IllegalStateException("search index unreachable");
		}));
		lifecycle.onboard(new Tenant(TenantId.of("cyberdyne"), "Cyberdyne", TenantStatus.ACTIVE, Placement.SHARED),
				null, "ops", "contract 10");
		byte[] secret = encrypt(keys, "cyberdyne", "cyberdyne's secret");
		lifecycle.offboard(TenantId.of("cyberdyne"), "ops", "contract ended");
		assertThatIllegalStateException()
			.isThrownBy(() -> lifecycle.purge(TenantId.of("cyberdyne"), "ops", "retention period over"))
			.withMessageContaining("search index unreachable");
		assertThat(decrypt(keys, "cyberdyne", secret)).isEqualTo("cyberdyne's secret");
		assertThat(decrypt(instance(), "cyberdyne", secret)).isEqualTo("cyberdyne's secret");
	}

	@Test
	void readingMakesNoKey() {
		TenantKeys keys = instance();
		byte[] foreign = encrypt(keys, "stark", "stark's secret");
		assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(keys, "oscorp", foreign))
			.withMessageContaining("has no data key");
		assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject(
				"select count(*) from tenancy.tenant_keys where subject_tenant = 'oscorp'", Long.class)).isZero();
	}

	@Test
	void theKeysPurgeStepRunsOnlyWithinAPurgesTransaction() {
		TenantKeys keys = instance();
		byte[] secret = encrypt(keys, "tyrell", "tyrell's secret");
		assertThatIllegalStateException()
			.isThrownBy(() -> keys.purgeStep().purge(TenantId.of("tyrell"), new JdbcTemplate(owner)))
			.withMessageContaining("only within TenantLifecycle.purge");
		assertThat(decrypt(instance(), "tyrell", secret)).isEqualTo("tyrell's secret");
	}

	@Test
	void anotherTenantsValueReadAgainAndAgainReadsTheKeysetOnce() {
		AtomicInteger connections = new AtomicInteger();
		DataSource counting = new DelegatingDataSource(owner) {
			@Override
			public Connection getConnection() throws SQLException {
				connections.incrementAndGet();
				return super.getConnection();
			}
		};
		TenantKeys keys = new TenantKeys(new TenantAuditTrail(counting, null), MasterKey.fromKeyset(MASTER),
				Duration.ofMinutes(5), 100);
		byte[] foreign = encrypt(instance(), "gringotts", "not yours");
		encrypt(keys, "ollivanders", "its own key, read once");
		int before = connections.get();
		for (int read = 0; read < 20; read++) {
			assertThatExceptionOfType(TenantKeyException.class).isThrownBy(() -> decrypt(keys, "ollivanders", foreign));
		}
		assertThat(connections.get() - before).as("connections to read the keyset again").isOne();
		assertThat(decrypt(keys, "ollivanders", encrypt(keys, "ollivanders", "still works"))).isEqualTo("still works");
	}

	@Test
	void theKeysPurgeStepRunsOnlyInATransactionOnTheKeysDataSource() {
		TenantKeys keys = instance();
		byte[] secret = encrypt(keys, "nakatomi", "nakatomi's secret");
		TransactionTemplate elsewhere = new TransactionTemplate(
				new DataSourceTransactionManager(db.adminDataSource()));
		assertThatIllegalStateException()
			.isThrownBy(() -> elsewhere.executeWithoutResult((status) -> keys.purgeStep()
				.purge(TenantId.of("nakatomi"), new JdbcTemplate(owner))))
			.withMessageContaining("only within TenantLifecycle.purge");
		assertThat(decrypt(instance(), "nakatomi", secret)).isEqualTo("nakatomi's secret");
	}

	@Test
	void loadingAKeyTakesNoConnectionFromTheApplicationsPool() throws Exception {
		try (HikariDataSource application = db.newAppPool(1); Connection held = application.getConnection()) {
			TenantKeys keys = instance();
			assertThat(decrypt(keys, "weyland", encrypt(keys, "weyland", "while the pool is empty")))
				.isEqualTo("while the pool is empty");
			assertThat(held.isValid(1)).isTrue();
		}
	}

	@Test
	void instancesMakingATenantsFirstKeyAtOnceEndUpWithOne() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 5; round++) {
				String tenant = "race" + round;
				CountDownLatch start = new CountDownLatch(1);
				List<Future<byte[]>> secrets = List.of(this.encryptAfter(threads, start, instance(), tenant),
						this.encryptAfter(threads, start, instance(), tenant));
				start.countDown();
				byte[] first = secrets.get(0).get(10, TimeUnit.SECONDS);
				byte[] second = secrets.get(1).get(10, TimeUnit.SECONDS);
				TenantKeys fresh = instance();
				assertThat(decrypt(fresh, tenant, first)).isEqualTo("secret");
				assertThat(decrypt(fresh, tenant, second)).isEqualTo("secret");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void theRuntimeRoleReadsKeysAndCannotChangeThem() {
		encrypt(instance(), "soylent", "x");
		JdbcTemplate runtime = new JdbcTemplate(db.appDataSource());
		assertThat(runtime.queryForObject("select count(*) from tenancy.tenant_keys where subject_tenant = 'soylent'",
				Long.class)).isEqualTo(1);
		for (String change : List.of("update tenancy.tenant_keys set keyset = null, destroyed_at = now()",
				"delete from tenancy.tenant_keys",
				"insert into tenancy.tenant_keys (subject_tenant, keyset) values ('x', 'y')",
				"truncate tenancy.tenant_keys")) {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> runtime.execute(change))
				.satisfies((ex) -> assertThat(ex.getMostSpecificCause().getMessage()).contains("permission denied"));
		}
	}

	private Future<byte[]> encryptAfter(ExecutorService threads, CountDownLatch start, TenantKeys keys, String tenant) {
		return threads.submit(() -> {
			start.await();
			return encrypt(keys, tenant, "secret");
		});
	}

	private static TenantLifecycle lifecycle(List<TenantPurgeStep> steps) {
		JdbcTenantCatalog catalog = new JdbcTenantCatalog(db.appDataSource(), owner);
		TenantLifecycle lifecycle = new TenantLifecycle(catalog, null, audit, owner, (event) -> {
		}, new TenantLifecycle.Moves("app.tenant_id", "tenant_id", "flyway_schema_history", Duration.ZERO));
		lifecycle.setPurgeSteps(steps);
		return lifecycle;
	}

	private static byte[] encrypt(TenantKeys keys, String tenant, String value) {
		return TenantContext.where(tenant).get(() -> keys.encrypt(value.getBytes(StandardCharsets.UTF_8)));
	}

	private static String decrypt(TenantKeys keys, String tenant, byte[] ciphertext) {
		return TenantContext.where(tenant).get(() -> new String(keys.decrypt(ciphertext), StandardCharsets.UTF_8));
	}

}
