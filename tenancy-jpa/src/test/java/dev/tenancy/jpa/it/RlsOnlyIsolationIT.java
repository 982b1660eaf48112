package dev.tenancy.jpa.it;

import org.springframework.test.context.TestPropertySource;

/**
 * The Hibernate layer off: row-level security alone must block every path.
 */
@TestPropertySource(properties = "tenancy.jpa.discriminator-enabled=false")
class RlsOnlyIsolationIT extends AbstractIsolationIT {

	RlsOnlyIsolationIT() {
		super(true, false);
	}

}
