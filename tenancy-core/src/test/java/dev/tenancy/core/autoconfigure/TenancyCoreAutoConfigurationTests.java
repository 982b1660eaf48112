package dev.tenancy.core.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.tenancy.core.Placement;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.CachingTenantCatalog;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.context.TenantContext;
import dev.tenancy.core.context.TenantJobRunner;
import dev.tenancy.core.observation.TenantObservationFilter;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.HostTenantResolver;
import dev.tenancy.core.resolve.TenantResolver;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyCoreAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class));

	private final ApplicationContextRunner plain = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TenancyCoreAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void addsTheTenantToObservationsForTracesOnlyByDefault() {
		this.plain.run((context) -> assertThat(tagsOfAcmesWork(context.getBean(TenantObservationFilter.class)))
			.containsExactly("high tenant.id=acme"));
		this.plain.withPropertyValues("tenancy.observation.tag-metrics=true")
			.run((context) -> assertThat(tagsOfAcmesWork(context.getBean(TenantObservationFilter.class)))
				.containsExactly("low tenant.id=acme"));
		this.plain.withPropertyValues("tenancy.observation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantObservationFilter.class));
	}

	private static List<String> tagsOfAcmesWork(TenantObservationFilter filter) {
		Observation.Context context = TenantContext.where("acme").get(() -> filter.map(new Observation.Context()));
		List<String> tags = new ArrayList<>();
		context.getLowCardinalityKeyValues().forEach((tag) -> tags.add("low " + tag.getKey() + "=" + tag.getValue()));
		context.getHighCardinalityKeyValues()
			.forEach((tag) -> tags.add("high " + tag.getKey() + "=" + tag.getValue()));
		return tags;
	}

	@Test
	void buildsACachedCatalogFromTenantProperties() {
		this.plain
			.withPropertyValues("tenancy.tenants.acme.display-name=Acme Corp", "tenancy.tenants.globex.status=SUSPENDED",
					"tenancy.tenants.initech.placement=SHARED")
			.run((context) -> {
				TenantCatalog catalog = context.getBean(TenantCatalog.class);
				assertThat(catalog).isInstanceOf(CachingTenantCatalog.class);
				assertThat(catalog.find(TenantId.of("acme"))).hasValueSatisfying((t) -> {
					assertThat(t.displayName()).isEqualTo("Acme Corp");
					assertThat(t.status()).isEqualTo(TenantStatus.ACTIVE);
					assertThat(t.placement()).isEqualTo(Placement.SHARED);
				});
				assertThat(catalog.find(TenantId.of("globex")).map((t) -> t.status())).contains(TenantStatus.SUSPENDED);
				assertThat(catalog.findAll()).hasSize(3);
				assertThat(context).hasSingleBean(TenantJobRunner.class);
			});
	}

	@Test
	void failsToStartWithAnInvalidTenantIdInProperties() {
		this.plain.withPropertyValues("tenancy.tenants.[Bad Id].display-name=x")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("invalid tenant id"));
	}

	@Test
	void failsToStartWhenTwoTenantsWouldShareASchema() {
		this.plain.withPropertyValues("tenancy.tenants.acme.placement=SCHEMA", "tenancy.tenants.globex.placement=SCHEMA",
				"tenancy.tenants.globex.schema=t_acme")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tenants 'acme' and 'globex' would share schema 't_acme'")
				.hasMessageContaining("set tenancy.tenants.globex.schema"));
	}

	@Test
	void backsOffWhenUserDefinesTenantCatalog() {
		this.plain.withUserConfiguration(UserCatalog.class)
			.run((context) -> assertThat(context.getBean(TenantCatalog.class)).isInstanceOf(PropertiesTenantCatalog.class));
	}

	@Test
	void appliesAContextPropagatingTaskDecoratorToBootsExecutor() {
		this.plain.run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
			assertThat(context.getBean(ThreadPoolTaskExecutor.class)).extracting("taskDecorator")
				.isSameAs(context.getBean(TaskDecorator.class));
		});
	}

	@Test
	void taskDecoratorRunsATaskSubmittedWithNoTenantWithNoneOnAWorkerLeftWithATenant() {
		this.plain.run((context) -> {
			TaskDecorator decorator = context.getBean(TaskDecorator.class);
			AtomicReference<Optional<TenantId>> seen = new AtomicReference<>();
			// decorated, and so captured, where no tenant is bound
			Runnable task = decorator.decorate(() -> seen.set(TenantContext.current()));
			// run where a tenant was left bound, as on a pooled worker after a leak
			try (TenantContext.Binding leftover = TenantContext.bind(TenantId.of("acme"))) {
				task.run();
				assertThat(seen.get()).isEmpty();
				assertThat(TenantContext.current()).as("the worker's own binding is put back")
					.contains(TenantId.of("acme"));
			}
		});
	}

	@Test
	void backsOffWhenUserDefinesTaskDecorator() {
		this.plain.withBean("userDecorator", TaskDecorator.class, () -> (runnable) -> runnable)
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingTaskDecorator.class));
	}

	@Test
	void taskDecoratorCanBeSwitchedOff() {
		this.plain.withPropertyValues("tenancy.propagation.task-decorator=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
	}

	@Test
	void registersTheTenantFilterAfterSpringSecurityInWebApplications() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(TenantFilter.class);
			FilterRegistrationBean<?> registration = context.getBean("tenantFilterRegistration", FilterRegistrationBean.class);
			assertThat(registration.getOrder()).isGreaterThan(-100);
			assertThat(context.getBean(TenantResolverChain.class).getResolvers()).isEmpty();
		});
	}

	@Test
	void doesNotRegisterTheFilterOutsideWebApplications() {
		this.plain.run((context) -> assertThat(context).doesNotHaveBean(TenantFilter.class));
	}

	@Test
	void filterCanBeSwitchedOff() {
		this.web.withPropertyValues("tenancy.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantFilter.class));
	}

	@Test
	void headerAndHostResolversAreOptIn() {
		this.web
			.withPropertyValues("tenancy.resolution.header.enabled=true", "tenancy.resolution.host.enabled=true",
					"tenancy.resolution.host.suffix=.example.com")
			.run((context) -> assertThat(context.getBean(TenantResolverChain.class).getResolvers())
				.hasExactlyElementsOfTypes(HeaderTenantResolver.class, HostTenantResolver.class));
	}

	@Test
	void userResolversJoinTheChain() {
		this.web.withBean("userResolver", TenantResolver.class, () -> (request) -> Optional.empty())
			.run((context) -> assertThat(context.getBean(TenantResolverChain.class).getResolvers()).hasSize(1));
	}

	@Test
	void backsOffWhenUserDefinesTenantFilter() {
		this.web.withUserConfiguration(UserFilter.class)
			.run((context) -> assertThat(context.getBean(TenantFilter.class))
				.isSameAs(context.getBean(UserFilter.class).filter));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCatalog {

		@Bean
		TenantCatalog userCatalog() {
			return new PropertiesTenantCatalog(List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilter {

		final TenantFilter filter = new TenantFilter(new TenantResolverChain(List.of()),
				new PropertiesTenantCatalog(List.of()), List.of());

		@Bean
		TenantFilter userTenantFilter() {
			return this.filter;
		}

	}

}
