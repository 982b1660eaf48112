package dev.tenancy.test.isolation;

import java.util.ArrayList;
import java.util.List;

import dev.tenancy.core.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What an isolation assertion found: operations that crossed between the tenants, and operations that could
 * not be checked because they do not see even the tenant's own rows.
 */
final class IsolationFindings {

	private final String subject;

	private final TenantId first;

	private final TenantId second;

	private final List<String> crossed = new ArrayList<>();

	private final List<String> uncheckable = new ArrayList<>();

	IsolationFindings(String subject, TenantId first, TenantId second) {
		this.subject = subject;
		this.first = first;
		this.second = second;
	}

	void crossed(String operation, TenantId from, TenantId into, String detail) {
		this.crossed.add(operation + " reached from '" + from + "' into '" + into + "': " + detail);
	}

	void uncheckable(String operation, String detail) {
		this.uncheckable.add(operation + " cannot be checked: " + detail);
	}

	void throwIfAny(@Nullable RuntimeException cleanupFailure) {
		if (this.crossed.isEmpty() && this.uncheckable.isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder("Tenant isolation between '").append(this.first)
			.append("' and '")
			.append(this.second)
			.append("' ");
		if (!this.crossed.isEmpty()) {
			message.append("is broken in ").append(this.subject).append(": ").append(this.crossed.size())
				.append((this.crossed.size() == 1) ? " check" : " checks")
				.append(" crossed between the tenants");
			this.crossed.forEach((line) -> message.append("\n  - ").append(line));
			if (!this.uncheckable.isEmpty()) {
				message.append("\nAnd some operations could not be checked, since they do not see even the tenant's "
						+ "own rows:");
			}
		}
		else {
			message.append("could not be fully checked in ").append(this.subject).append(": some operations do not "
					+ "see even the tenant's own rows, so a check from the other tenant would pass vacuously:");
		}
		this.uncheckable.forEach((line) -> message.append("\n  - ").append(line));
		AssertionError error = new AssertionError(message.toString());
		if (cleanupFailure != null) {
			error.addSuppressed(cleanupFailure);
		}
		throw error;
	}

}
