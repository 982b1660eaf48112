package dev.tenancy.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test class its own fresh PostgreSQL database ({@link TenancyTestDatabase}): the application
 * connects as the restricted role, Flyway migrates as the owner, and the database is dropped when the test's
 * application context closes. The {@link TenancyTestDatabase} is a bean the test can inject, for privileged
 * checks through {@link TenancyTestDatabase#adminDataSource()}.
 * <p>
 * Sets {@code spring.datasource.url}, {@code username} and {@code password}, {@code spring.flyway.user} and
 * {@code password}, and {@code spring.flyway.placeholders.appRole} (the runtime role, for {@code GRANT}s in
 * migrations). Each annotated class gets its own application context; combine with {@code @DirtiesContext} to
 * drop the database as soon as the class has run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithTenancyDatabase {

}
