package dev.tenancy.jpa.it;

import java.util.List;

import org.springframework.test.context.TestPropertySource;

/**
 * A mixed pair: acme in the shared tables, globex in its own schema, both layers on.
 */
@TestPropertySource(properties = "tenancy.tenants.globex.placement=SCHEMA")
class SharedVersusSchemaIsolationIT extends AbstractIsolationIT {

	SharedVersusSchemaIsolationIT() {
		super(true, true);
	}

	@Override
	List<String> schemas() {
		return List.of("public", "t_globex");
	}

	@Override
	String globexSchema() {
		return "t_globex";
	}

}
