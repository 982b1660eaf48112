package dev.tenancy.test.context;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link WithTenant} on fixture test classes run through JUnit's engine test kit: what each fixture method sees
 * bound, in order, and what is left bound afterwards.
 */
class WithTenantTests {

	static final List<String> seen = new CopyOnWriteArrayList<>();

	@BeforeEach
	@AfterEach
	void nothingBoundHere() {
		seen.clear();
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void bindsTheClassTenantAroundEachTestIncludingBeforeEachAndAfterEach() {
		run(ClassTenant.class).assertStatistics((stats) -> stats.started(1).succeeded(1));
		assertThat(seen).containsExactly("beforeEach:acme", "test:acme", "afterEach:acme");
		assertThat(TenantContext.current()).isEmpty();
		assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
	}

	@Test
	void methodAnnotationWinsOverClassAnnotation() {
		run(MethodWins.class).assertStatistics((stats) -> stats.started(2).succeeded(2));
		assertThat(seen).containsExactly("classTenant:acme", "methodTenant:globex");
	}

	@Test
	void failingTestStillUnbindsAndNothingLeaksIntoTheNextTest() {
		run(FailureThenNext.class).assertStatistics((stats) -> stats.started(4).succeeded(3).failed(1));
		assertThat(seen).containsExactly("failing:acme", "afterEach:acme", "next:none", "afterEach:none",
				"globex:globex", "afterEach:globex", "last:none", "afterEach:none");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void failingBeforeEachStillUnbinds() {
		run(FailingBeforeEach.class).assertStatistics((stats) -> stats.started(1).failed(1));
		assertThat(seen).containsExactly("beforeEach:acme", "afterEach:acme");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void restoresTheTenantBoundBeforeTheTest() {
		TenantContext.where("initech").run(() -> {
			run(ClassTenant.class).assertStatistics((stats) -> stats.succeeded(1));
			assertThat(TenantContext.current()).contains(TenantId.of("initech"));
		});
		assertThat(seen).contains("test:acme");
	}

	@Test
	void nestedClassesInheritTheTenantUnlessTheyNameTheirOwn() {
		run(Outer.class).assertStatistics((stats) -> stats.started(3).succeeded(3));
		assertThat(seen).containsExactlyInAnyOrder("outer:acme", "inherits:acme", "own:globex");
	}

	@Test
	void worksAsAMetaAnnotation() {
		run(MetaAnnotated.class).assertStatistics((stats) -> stats.succeeded(1));
		assertThat(seen).containsExactly("meta:globex");
	}

	@Test
	void invalidTenantIdFailsTheTestNamingTheAnnotation() {
		Events tests = run(InvalidTenant.class);
		tests.assertStatistics((stats) -> stats.started(1).failed(1));
		tests.assertThatEvents()
			.haveExactly(1, event(test("invalid"), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
					message((text) -> text.startsWith("@WithTenant(\"Acme Corp\") on " + InvalidTenant.class.getName()
							+ ".invalid() names no valid tenant: invalid tenant id 'Acme Corp'")
							&& text.endsWith("Use a tenant id such as @WithTenant(\"acme\").")))));
		assertThat(seen).isEmpty();
	}

	static Events run(Class<?> fixture) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
	}

	static String current() {
		return TenantContext.current().map(TenantId::value).orElse("none");
	}

	@WithTenant("acme")
	static class ClassTenant {

		@BeforeEach
		void before() {
			seen.add("beforeEach:" + current());
		}

		@Test
		void test() {
			seen.add("test:" + current());
			assertThat(MDC.get(TenantContext.MDC_KEY)).isEqualTo("acme");
		}

		@AfterEach
		void after() {
			seen.add("afterEach:" + current());
		}

	}

	@WithTenant("acme")
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class MethodWins {

		@Test
		@Order(1)
		void classTenant() {
			seen.add("classTenant:" + current());
		}

		@Test
		@Order(2)
		@WithTenant("globex")
		void methodTenant() {
			seen.add("methodTenant:" + current());
		}

	}

	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class FailureThenNext {

		@Test
		@Order(1)
		@WithTenant("acme")
		void failing() {
			seen.add("failing:" + current());
			throw new IllegalStateException("the test fails");
		}

		@Test
		@Order(2)
		void next() {
			seen.add("next:" + current());
		}

		@Test
		@Order(3)
		@WithTenant("globex")
		void globex() {
			seen.add("globex:" + current());
		}

		@Test
		@Order(4)
		void last() {
			seen.add("last:" + current());
		}

		@AfterEach
		void after() {
			seen.add("afterEach:" + current());
		}

	}

	@WithTenant("acme")
	static class FailingBeforeEach {

		@BeforeEach
		void before() {
			seen.add("beforeEach:" + current());
			throw new IllegalStateException("set-up fails");
		}

		@Test
		void test() {
			seen.add("test:" + current());
		}

		@AfterEach
		void after() {
			seen.add("afterEach:" + current());
		}

	}

	@WithTenant("acme")
	static class Outer {

		@Test
		void outer() {
			seen.add("outer:" + current());
		}

		@Nested
		class Inherits {

			@Test
			void inherits() {
				seen.add("inherits:" + current());
			}

		}

		@Nested
		@WithTenant("globex")
		class Own {

			@Test
			void own() {
				seen.add("own:" + current());
			}

		}

	}

	@Target({ ElementType.TYPE, ElementType.METHOD })
	@Retention(RetentionPolicy.RUNTIME)
	@WithTenant("globex")
	@interface AsGlobex {

	}

	static class MetaAnnotated {

		@Test
		@AsGlobex
		void meta() {
			seen.add("meta:" + current());
		}

	}

	static class InvalidTenant {

		@Test
		@WithTenant("Acme Corp")
		void invalid() {
			seen.add("invalid:" + current());
		}

	}

}
