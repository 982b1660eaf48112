package dev.tenancy.core.context;

import java.util.ArrayList;
import java.util.List;

import dev.tenancy.core.Placement;
import dev.tenancy.core.Tenant;
import dev.tenancy.core.TenantId;
import dev.tenancy.core.TenantStatus;
import dev.tenancy.core.catalog.PropertiesTenantCatalog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TenantJobRunnerTests {

	private final PropertiesTenantCatalog catalog = new PropertiesTenantCatalog(List.of(Tenant.active("acme"),
			Tenant.active("globex"), Tenant.active("initech"),
			new Tenant(TenantId.of("hooli"), "Hooli", TenantStatus.SUSPENDED, Placement.SHARED)));

	@Test
	void runsEachActiveTenantInItsOwnScopeAndContinuesPastAFailure() {
		List<String> seen = new ArrayList<>();
		TenantJobRunner.Report report = new TenantJobRunner(this.catalog).forEachActiveTenant("nightly", (tenant) -> {
			seen.add(TenantContext.require().value());
			if (tenant.id().value().equals("globex")) {
				throw new IllegalStateException("globex failed");
			}
		});
		assertThat(seen).containsExactly("acme", "globex", "initech");
		assertThat(report.succeeded()).extracting(TenantId::value).containsExactly("acme", "initech");
		assertThat(report.failed()).containsOnlyKeys(TenantId.of("globex"));
		assertThat(report.allSucceeded()).isFalse();
		assertThat(TenantContext.current()).isEmpty();
	}

}
