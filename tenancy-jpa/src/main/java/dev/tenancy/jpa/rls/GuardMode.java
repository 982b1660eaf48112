package dev.tenancy.jpa.rls;

/**
 * What the {@link RlsStartupGuard} does when a check fails.
 */
public enum GuardMode {

	/** Refuse to start. */
	FAIL,

	/** Log a warning and start. */
	WARN,

	/** Do not check. */
	OFF

}
