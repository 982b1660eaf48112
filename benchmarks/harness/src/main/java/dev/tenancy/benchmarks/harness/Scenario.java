package dev.tenancy.benchmarks.harness;

/**
 * The ways of serving the same requests that one run compares: six, and three experiments.
 */
enum Scenario {

	/** The same application with the tenancy library switched off and no tenant filtering: one tenant's data. */
	BASELINE("baseline", "baseline", "no tenancy: library switched off, one tenant's rows, key (id)"),

	/** Tenant from the token in a hand-written filter, {@code tenant_id = ?} in every query, no row-level security. */
	HANDWRITTEN("handwritten", "handwritten",
			"hand-written: tenant claim read in a filter, WHERE tenant_id = ? in each query, no RLS, library off"),

	/** The library, every tenant in the shared table: Hibernate {@code @TenantId} and row-level security. */
	SHARED("shared", "library", "library, SHARED: @TenantId filter + row-level security on one shared table"),

	/**
	 * The library, SHARED, a second time: an application and database of its own, configured as {@link #SHARED}.
	 * An experiment, run only when named in {@code --scenarios}: how far two runs of the same application differ
	 * within one run, against which the differences between the scenarios can be read.
	 */
	SHARED_AGAIN("shared_again", "library", "library, SHARED, a second application configured as shared"),

	/**
	 * The library, SHARED, with its Hibernate layer switched off ({@code tenancy.jpa.discriminator-enabled=false}):
	 * row-level security alone. Shows what each of the two layers costs; not a setting to run in production.
	 */
	SHARED_RLS("shared_rls", "library",
			"library, SHARED, row-level security alone (Hibernate layer off: tenancy.jpa.discriminator-enabled=false)"),

	/**
	 * The library, SHARED, without the Hibernate layer's kept load plans ({@code tenancy.jpa.load-plan-cache-size=0}):
	 * Hibernate builds a plan for every load by id, as it does on its own. An experiment, run only when named in
	 * {@code --scenarios}: it measures what the kept plans save, in the same run.
	 */
	SHARED_NO_PLANS("shared_no_plans", "library",
			"library, SHARED, without kept load plans (tenancy.jpa.load-plan-cache-size=0)"),

	/**
	 * The library, SHARED, without the Hibernate layer's kept query translations
	 * ({@code tenancy.jpa.query-translation-cache-size=0}): Hibernate translates every JPQL query on every
	 * execution, as it does on its own while a filter is enabled. An experiment, run only when named in
	 * {@code --scenarios}: it measures what the kept translations save, in the same run.
	 */
	SHARED_NO_TRANSLATIONS("shared_no_translations", "library",
			"library, SHARED, without kept query translations (tenancy.jpa.query-translation-cache-size=0)"),

	/** The library, every tenant in its own schema of the primary database. */
	SCHEMA("schema", "library", "library, SCHEMA: each tenant's own schema (search_path per transaction) + RLS"),

	/** The library, every tenant in its own database with a pool of its own. */
	DATABASE("database", "library", "library, DATABASE: each tenant's own database and pool + RLS");

	private final String key;

	private final String appProfile;

	private final String description;

	Scenario(String key, String appProfile, String description) {
		this.key = key;
		this.appProfile = appProfile;
		this.description = description;
	}

	String key() {
		return this.key;
	}

	String appProfile() {
		return this.appProfile;
	}

	String description() {
		return this.description;
	}

	/** The database the application connects to, and the only one for the first three scenarios. */
	String primaryDatabase() {
		return "tenancy_bench_" + this.key;
	}

	/** The database of a DATABASE tenant. */
	static String tenantDatabase(String tenant) {
		return "tenancy_bench_db_" + tenant;
	}

	/** The schema of a SCHEMA tenant, as the library derives it. */
	static String tenantSchema(String tenant) {
		return "t_" + tenant;
	}

	/** The tenants' placement in the library's catalog ({@code tenancy.tenants.<id>.placement}). */
	String placement() {
		return switch (this) {
			case SCHEMA -> "SCHEMA";
			case DATABASE -> "DATABASE";
			default -> "SHARED";
		};
	}

	/** The scenarios a run compares when none are named: all but the experiments. */
	static java.util.List<Scenario> standard() {
		return java.util.Arrays.stream(values()).filter((scenario) -> !scenario.experiment()).toList();
	}

	/** Whether this scenario is an experiment, which runs only when named in {@code --scenarios}. */
	boolean experiment() {
		return this == SHARED_AGAIN || this == SHARED_NO_PLANS || this == SHARED_NO_TRANSLATIONS;
	}

	/** Whether the Hibernate layer keeps JPQL queries' translations per tenant in this scenario. */
	boolean keepsQueryTranslations() {
		return this != SHARED_NO_TRANSLATIONS;
	}

	/** Whether the Hibernate layer keeps load plans per tenant in this scenario. */
	boolean keepsLoadPlans() {
		return this != SHARED_NO_PLANS;
	}

	/** Whether the library's Hibernate layer filters by tenant in this scenario. */
	boolean hibernateLayer() {
		return this != SHARED_RLS;
	}

	/**
	 * Whether this scenario is not the hand-written variant but runs on its table and data (one shared table, key
	 * {@code (tenant_id, id)}, an index on {@code tenant_id}, all tenants' rows): its ratio to the hand-written
	 * variant is then what it changes beyond keeping tenants in one table. For the library's scenarios, that is what
	 * the library itself costs.
	 */
	boolean sharesHandWrittenTable() {
		return this == SHARED || this == SHARED_AGAIN || this == SHARED_RLS || this == SHARED_NO_PLANS
				|| this == SHARED_NO_TRANSLATIONS;
	}

	/** Whether a request with one tenant's token for another tenant's row must answer 404. */
	boolean isolates() {
		return this != BASELINE;
	}

}
