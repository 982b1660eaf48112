package dev.tenancy.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StorageNamesTests {

	@Test
	void derivesAPrefixedName() {
		assertThat(StorageNames.derive(TenantId.of("acme-eu"))).isEqualTo("t_acme-eu");
		assertThat(StorageNames.quote("t_acme-eu")).isEqualTo("\"t_acme-eu\"");
	}

	@Test
	void longIdsStayWithinTheIdentifierLimitAndApart() {
		String base = "a".repeat(60);
		String one = StorageNames.derive(TenantId.of(base + "one"));
		String two = StorageNames.derive(TenantId.of(base + "two"));
		assertThat(one).hasSize(63).matches(StorageNames.IDENTIFIER).isNotEqualTo(two);
	}

	@Test
	void aShortIdSpelledLikeALongIdsHashedNameDoesNotTakeIt() {
		TenantId longId = TenantId.of("a".repeat(63));
		String hashed = StorageNames.derive(longId);
		// the id whose plain name would be that hashed name, were hashed names also to start with t_
		TenantId lookalike = TenantId.of(hashed.substring(hashed.indexOf('_') + 1));
		assertThat(lookalike.value()).hasSizeLessThanOrEqualTo(61);
		assertThat(StorageNames.derive(lookalike)).isNotEqualTo(hashed);
		assertThat(StorageNames.derive(TenantId.of("a".repeat(52) + "_7d3e74a0")))
			.isNotEqualTo(StorageNames.derive(longId));
	}

	@Test
	void plainNamesAreKeptForIdsThatFitAndHashedNamesHaveAPrefixOfTheirOwn() throws Exception {
		String fits = "b".repeat(61);
		assertThat(StorageNames.derive(TenantId.of(fits))).isEqualTo("t_" + fits);
		for (int length = 62; length <= 63; length++) {
			String id = "c".repeat(length);
			assertThat(StorageNames.derive(TenantId.of(id))).isEqualTo("th_" + "c".repeat(43) + "_" + sha256(id, 8))
				.hasSize(63)
				.matches(StorageNames.IDENTIFIER);
		}
	}

	@Test
	void longIdsThatShareTheirKeptCharactersStillGetDifferentNames() {
		String kept = "d".repeat(43);
		Set<String> names = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			names.add(StorageNames.derive(TenantId.of(kept + "-".repeat(16) + String.format("%04d", i))));
		}
		assertThat(names).hasSize(1000).allSatisfy((name) -> assertThat(name).startsWith("th_" + kept + "_"));
	}

	@Test
	void rejectsNamesThatCouldEscapeQuotingOrHitSystemSchemas() {
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("a\"; drop schema public; --"));
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("pg_catalog"));
		assertThatIllegalArgumentException().isThrownBy(() -> StorageNames.quote("Public"));
	}

	@Test
	void tenantUsesRecordedNamesAndDefaultsOtherwise() {
		Tenant schema = new Tenant(TenantId.of("globex"), "Globex", TenantStatus.ACTIVE, Placement.SCHEMA);
		assertThat(schema.schemaName()).isEqualTo("t_globex");
		Tenant database = new Tenant(TenantId.of("initech"), "Initech", TenantStatus.ACTIVE, Placement.DATABASE, null,
				"second", "initech_db");
		assertThat(database.serverName()).isEqualTo("second");
		assertThat(database.databaseName()).isEqualTo("initech_db");
		assertThat(schema.serverName()).isEqualTo(StorageNames.PRIMARY_SERVER);
	}

	private static String sha256(String value, int bytes) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, bytes);
	}

}
