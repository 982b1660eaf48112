package dev.tenancy.test.context;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

import dev.tenancy.core.InvalidTenantIdException;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The tenant binding of the test running on this thread, shared by the JUnit extension and the Spring test
 * listener so that whichever of the two runs first binds and the same one unbinds, and a test is never bound
 * twice.
 */
final class TestTenantBinding {

	private static final ThreadLocal<@Nullable Active> ACTIVE = new ThreadLocal<>();

	private TestTenantBinding() {
	}

	/**
	 * Binds the tenant of the test's {@link WithTenant}, unless it is already bound for this test.
	 * @param testClass the test class
	 * @param testMethod the test method
	 * @param testInstance the test instance
	 * @param binder who binds, and must unbind
	 */
	static void bind(Class<?> testClass, Method testMethod, Object testInstance, Object binder) {
		Active active = ACTIVE.get();
		if (active != null && active.isFor(testInstance, testMethod)) {
			return;
		}
		Optional<WithTenant> annotation = find(testClass, testMethod);
		if (annotation.isEmpty()) {
			return;
		}
		TenantId tenant = tenantOf(annotation.get(), testClass, testMethod);
		ACTIVE.set(new Active(testInstance, testMethod, binder, TenantContext.bind(tenant), active));
	}

	/**
	 * Unbinds what {@link #bind} bound for this test, if the same binder bound it.
	 * @param testMethod the test method
	 * @param testInstance the test instance
	 * @param binder who bound
	 */
	static void unbind(Method testMethod, Object testInstance, Object binder) {
		Active active = ACTIVE.get();
		if (active == null || !active.isFor(testInstance, testMethod) || active.binder() != binder) {
			return;
		}
		if (active.outer() == null) {
			ACTIVE.remove();
		}
		else {
			ACTIVE.set(active.outer());
		}
		active.binding().close();
	}

	static Optional<WithTenant> find(Class<?> testClass, Method testMethod) {
		Optional<WithTenant> onMethod = AnnotationSupport.findAnnotation(testMethod, WithTenant.class);
		if (onMethod.isPresent()) {
			return onMethod;
		}
		// a @Nested class inherits its enclosing class's tenant unless it names its own
		for (Class<?> type = testClass; type != null; type = enclosingOfInner(type)) {
			Optional<WithTenant> onClass = AnnotationSupport.findAnnotation(type, WithTenant.class);
			if (onClass.isPresent()) {
				return onClass;
			}
		}
		return Optional.empty();
	}

	private static @Nullable Class<?> enclosingOfInner(Class<?> type) {
		return (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) ? type.getEnclosingClass() : null;
	}

	private static TenantId tenantOf(WithTenant annotation, Class<?> testClass, Method testMethod) {
		try {
			return TenantId.of(annotation.value());
		}
		catch (InvalidTenantIdException ex) {
			throw new ExtensionConfigurationException("@WithTenant(\"" + annotation.value() + "\") on "
					+ testClass.getName() + "." + testMethod.getName() + "() names no valid tenant: " + ex.getMessage()
					+ ". Use a tenant id such as @WithTenant(\"acme\").", ex);
		}
	}

	private record Active(Object testInstance, Method testMethod, Object binder, TenantContext.Binding binding,
			@Nullable Active outer) {

		boolean isFor(Object instance, Method method) {
			return this.testInstance == instance && this.testMethod.equals(method);
		}

	}

}
