package dev.tenancy.sample.stats;

import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts the current tenant's projects and tasks with plain JDBC.
 * <p>
 * The SQL names no tenant: row-level security scopes it. That only works inside a transaction, where the
 * connection carries {@code app.tenant_id}; in autocommit the same statements would count zero rows.
 */
@Service
class StatsService {

	private final JdbcTemplate jdbc;

	StatsService(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	Stats stats() {
		long projects = count("select count(*) from projects");
		long tasks = count("select count(*) from tasks");
		return new Stats(projects, tasks);
	}

	private long count(String sql) {
		return Objects.requireNonNull(this.jdbc.queryForObject(sql, Long.class));
	}

	/**
	 * Counts of the current tenant's rows.
	 *
	 * @param projects the number of projects
	 * @param tasks the number of tasks
	 */
	record Stats(long projects, long tasks) {

	}

}
