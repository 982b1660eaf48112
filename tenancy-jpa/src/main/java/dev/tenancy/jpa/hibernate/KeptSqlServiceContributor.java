package dev.tenancy.jpa.hibernate;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Lets the SQL trees the library keeps per query and tenant keep their SQL too, by registering the JDBC
 * environment of {@link KeptSqlEnvironment}. Hibernate finds this contributor with Java's service loader, for every
 * service registry it builds; the environment it registers is Hibernate's own except where
 * {@code hibernate.query.sqm.translator} is a {@link TenantSqmTranslatorFactory}, which the library's
 * auto-configuration sets through Boot's Hibernate properties.
 */
public final class KeptSqlServiceContributor implements ServiceContributor {

	@Override
	public void contribute(StandardServiceRegistryBuilder registry) {
		registry.addInitiator(new KeptSqlEnvironment.Initiator());
	}

}
