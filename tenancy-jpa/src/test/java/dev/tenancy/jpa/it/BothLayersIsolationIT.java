package dev.tenancy.jpa.it;

/**
 * Both layers on: the default.
 */
class BothLayersIsolationIT extends AbstractIsolationIT {

	@Override
	boolean rlsLayer() {
		return true;
	}

	@Override
	boolean hibernateLayer() {
		return true;
	}

}
