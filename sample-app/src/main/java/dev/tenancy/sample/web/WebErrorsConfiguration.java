package dev.tenancy.sample.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.servlet.filter.OrderedFilter;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of the error contract that sit in front of Spring MVC: the request body limit, and Tomcat's own
 * error report as problem+json.
 */
@Configuration(proxyBeanMethods = false)
class WebErrorsConfiguration {

	/**
	 * Ahead of every filter that may read the body (Spring's form content filter at -9900) and of Spring
	 * Security, so an oversized body is refused before any work is done for it.
	 */
	static final int REQUEST_BODY_LIMIT_ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 10_000;

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(SampleWebProperties properties,
			JsonMapper jsonMapper) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.getMaxRequestBodySize(), jsonMapper));
		registration.setOrder(REQUEST_BODY_LIMIT_ORDER);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValveCustomizer() {
		return new ProblemErrorReportValveCustomizer();
	}

	/**
	 * Replaces the host's error report valve, which Spring Boot's own Tomcat customizer (order 0) has added,
	 * with {@link ProblemErrorReportValve}, and names it as the host's error report valve class so that Tomcat
	 * does not add its default one next to it.
	 */
	static final class ProblemErrorReportValveCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					for (Valve valve : host.getPipeline().getValves()) {
						if (valve instanceof ErrorReportValve) {
							host.getPipeline().removeValve(valve);
						}
					}
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
					host.getPipeline().addValve(new ProblemErrorReportValve());
				}
			});
		}

		@Override
		public int getOrder() {
			return 1;
		}

	}

}
