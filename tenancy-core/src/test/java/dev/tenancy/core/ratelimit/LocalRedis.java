package dev.tenancy.core.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis that tests of shared rate-limit buckets run against: {@code TENANCY_TEST_REDIS_URL} (or system property
 * {@code tenancy.test.redis-url}) if set, else {@code redis://127.0.0.1:6379}.
 * <p>
 * A test class registers it as an extension, in a static field ({@code @RegisterExtension}): it connects before
 * the first test, gives each test a {@linkplain #prefix() key prefix} of its own, so that tests and runs never share
 * buckets, deletes the test's keys and closes the connections the test opened after it, and disconnects after the
 * class. When Redis does not answer, each test is skipped with the reason, unless {@code TENANCY_TEST_REQUIRE_REDIS}
 * (or {@code tenancy.test.require-redis}) is {@code true}, as {@code .ci/run} sets it: then it fails.
 */
public final class LocalRedis implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

	private static final String REQUIRE_PROPERTY = "tenancy.test.require-redis";

	private static final String REQUIRE_VARIABLE = "TENANCY_TEST_REQUIRE_REDIS";

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final List<RedisClient> clients = new ArrayList<>();

	// set by beforeEach, before a test uses them

	private @Nullable Connected connected;

	private String prefix = "";

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.connected == null) {
			this.connected = connect();
		}
		this.prefix = "tenancy-test:" + context.getRequiredTestMethod().getName() + ":" + UUID.randomUUID();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.connected != null) {
			closeProxyManagers();
			deleteKeys(this.prefix);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.connected != null) {
			closeProxyManagers();
			this.connected.close();
			this.connected = null;
		}
	}

	/**
	 * Connects to the test Redis, or skips (or fails, where required) the calling test when it does not answer.
	 */
	private static Connected connect() {
		String configured = setting("tenancy.test.redis-url", "TENANCY_TEST_REDIS_URL");
		RedisURI uri = RedisURI.create((configured != null) ? configured : "redis://127.0.0.1:6379");
		uri.setTimeout(Duration.ofSeconds(5));
		// a store that comes back is found again quickly, rather than after Lettuce's default back-off of up to 30 s
		ClientResources resources = ClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(50)))
			.build();
		RedisClient client = RedisClient.create(resources, uri);
		try {
			StatefulRedisConnection<String, String> admin = client.connect();
			admin.sync().ping();
			return new Connected(uri, resources, client, admin);
		}
		catch (RedisException ex) {
			client.shutdown();
			resources.shutdown();
			String problem = "Redis does not answer at " + uri + " (" + ex.getMessage() + "). Tests of rate-limit "
					+ "buckets shared in Redis need it: on Debian or Ubuntu, apt-get install redis-server (.ci/run "
					+ "does), or point TENANCY_TEST_REDIS_URL at one.";
			if ("true".equalsIgnoreCase(setting(REQUIRE_PROPERTY, REQUIRE_VARIABLE))) {
				throw new IllegalStateException(problem + " " + REQUIRE_VARIABLE + "=true, so this fails rather than "
						+ "skips.", ex);
			}
			Assumptions.abort(problem + " Skipped; set " + REQUIRE_VARIABLE + "=true to fail instead.");
			throw new IllegalStateException("unreachable");
		}
	}

	private Connected connected() {
		if (this.connected == null) {
			throw new IllegalStateException("not connected: register LocalRedis with @RegisterExtension");
		}
		return this.connected;
	}

	/**
	 * Returns the current test's key prefix, which no other test uses.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/** Host of the test Redis. */
	public String host() {
		return connected().uri().getHost();
	}

	/** Port of the test Redis. */
	public int port() {
		return connected().uri().getPort();
	}

	/**
	 * Opens a connection of its own, as another application instance would, and returns a Bucket4j proxy manager
	 * over it, keyed by strings, whose keys expire once their buckets would be full again, as
	 * {@code docs/rate-limits.md} has it.
	 * @param clock the clock the buckets are refilled by
	 * @return the proxy manager
	 */
	public ProxyManager<String> newProxyManager(TimeMeter clock) {
		return newProxyManager(connected().uri(), clock, null);
	}

	/**
	 * Returns a Bucket4j proxy manager over a connection of its own to another address, such as a forwarder in front
	 * of this Redis.
	 * @param host the host
	 * @param port the port
	 * @param clock the clock the buckets are refilled by
	 * @return the proxy manager
	 */
	public ProxyManager<String> newProxyManager(String host, int port, TimeMeter clock) {
		return newProxyManager(RedisURI.create(host, port), clock, null);
	}

	/**
	 * Returns a Bucket4j proxy manager over a connection of its own to another address, whose requests give up after
	 * a timeout of Bucket4j's own.
	 * @param host the host
	 * @param port the port
	 * @param clock the clock the buckets are refilled by
	 * @param requestTimeout how long a request waits at most
	 * @return the proxy manager
	 */
	public ProxyManager<String> newProxyManager(String host, int port, TimeMeter clock, Duration requestTimeout) {
		return newProxyManager(RedisURI.create(host, port), clock, requestTimeout);
	}

	private ProxyManager<String> newProxyManager(RedisURI target, TimeMeter clock, @Nullable Duration requestTimeout) {
		RedisClient instance = RedisClient.create(connected().resources(), target);
		synchronized (this.clients) {
			this.clients.add(instance);
		}
		Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder = Bucket4jLettuce
			.casBasedBuilder(instance.connect(CODEC))
			.clientClock(clock)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)));
		return (requestTimeout != null) ? builder.requestTimeout(requestTimeout).build() : builder.build();
	}

	/** Closes the connections of the proxy managers made so far. */
	private void closeProxyManagers() {
		synchronized (this.clients) {
			this.clients.forEach(RedisClient::shutdown);
			this.clients.clear();
		}
	}

	/**
	 * Returns the keys that start with a prefix, sorted.
	 * @param prefix the prefix
	 * @return the keys
	 */
	public List<String> keys(String prefix) {
		List<String> keys = new ArrayList<>();
		ScanArgs matching = ScanArgs.Builder.matches(prefix + "*").limit(1_000);
		KeyScanCursor<String> cursor = connected().admin().sync().scan(matching);
		keys.addAll(cursor.getKeys());
		while (!cursor.isFinished()) {
			cursor = connected().admin().sync().scan(ScanCursor.of(cursor.getCursor()), matching);
			keys.addAll(cursor.getKeys());
		}
		keys.sort(null);
		return keys;
	}

	/**
	 * Writes a hash field, a value of a kind no bucket is kept in.
	 * @param key the key
	 * @param field the field
	 * @param value the value
	 */
	public void hset(String key, String field, String value) {
		connected().admin().sync().hset(key, field, value);
	}

	/**
	 * Returns how long a key has to live.
	 * @param key the key
	 * @return its time to live, or {@code null} if it does not expire or does not exist
	 */
	public @Nullable Duration timeToLive(String key) {
		long millis = connected().admin().sync().pttl(key);
		return (millis >= 0) ? Duration.ofMillis(millis) : null;
	}

	private void deleteKeys(String prefix) {
		List<String> keys = keys(prefix);
		if (!keys.isEmpty()) {
			connected().admin().sync().del(keys.toArray(String[]::new));
		}
	}

	private static @Nullable String setting(String systemProperty, String environmentVariable) {
		String value = System.getProperty(systemProperty);
		if (value == null || value.isBlank()) {
			value = System.getenv(environmentVariable);
		}
		return (value == null || value.isBlank()) ? null : value;
	}

	/** The connection to the test Redis, and the event loops every client of a test class shares. */
	private record Connected(RedisURI uri, ClientResources resources, RedisClient client,
			StatefulRedisConnection<String, String> admin) {

		void close() {
			this.admin.close();
			this.client.shutdown();
			this.resources.shutdown();
		}

	}

}
