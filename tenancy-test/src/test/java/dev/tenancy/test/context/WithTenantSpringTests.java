package dev.tenancy.test.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tenancy.core.TenantId;
import dev.tenancy.core.context.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link WithTenant} in Spring tests: the tenant is bound before a test-managed transaction begins and until it
 * has rolled back, whichever of {@code @WithTenant} and the Spring annotation comes first.
 */
class WithTenantSpringTests {

	static final List<String> seen = new CopyOnWriteArrayList<>();

	@BeforeEach
	@AfterEach
	void nothingBoundHere() {
		seen.clear();
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void tenantIsBoundBeforeTheTestTransactionBeginsWhenSpringIsDeclaredFirst() {
		run(SpringFirst.class).assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		assertThat(seen).containsExactly("begin:acme", "beforeEach:acme", "test:acme", "afterEach:acme",
				"rollback:acme", "begin:globex", "beforeEach:globex", "failing:globex", "afterEach:globex",
				"rollback:globex");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void tenantIsBoundBeforeTheTestTransactionBeginsWhenWithTenantIsDeclaredFirst() {
		run(WithTenantFirst.class).assertStatistics((stats) -> stats.started(1).succeeded(1));
		assertThat(seen).containsExactly("begin:acme", "test:acme", "rollback:acme");
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void bindsInASpringTestWithoutTransactions() {
		run(NoTransaction.class).assertStatistics((stats) -> stats.started(1).succeeded(1));
		assertThat(seen).containsExactly("test:acme");
		assertThat(TenantContext.current()).isEmpty();
	}

	static Events run(Class<?> fixture) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
	}

	static String current() {
		return TenantContext.current().map(TenantId::value).orElse("none");
	}

	@SpringJUnitConfig(TransactionConfig.class)
	@Transactional
	@WithTenant("acme")
	@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
	static class SpringFirst {

		@BeforeEach
		void before() {
			seen.add("beforeEach:" + current());
		}

		@Test
		void a() {
			seen.add("test:" + current());
		}

		@Test
		@WithTenant("globex")
		void b() {
			seen.add("failing:" + current());
			throw new IllegalStateException("the test fails");
		}

		@AfterEach
		void after() {
			seen.add("afterEach:" + current());
		}

	}

	@WithTenant("acme")
	@SpringJUnitConfig(TransactionConfig.class)
	@Transactional
	static class WithTenantFirst {

		@Test
		void test() {
			seen.add("test:" + current());
		}

	}

	@SpringJUnitConfig(TransactionConfig.class)
	@WithTenant("acme")
	static class NoTransaction {

		@Test
		void test() {
			seen.add("test:" + current());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionConfig {

		@Bean
		PlatformTransactionManager transactionManager() {
			return new RecordingTransactionManager();
		}

	}

	/** Records which tenant is bound when a transaction begins and ends. */
	@SuppressWarnings("serial")
	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			seen.add("begin:" + current());
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			seen.add("commit:" + current());
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			seen.add("rollback:" + current());
		}

	}

}
