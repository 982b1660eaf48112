package dev.tenancy.test.context;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Binds the tenant of {@link WithTenant} around each test, {@code @BeforeEach} and {@code @AfterEach} methods
 * included; registered by the annotation.
 * <p>
 * JUnit runs the after-each callbacks of every registered extension, also when the test or a
 * {@code @BeforeEach} method failed, so the tenant never outlives the test.
 */
class WithTenantExtension implements BeforeEachCallback, AfterEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		TestTenantBinding.bind(context.getRequiredTestClass(), context.getRequiredTestMethod(),
				context.getRequiredTestInstance(), this);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		TestTenantBinding.unbind(context.getRequiredTestMethod(), context.getRequiredTestInstance(), this);
	}

}
