package dev.tenancy.jpa.hibernate;

import java.util.Map;
import java.util.UUID;

import dev.tenancy.test.TenancyTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows the Hibernate layer's per-tenant caches are tested on, written with the privileged connection. Acme and
 * globex each own a project with the same id and a task under it; globex owns one more project. Each also owns an
 * invoice (joined inheritance) titled after it and a device (table-per-class inheritance) named after it.
 * @param sharedId the id of both tenants' first project
 * @param globexOnlyId the id of globex's second project
 * @param invoices each tenant's invoice
 * @param devices each tenant's device
 */
record TwoTenantsRows(UUID sharedId, UUID globexOnlyId, Map<String, UUID> invoices, Map<String, UUID> devices) {

	/** Deletes every row of the tables and writes the rows afresh, with new ids. */
	static TwoTenantsRows seed(TenancyTestDatabase database) {
		TwoTenantsRows rows = new TwoTenantsRows(UUID.randomUUID(), UUID.randomUUID(),
				Map.of("acme", UUID.randomUUID(), "globex", UUID.randomUUID()),
				Map.of("acme", UUID.randomUUID(), "globex", UUID.randomUUID()));
		JdbcTemplate admin = new JdbcTemplate(database.adminDataSource());
		admin.execute("delete from tasks; delete from projects; delete from invoices; delete from documents; "
				+ "delete from devices");
		admin.update("insert into projects (tenant_id, id, name) values ('acme', ?, 'A1'), ('globex', ?, 'G-shared'), "
				+ "('globex', ?, 'G1')", rows.sharedId, rows.sharedId, rows.globexOnlyId);
		admin.update("insert into tasks (tenant_id, id, project_id, title) values ('acme', ?, ?, 'acme task'), "
				+ "('globex', ?, ?, 'globex task')", UUID.randomUUID(), rows.sharedId, UUID.randomUUID(), rows.sharedId);
		rows.invoices.forEach((tenant, id) -> {
			admin.update("insert into documents (tenant_id, id, title) values (?, ?, ?)", tenant, id, tenant + " invoice");
			admin.update("insert into invoices (id, amount) values (?, 100)", id);
		});
		rows.devices.forEach((tenant, id) -> admin.update(
				"insert into devices (tenant_id, id, name, serial) values (?, ?, ?, 'S1')", tenant, id, tenant + " device"));
		for (String table : new String[] { "projects", "tasks", "documents", "devices" }) {
			assertThat(admin.queryForObject("select count(*) from " + table + " where tenant_id = 'globex'", Long.class))
				.as("globex's rows in %s", table)
				.isEqualTo(table.equals("projects") ? 2 : 1);
		}
		return rows;
	}

}
