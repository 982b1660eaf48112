package dev.tenancy.jpa.connection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tenancy.core.context.TenantContext;

/**
 * The unit of work the benchmarks measure: take a connection, run one transaction with a one-row
 * primary-key read, return the connection; spread over threads, each unit for the tenant the supplier names.
 */
final class PrimaryKeyReadLoad {

	private final DataSource dataSource;

	private final UUID id;

	private final int threads;

	PrimaryKeyReadLoad(DataSource dataSource, UUID id, int threads) {
		this.dataSource = dataSource;
		this.id = id;
		this.threads = threads;
	}

	/**
	 * Runs the given number of units and returns the throughput.
	 * @param transactions how many units in all
	 * @param tenant names the tenant of each unit
	 * @return units per second
	 */
	double run(int transactions, Supplier<String> tenant) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(this.threads);
		long started = System.nanoTime();
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < this.threads; t++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < transactions / this.threads; i++) {
						TenantContext.where(tenant.get()).run(this::readOne);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			executor.shutdown();
		}
		return transactions / ((System.nanoTime() - started) / 1e9);
	}

	private void readOne() {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement("select name from projects where id = ?")) {
				select.setObject(1, this.id);
				try (ResultSet rows = select.executeQuery()) {
					if (!rows.next()) {
						throw new IllegalStateException("row not visible");
					}
				}
			}
			connection.commit();
			connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
