package dev.tenancy.core.autoconfigure;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis store of {@code docs/rate-limits.md}, which shows what lies between the tags word for word:
 * {@code DistributedRateLimitConfigurationIT} starts it and checks the page.
 */
// tag::example[]
@Configuration(proxyBeanMethods = false)
class RateLimitStoreConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedisClient rateLimitRedis(@Value("${app.rate-limit.redis-url}") String url) {
		RedisClient client = RedisClient.create(url);
		client.setOptions(ClientOptions.builder()
			// while the connection is lost, fail at once (the library then limits on its own) rather than queue
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		return client;
	}

	@Bean(destroyMethod = "close")
	StatefulRedisConnection<String, byte[]> rateLimitRedisConnection(RedisClient rateLimitRedis) {
		return rateLimitRedis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
	}

	@Bean
	ProxyManager<String> tenantRateLimitBuckets(StatefulRedisConnection<String, byte[]> rateLimitRedisConnection) {
		return Bucket4jLettuce.casBasedBuilder(rateLimitRedisConnection)
			// a bucket's key expires a minute after the bucket would be full again: Redis keeps active tenants only
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
	}

}
// end::example[]
