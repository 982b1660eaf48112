package dev.tenancy.core.autoconfigure;

import io.github.bucket4j.Bucket;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of per-tenant request rate limits in servlet web applications, when
 * {@code tenancy.rate-limit.enabled} is set and Bucket4j is on the class path: an admission of the tenant filter
 * that takes a token from the tenant's bucket for each request. The buckets are kept in a store all instances share
 * when the application defines a Bucket4j {@code ProxyManager<String>} ({@code tenancy.rate-limit.store}), else in
 * each instance's memory.
 */
@AutoConfiguration(after = TenancyCoreAutoConfiguration.class)
@ConditionalOnClass(Bucket.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("tenancy.rate-limit.enabled")
@EnableConfigurationProperties({ TenancyRateLimitProperties.class, TenancyProperties.class })
@Import({ DistributedRateLimitConfiguration.class, RateLimitConfiguration.class,
		RateLimitAdmissionConfiguration.Metered.class, RateLimitAdmissionConfiguration.Plain.class })
public final class TenancyRateLimitAutoConfiguration {

}
