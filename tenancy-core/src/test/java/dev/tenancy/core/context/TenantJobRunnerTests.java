package dev.tenancy.core.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

	@Test
	void skipsAndReportsATenantThatIsNotReadyAsTheTenantFilterWould() {
		List<String> seen = new ArrayList<>();
		TenantJobRunner runner = new TenantJobRunner(this.catalog, List.of((tenant) -> tenant.id().value()
			.equals("globex") ? Optional.of("schema of tenant 'globex' is at version 3, the application needs 4")
					: Optional.empty()));
		TenantJobRunner.Report report = runner.forEachActiveTenant("nightly",
				(tenant) -> seen.add(TenantContext.require().value()));
		assertThat(seen).containsExactly("acme", "initech");
		assertThat(report.succeeded()).extracting(TenantId::value).containsExactly("acme", "initech");
		assertThat(report.failed()).isEmpty();
		assertThat(report.notReady()).containsOnlyKeys(TenantId.of("globex"));
		assertThat(report.notReady().get(TenantId.of("globex"))).contains("version 3");
		assertThat(report.allSucceeded()).isFalse();
	}

	@Test
	void aReadinessCheckThatThrowsFailsThatTenantOnly() {
		TenantJobRunner runner = new TenantJobRunner(this.catalog, List.of((tenant) -> {
			if (tenant.id().value().equals("acme")) {
				throw new IllegalStateException("migration state unreadable");
			}
			return Optional.empty();
		}));
		TenantJobRunner.Report report = runner.forEachActiveTenant("nightly", (tenant) -> {
		});
		assertThat(report.failed()).containsOnlyKeys(TenantId.of("acme"));
		assertThat(report.succeeded()).extracting(TenantId::value).containsExactly("globex", "initech");
	}

}
