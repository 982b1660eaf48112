package dev.tenancy.jpa.rls;

/**
 * Thrown when the {@link RlsStartupGuard} finds that row-level security cannot protect tenant data.
 */
public class RlsGuardException extends IllegalStateException {

	public RlsGuardException(String message) {
		super(message);
	}

	public RlsGuardException(String message, Throwable cause) {
		super(message, cause);
	}

}
