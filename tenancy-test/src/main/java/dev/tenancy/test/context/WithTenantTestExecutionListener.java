package dev.tenancy.test.context;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Binds the tenant of {@link WithTenant} in a Spring test before {@code TransactionalTestExecutionListener}
 * (order 4000) begins a test-managed transaction, and unbinds it after that transaction has ended.
 * <p>
 * Without it the JUnit extension alone would bind the tenant after the transaction had begun whenever
 * {@code @SpringBootTest} is declared before {@code @WithTenant}, since JUnit calls extensions in the order
 * they are declared. Registered through {@code META-INF/spring.factories}; the extension and this listener
 * share one binding per test.
 */
class WithTenantTestExecutionListener implements TestExecutionListener, Ordered {

	/** Before {@code TransactionalTestExecutionListener} (4000). */
	static final int ORDER = 3900;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		TestTenantBinding.bind(testContext.getTestClass(), testContext.getTestMethod(),
				testContext.getTestInstance(), this);
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		TestTenantBinding.unbind(testContext.getTestMethod(), testContext.getTestInstance(), this);
	}

}
