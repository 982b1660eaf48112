package dev.tenancy.test;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyTestDatabaseIT {

	@Test
	void createsAFreshDatabaseWithRestrictedRolesAndDropsItOnClose() {
		String name;
		try (TenancyTestDatabase db = TenancyTestDatabase.create(TenancyTestDatabaseIT.class)) {
			name = db.name();
			assertThat(name).startsWith("tenancy_it_tenancytestdatabaseit_");
			JdbcTemplate app = new JdbcTemplate(db.appDataSource());
			assertThat(app.queryForObject("select current_user", String.class)).isEqualTo(TenancyTestDatabase.APP_ROLE);
			assertThat(app.queryForObject("select rolsuper or rolbypassrls from pg_roles where rolname = current_user",
					Boolean.class)).isFalse();
			JdbcTemplate owner = new JdbcTemplate(db.ownerDataSource());
			assertThat(owner.queryForObject("select pg_get_userbyid(datdba) from pg_database where datname = current_database()",
					String.class)).isEqualTo(TenancyTestDatabase.OWNER_ROLE);
			assertThat(new JdbcTemplate(db.adminDataSource()).queryForObject("select rolsuper from pg_roles where rolname = current_user",
					Boolean.class)).isTrue();
		}
		try (TenancyTestDatabase other = TenancyTestDatabase.create(TenancyTestDatabaseIT.class)) {
			assertThat(new JdbcTemplate(other.adminDataSource())
				.queryForObject("select count(*) from pg_database where datname = ?", Long.class, name)).isZero();
		}
	}

}
