package dev.tenancy.jpa.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tenancy.core.Placement;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The latest versions of the tenant migrations the application ships, found by scanning the locations once.
 * <p>
 * This is what makes skipping an up-to-date tenant cheap: its recorded version is compared with the latest
 * version here, without creating a Flyway instance. Versioned SQL migrations ({@code V<version>__<name>.sql})
 * and Java migrations ({@code V<version>__<Name>.class}) in {@code classpath:} and {@code filesystem:}
 * locations are counted; repeatable migrations are not versioned and are not compared.
 */
public final class TenantMigrationSet {

	private static final Pattern VERSIONED = Pattern.compile("^V([0-9][0-9._]*)__[^$/]*\\.(sql|class)$");

	private final @Nullable String schemaVersion;

	private final @Nullable String databaseVersion;

	TenantMigrationSet(@Nullable String schemaVersion, @Nullable String databaseVersion) {
		this.schemaVersion = schemaVersion;
		this.databaseVersion = databaseVersion;
	}

	/**
	 * Scans the locations a factory migrates.
	 * @param resolver resolves the locations' resources, typically the application context
	 * @param factory the factory whose locations to scan
	 * @return the latest versions
	 */
	public static TenantMigrationSet scan(ResourcePatternResolver resolver, TenantFlywayFactory factory) {
		return new TenantMigrationSet(latest(resolver, factory.locations(Placement.SCHEMA)),
				latest(resolver, factory.locations(Placement.DATABASE)));
	}

	/**
	 * Returns the version a tenant of the given placement is at once migrated.
	 * @param placement {@code SCHEMA} or {@code DATABASE}
	 * @return the latest version, or {@code null} if no migrations are shipped for that placement
	 */
	public @Nullable String latestVersion(Placement placement) {
		return switch (placement) {
			case SCHEMA -> this.schemaVersion;
			case DATABASE -> this.databaseVersion;
			case SHARED -> null;
		};
	}

	static @Nullable String latest(ResourcePatternResolver resolver, List<String> locations) {
		MigrationVersion latest = null;
		for (String location : locations) {
			for (Resource resource : resources(resolver, location)) {
				String name = resource.getFilename();
				Matcher matcher = (name != null) ? VERSIONED.matcher(name) : null;
				if (matcher != null && matcher.matches()) {
					MigrationVersion version = MigrationVersion.fromVersion(matcher.group(1));
					if (latest == null || version.isNewerThan(latest)) {
						latest = version;
					}
				}
			}
		}
		return (latest != null) ? latest.getVersion() : null;
	}

	private static Resource[] resources(ResourcePatternResolver resolver, String location) {
		String pattern = toPattern(location);
		try {
			return resolver.getResources(pattern);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan tenant migration location '" + location + "'", ex);
		}
	}

	static String toPattern(String location) {
		String lower = location.toLowerCase(Locale.ROOT);
		String path;
		String prefix;
		if (lower.startsWith("classpath:")) {
			prefix = "classpath*:";
			path = location.substring("classpath:".length());
		}
		else if (lower.startsWith("filesystem:")) {
			prefix = "file:";
			path = location.substring("filesystem:".length());
		}
		else if (!location.contains(":")) {
			prefix = "classpath*:";
			path = location;
		}
		else {
			throw new IllegalArgumentException("Tenant migration location '" + location
					+ "' is not supported; use a classpath: or filesystem: location");
		}
		path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		return prefix + path + "/**/V*__*";
	}

}
