package dev.tenancy.jpa.fuzz;

import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running application under test: a Spring Boot context of {@link FuzzTestApplication} with the library's
 * auto-configuration, and the beans operations use.
 */
final class FuzzApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	final BoardRepository boards;

	final CardRepository cards;

	final EntityManager entityManager;

	final JdbcTemplate jdbc;

	final TransactionTemplate tx;

	final PlatformTransactionManager transactionManager;

	final AsyncBoards async;

	final AsyncTaskExecutor taskExecutor;

	final DataSource dataSource;

	private FuzzApplication(ConfigurableApplicationContext context) {
		this.context = context;
		this.boards = context.getBean(BoardRepository.class);
		this.cards = context.getBean(CardRepository.class);
		this.entityManager = SharedEntityManagerCreator
			.createSharedEntityManager(context.getBean(EntityManagerFactory.class));
		this.dataSource = context.getBean(DataSource.class);
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.transactionManager = context.getBean(PlatformTransactionManager.class);
		this.tx = new TransactionTemplate(this.transactionManager);
		this.async = context.getBean(AsyncBoards.class);
		this.taskExecutor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
	}

	/**
	 * Starts the application with the given properties ahead of every other property source (the module's
	 * test {@code application.properties} included).
	 * @param properties the properties
	 * @return the application, which the caller must close
	 */
	static FuzzApplication start(Map<String, Object> properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FuzzTestApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((applicationContext) -> applicationContext.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("isolationFuzz", properties)))
			.run();
		return new FuzzApplication(context);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
