package dev.tenancy.jpa.it;

/**
 * Both layers on: the default.
 */
class BothLayersIsolationIT extends AbstractIsolationIT {

	BothLayersIsolationIT() {
		super(true, true);
	}

}
