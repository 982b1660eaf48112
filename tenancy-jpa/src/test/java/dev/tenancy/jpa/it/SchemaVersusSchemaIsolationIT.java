package dev.tenancy.jpa.it;

import java.util.List;

import org.springframework.test.context.TestPropertySource;

/**
 * Two SCHEMA tenants, with the Hibernate layer off: the schema routing and row-level security inside each
 * schema must still keep them apart.
 */
@TestPropertySource(properties = { "tenancy.tenants.acme.placement=SCHEMA", "tenancy.tenants.globex.placement=SCHEMA",
		"tenancy.jpa.discriminator-enabled=false" })
class SchemaVersusSchemaIsolationIT extends AbstractIsolationIT {

	SchemaVersusSchemaIsolationIT() {
		super(true, false);
	}

	@Override
	List<Location> locations() {
		return List.of(main("t_acme"), main("t_globex"));
	}

	@Override
	Location globexLocation() {
		return main("t_globex");
	}

}
