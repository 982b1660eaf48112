package dev.tenancy.jpa.fuzz;

import org.jspecify.annotations.Nullable;

/**
 * One planned operation, fixed before the run from the seed: what to do, as which tenant, against which other
 * tenant, and three random numbers for the choices that depend on the tenants' state at the time (which row,
 * which value).
 * @param index position in the whole run
 * @param worker the worker that runs it
 * @param kind what it does
 * @param tenant the tenant it runs as, or {@code null} for work with no tenant
 * @param other the other tenant it aims at (its rows, ids, keys); never the tenant itself
 * @param a a random number
 * @param b a random number
 * @param c a random number
 */
record Operation(int index, int worker, OperationKind kind, @Nullable String tenant, String other, long a, long b,
		long c) {

	@Override
	public String toString() {
		return "#" + this.index + " " + this.kind + " (" + this.kind.path() + ") as "
				+ ((this.tenant != null) ? this.tenant : "<no tenant>") + " against " + this.other + " [worker "
				+ this.worker + "]";
	}

}
