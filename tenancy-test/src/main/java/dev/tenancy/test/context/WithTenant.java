package dev.tenancy.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test with the tenant bound in {@link dev.tenancy.core.context.TenantContext}, as a request of that
 * tenant would: from before the test's {@code @BeforeEach} methods until after its {@code @AfterEach} methods,
 * and unbound afterwards, also when the test fails.
 * <p>
 * On a test method, or on a test class for all of its tests (including those of {@code @Nested} classes); an
 * annotation on the method wins over one on the class. It may be used as a meta-annotation. In a Spring test
 * the tenant is bound before a test-managed transaction ({@code @Transactional} on the test) begins and stays
 * bound until it has rolled back, so that the transaction's connection and Hibernate session belong to the
 * tenant.
 * <p>
 * The tenant is bound on the thread that runs the test. It is not bound in {@code @BeforeAll} and
 * {@code @AfterAll} methods (use {@code TenantContext.where("acme").run(...)} there), nor on other threads
 * the test starts itself, unless the library's context propagation carries it there.
 * <p>
 * An invalid tenant id fails the test with an error naming this annotation and the test.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WithTenantExtension.class)
public @interface WithTenant {

	/**
	 * The tenant to bind: 1 to 63 lowercase letters, digits, {@code -} or {@code _}, starting with a letter or
	 * a digit, for example {@code "acme"}.
	 * @return the tenant id
	 */
	String value();

}
