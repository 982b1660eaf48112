package dev.tenancy.jpa.hibernate;

import dev.tenancy.jpa.it.Project;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/** The isolation tests' entities plus entities with joined and table-per-class inheritance. */
@SpringBootApplication
@EntityScan(basePackageClasses = { Project.class, LoadPlansTestApplication.class })
public class LoadPlansTestApplication {

}
