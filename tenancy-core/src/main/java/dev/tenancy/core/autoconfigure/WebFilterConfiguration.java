package dev.tenancy.core.autoconfigure;

import java.util.List;

import dev.tenancy.core.catalog.TenantCatalog;
import dev.tenancy.core.catalog.TenantReadiness;
import dev.tenancy.core.resolve.HeaderTenantResolver;
import dev.tenancy.core.resolve.HostTenantResolver;
import dev.tenancy.core.resolve.TenantResolver;
import dev.tenancy.core.resolve.TenantResolverChain;
import dev.tenancy.core.web.TenantFilter;
import dev.tenancy.core.web.TenantRequestAdmission;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "tenancy.web.enabled", matchIfMissing = true)
class WebFilterConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantResolverChain tenantResolverChain(ObjectProvider<TenantResolver> resolvers) {
		return new TenantResolverChain(resolvers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnBooleanProperty("tenancy.resolution.header.enabled")
	@ConditionalOnMissingBean
	HeaderTenantResolver headerTenantResolver(TenancyProperties properties) {
		return new HeaderTenantResolver(properties.getResolution().getHeader().getName());
	}

	@Bean
	@ConditionalOnBooleanProperty("tenancy.resolution.host.enabled")
	@ConditionalOnProperty("tenancy.resolution.host.suffix")
	@ConditionalOnMissingBean
	HostTenantResolver hostTenantResolver(TenancyProperties properties) {
		return new HostTenantResolver(properties.getResolution().getHost().getSuffix());
	}

	@Bean
	@ConditionalOnMissingBean
	TenantFilter tenantFilter(TenantResolverChain tenantResolverChain, TenantCatalog tenantCatalog,
			TenancyProperties properties, ObjectProvider<TenantReadiness> readinessChecks,
			ObjectProvider<TenantRequestAdmission> admissions) {
		TenantFilter filter = new TenantFilter(tenantResolverChain, tenantCatalog,
				properties.getWeb().getTenantFreePaths(), readinessChecks.orderedStream().toList());
		filter.setAdmissions(admissions.orderedStream().toList());
		return filter;
	}

	@Bean
	@ConditionalOnMissingBean(name = "tenantFilterRegistration")
	FilterRegistrationBean<TenantFilter> tenantFilterRegistration(TenantFilter tenantFilter,
			TenancyProperties properties) {
		FilterRegistrationBean<TenantFilter> registration = new FilterRegistrationBean<>(tenantFilter);
		registration.setOrder(properties.getWeb().getFilterOrder());
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

}
