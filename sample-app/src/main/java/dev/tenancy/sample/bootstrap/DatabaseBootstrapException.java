package dev.tenancy.sample.bootstrap;

/**
 * Thrown when the sample's database and roles cannot be made ready; carries what to do about it, which
 * {@link DatabaseBootstrapFailureAnalyzer} prints instead of a stack trace.
 */
class DatabaseBootstrapException extends RuntimeException {

	private final String action;

	DatabaseBootstrapException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	DatabaseBootstrapException(String description, String action) {
		super(description);
		this.action = action;
	}

	String getAction() {
		return this.action;
	}

}
