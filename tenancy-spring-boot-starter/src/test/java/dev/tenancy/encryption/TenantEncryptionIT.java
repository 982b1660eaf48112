package dev.tenancy.encryption;

import java.util.UUID;

import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.jpa.crypto.TenantKeyException;
import dev.tenancy.jpa.crypto.TenantKeys;
import dev.tenancy.jpa.lifecycle.TenantLifecycle;
import dev.tenancy.test.TenancyTestDatabase;
import dev.tenancy.test.WithTenancyDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A JPA attribute kept encrypted with its tenant's data key, through the whole auto-configured stack on
 * PostgreSQL: stored as ciphertext, read back as the tenant, unreadable once the tenant is purged; tenants' keys
 * are read without a second connection of the application's pool, here a pool of one.
 */
@SpringBootTest(classes = TenantEncryptionIT.TestApplication.class,
		properties = { "tenancy.catalog.type=jdbc", "tenancy.crypto.enabled=true",
				"spring.flyway.locations=classpath:db/encryption-it",
				// the transaction holds the pool's only connection while a tenant's key is read
				"spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=2000" })
@WithTenancyDatabase
@DirtiesContext
class TenantEncryptionIT {

	@DynamicPropertySource
	static void masterKey(DynamicPropertyRegistry registry) {
		String keyset = TenantKeys.newMasterKeyset();
		registry.add("tenancy.crypto.master-keyset", () -> keyset);
	}

	@Autowired
	TenantLifecycle lifecycle;

	@Autowired
	TenancyTestDatabase db;

	@Autowired
	TransactionTemplate transactions;

	@PersistenceContext
	EntityManager entityManager;

	@Test
	void anEncryptedAttributeIsStoredAsCiphertextAndReadBackOnlyAsItsTenant() {
		this.lifecycle.onboard(Tenant.active("acme"), null, "ops", "contract 1");
		UUID id = TenantContext.where("acme").get(() -> this.transactions.execute((status) -> {
			Contact contact = new Contact("Road Runner", "DE-123456789");
			this.entityManager.persist(contact);
			return contact.getId();
		}));
		JdbcTemplate admin = new JdbcTemplate(this.db.adminDataSource());
		String stored = admin.queryForObject("select tax_id from contacts where id = ?", String.class, id);
		assertThat(stored).isNotBlank().doesNotContain("123456789");

		Contact read = TenantContext.where("acme")
			.get(() -> this.transactions.execute((status) -> this.entityManager.find(Contact.class, id)));
		assertThat(read.getTaxId()).isEqualTo("DE-123456789");

		// updated through dirty checking, and encrypted again
		TenantContext.where("acme").run(() -> this.transactions.executeWithoutResult(
				(status) -> this.entityManager.find(Contact.class, id).setTaxId("DE-987654321")));
		assertThat(admin.queryForObject("select tax_id from contacts where id = ?", String.class, id))
			.isNotEqualTo(stored)
			.doesNotContain("987654321");
		String updated = TenantContext.where("acme")
			.get(() -> this.transactions.execute((status) -> this.entityManager.find(Contact.class, id).getTaxId()));
		assertThat(updated).isEqualTo("DE-987654321");
	}

	@Test
	void aValueCopiedIntoAnotherTenantsRowDoesNotDecryptThere() {
		this.lifecycle.onboard(Tenant.active("globex"), null, "ops", "contract 2");
		this.lifecycle.onboard(Tenant.active("initech"), null, "ops", "contract 3");
		UUID globex = persist("globex", "Hank Scorpio", "US-111");
		UUID initech = persist("initech", "Bill Lumbergh", "US-222");
		JdbcTemplate admin = new JdbcTemplate(this.db.adminDataSource());
		admin.update("update contacts set tax_id = (select tax_id from contacts where id = ?) where id = ?", globex,
				initech);
		assertThatException().isThrownBy(() -> TenantContext.where("initech")
			.run(() -> this.transactions.executeWithoutResult((status) -> this.entityManager.find(Contact.class,
					initech))))
			.satisfies((ex) -> assertThat(findKeyException(ex))
				.hasMessageContaining("does not decrypt with that tenant's key"));
	}

	@Test
	void aPurgedTenantsValuesCannotBeReadAgain() {
		this.lifecycle.onboard(Tenant.active("umbrella"), null, "ops", "contract 4");
		UUID id = persist("umbrella", "Albert Wesker", "UK-333");
		String stored = new JdbcTemplate(this.db.adminDataSource())
			.queryForObject("select tax_id from contacts where id = ?", String.class, id);
		this.lifecycle.offboard(TenantId.of("umbrella"), "ops", "contract ended");
		this.lifecycle.purge(TenantId.of("umbrella"), "ops", "retention period over");
		assertThat(new JdbcTemplate(this.db.adminDataSource()).queryForList("select id from contacts where id = ?",
				UUID.class, id)).isEmpty();
		// a copy of the row from before, in a backup say, restored
		this.db.executeAsAdmin("insert into contacts (tenant_id, id, name, tax_id) values ('umbrella', '" + id
				+ "', 'Albert Wesker', '" + stored + "')");
		assertThatException().isThrownBy(() -> TenantContext.where("umbrella")
			.run(() -> this.transactions.executeWithoutResult((status) -> this.entityManager.find(Contact.class,
					id))))
			.satisfies((ex) -> assertThat(findKeyException(ex)).hasMessageContaining("was destroyed"));
	}

	private UUID persist(String tenant, String name, String taxId) {
		return TenantContext.where(tenant).get(() -> this.transactions.execute((status) -> {
			Contact contact = new Contact(name, taxId);
			this.entityManager.persist(contact);
			return contact.getId();
		}));
	}

	private static TenantKeyException findKeyException(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TenantKeyException keyException) {
				return keyException;
			}
		}
		return null;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		TransactionTemplate transactionTemplate(PlatformTransactionManager manager) {
			return new TransactionTemplate(manager);
		}

	}

}
