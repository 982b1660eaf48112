package dev.tenancy.core.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Redis store that {@code docs/rate-limits.md} shows the one {@code DistributedRateLimitConfigurationIT}
 * runs.
 */
class RateLimitStoreConfigurationTests {

	private static final String START = "// tag::example[]\n";

	@Test
	void theRateLimitsPageShowsThisConfigurationWordForWord() throws IOException {
		String source = Files
			.readString(Path.of("src/test/java/dev/tenancy/core/autoconfigure/RateLimitStoreConfiguration.java"));
		String example = source.substring(source.indexOf(START) + START.length(),
				source.indexOf("// end::example[]"));
		assertThat(example).contains("ProxyManager<String> tenantRateLimitBuckets");
		assertThat(Files.readString(Path.of("../docs/rate-limits.md"))).contains(example.replace("\t", "    "));
	}

}
