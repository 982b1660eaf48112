package dev.tenancy.core.ratelimit;

import java.util.Optional;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteBucketBuilder;

/**
 * A real store's proxy manager seen through its synchronous API only, as a JDBC or Jedis store offers it.
 */
public class SynchronousProxyManager implements ProxyManager<String> {

	private final ProxyManager<String> store;

	public SynchronousProxyManager(ProxyManager<String> store) {
		this.store = store;
	}

	@Override
	public RemoteBucketBuilder<String> builder() {
		return this.store.builder();
	}

	@Override
	public Optional<BucketConfiguration> getProxyConfiguration(String key) {
		return this.store.getProxyConfiguration(key);
	}

	@Override
	public void removeProxy(String key) {
		this.store.removeProxy(key);
	}

	@Override
	public boolean isAsyncModeSupported() {
		return false;
	}

	@Override
	public AsyncProxyManager<String> asAsync() {
		throw new UnsupportedOperationException("synchronous only");
	}

}
