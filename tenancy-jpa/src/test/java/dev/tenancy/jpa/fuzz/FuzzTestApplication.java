package dev.tenancy.jpa.fuzz;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The application the isolation fuzz suite runs: the library's auto-configuration, Spring Data JPA over
 * {@link Board} and {@link Card}, and {@code @Async} on Boot's task executor.
 */
@SpringBootApplication
@EnableAsync
public class FuzzTestApplication {

}
