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
	List<Location> locations() {
		return List.of(main("public"), main("t_globex"));
	}

	@Override
	Location globexLocation() {
		return main("t_globex");
	}

}
