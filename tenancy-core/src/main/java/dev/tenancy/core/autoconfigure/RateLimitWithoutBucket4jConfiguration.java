package dev.tenancy.core.autoconfigure;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refuses to start an application that asks for rate limits without Bucket4j, which would otherwise serve every
 * tenant unlimited.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("tenancy.rate-limit.enabled")
@ConditionalOnMissingClass("io.github.bucket4j.Bucket")
class RateLimitWithoutBucket4jConfiguration {

	@Bean
	static InitializingBean tenancyRateLimitNeedsBucket4j() {
		return () -> {
			throw new IllegalStateException("tenancy.rate-limit.enabled is set and Bucket4j is not on the class path, "
					+ "so no tenant would be limited. Add com.bucket4j:bucket4j_jdk17-core (the starter brings it), "
					+ "or set tenancy.rate-limit.enabled=false.");
		};
	}

}
