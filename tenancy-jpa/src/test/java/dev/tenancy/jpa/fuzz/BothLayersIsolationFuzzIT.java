package dev.tenancy.jpa.fuzz;

/**
 * Both layers on, the default.
 */
class BothLayersIsolationFuzzIT extends AbstractIsolationFuzzIT {

	@Override
	protected FuzzVariant variant() {
		return FuzzVariant.bothLayers();
	}

}
