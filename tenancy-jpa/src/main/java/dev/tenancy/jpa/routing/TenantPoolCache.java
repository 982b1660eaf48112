package dev.tenancy.jpa.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.CustomizableThreadCreator;

/**
 * The open tenant pools, at most {@code maxPools}, least recently used first, and the retired ones still
 * draining.
 * <p>
 * A pool leaves the open set when a new pool needs its place (least recently used first) or when it has been
 * idle for the idle timeout; either way it is {@linkplain TenantPool#retire() retired}, and closed on the
 * housekeeping thread once its connections are back, never on a request thread. Creating a pool opens no
 * connection, so the lock is never held across network I/O.
 */
final class TenantPoolCache implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TenantPoolCache.class);

	private final int maxPools;

	private final Duration idleTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	/** Open pools, least recently used first. Guarded by {@link #lock}. */
	private final LinkedHashMap<TenantPool.Key, TenantPool> open = new LinkedHashMap<>(16, 0.75f, true);

	private final Set<TenantPool> draining = ConcurrentHashMap.newKeySet();

	/** Signalled, under {@link #lock}, whenever a draining pool is closed. */
	private final Condition poolClosed = this.lock.newCondition();

	private final AtomicLong closedPools = new AtomicLong();

	/** Started with the first pool, under {@link #lock}; read without it to schedule closes. */
	private volatile @Nullable ScheduledThreadPoolExecutor housekeeper;

	private volatile boolean closed;

	TenantPoolCache(int maxPools, Duration idleTimeout) {
		this.maxPools = maxPools;
		this.idleTimeout = idleTimeout;
	}

	/**
	 * Returns the open pool for the key, creating it if there is none, and marks it as the most recently used.
	 * @param key what the pool serves
	 * @param factory creates the pool, given the housekeeping executor and the callback that closes it once
	 * retired and drained; must open no connection
	 * @return the pool
	 */
	TenantPool get(TenantPool.Key key, PoolFactory factory) {
		TenantPool evicted = null;
		TenantPool pool;
		this.lock.lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("Tenant pools are closed: the application is shutting down");
			}
			pool = this.open.get(key);
			if (pool == null) {
				if (this.open.size() >= this.maxPools) {
					Iterator<TenantPool> leastRecentlyUsed = this.open.values().iterator();
					evicted = leastRecentlyUsed.next();
					leastRecentlyUsed.remove();
					// draining from the moment it is not open, so that no one sees it in neither set
					this.draining.add(evicted);
				}
				pool = factory.create(key, housekeeper(), this::scheduleClose);
				this.open.put(key, pool);
			}
			pool.touch();
		}
		finally {
			this.lock.unlock();
		}
		if (evicted != null) {
			logger.debug("Evicting the least recently used pool, of {}, for {}", evicted.key(), key);
			retire(evicted);
		}
		return pool;
	}

	/**
	 * Retires every open pool that has been idle for the idle timeout. Runs periodically once a pool exists.
	 */
	void closeIdlePools() {
		long idleNanos = this.idleTimeout.toNanos();
		List<TenantPool> idle = new ArrayList<>();
		this.lock.lock();
		try {
			for (Iterator<TenantPool> pools = this.open.values().iterator(); pools.hasNext();) {
				TenantPool pool = pools.next();
				if (pool.isIdle(idleNanos)) {
					pools.remove();
					this.draining.add(pool);
					idle.add(pool);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		for (TenantPool pool : idle) {
			logger.debug("Closing the idle pool of {}", pool.key());
			retire(pool);
		}
	}

	/**
	 * Retires the open pools whose keys match, and waits until they, and any retired before, are closed: their
	 * connections back and closed.
	 * @param matching which pools
	 * @param timeout how long to wait at most
	 * @return whether every such pool is closed
	 */
	boolean retireAndAwait(Predicate<TenantPool.Key> matching, Duration timeout) {
		List<TenantPool> retired = new ArrayList<>();
		this.lock.lock();
		try {
			for (Iterator<TenantPool> pools = this.open.values().iterator(); pools.hasNext();) {
				TenantPool pool = pools.next();
				if (matching.test(pool.key())) {
					pools.remove();
					this.draining.add(pool);
					retired.add(pool);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		retired.forEach(this::retire);
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.draining.stream().anyMatch((pool) -> matching.test(pool.key()))) {
				if (remaining <= 0) {
					return false;
				}
				remaining = this.poolClosed.awaitNanos(remaining);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	int openPools() {
		this.lock.lock();
		try {
			return this.open.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	int drainingPools() {
		return this.draining.size();
	}

	long closedPools() {
		return this.closedPools.get();
	}

	/**
	 * Returns the open and the draining pools.
	 * @return a snapshot
	 */
	List<TenantPool> pools() {
		List<TenantPool> pools = new ArrayList<>(this.draining);
		this.lock.lock();
		try {
			pools.addAll(this.open.values());
		}
		finally {
			this.lock.unlock();
		}
		return pools;
	}

	/**
	 * Closes every pool, aborting connections still in use, then the housekeeping thread.
	 */
	@Override
	public void close() {
		List<TenantPool> pools;
		ScheduledThreadPoolExecutor executor;
		this.lock.lock();
		try {
			this.closed = true;
			pools = pools();
			this.open.clear();
			executor = this.housekeeper;
		}
		finally {
			this.lock.unlock();
		}
		pools.forEach(this::closePool);
		if (executor != null) {
			// after the pools: their housekeeping runs on it, and pools closing on it finish undisturbed
			executor.shutdown();
			try {
				executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Called with {@link #lock} held. */
	private ScheduledExecutorService housekeeper() {
		ScheduledThreadPoolExecutor housekeeper = this.housekeeper;
		if (housekeeper == null) {
			CustomizableThreadCreator threads = new CustomizableThreadCreator("tenant-pools-");
			threads.setDaemon(true);
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, threads::createThread);
			executor.setRemoveOnCancelPolicy(true);
			long period = Math.min(30_000, Math.max(50, this.idleTimeout.toMillis() / 2));
			executor.scheduleWithFixedDelay(this::closeIdlePoolsQuietly, period, period, TimeUnit.MILLISECONDS);
			this.housekeeper = executor;
			housekeeper = executor;
		}
		return housekeeper;
	}

	private void closeIdlePoolsQuietly() {
		try {
			closeIdlePools();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close idle tenant pools", ex);
		}
	}

	/** Retires a pool that left the open set, and was added to the draining ones, under {@link #lock}. */
	private void retire(TenantPool pool) {
		pool.retire();
	}

	private void scheduleClose(TenantPool pool) {
		ScheduledThreadPoolExecutor executor = this.housekeeper;
		if (executor != null && !this.closed) {
			try {
				executor.execute(() -> closePool(pool));
				return;
			}
			catch (RejectedExecutionException ex) {
				// shutting down: close it here
			}
		}
		closePool(pool);
	}

	private void closePool(TenantPool pool) {
		try {
			if (pool.close()) {
				this.closedPools.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close the pool of {}", pool.key(), ex);
		}
		finally {
			this.lock.lock();
			try {
				this.draining.remove(pool);
				this.poolClosed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Creates a pool for the cache.
	 */
	@FunctionalInterface
	interface PoolFactory {

		TenantPool create(TenantPool.Key key, ScheduledExecutorService housekeeper, Consumer<TenantPool> closer);

	}

}
