package dev.tenancy.jpa.migration;

/**
 * Turns migration failures into what is recorded (the whole message, bounded) and what is logged (one line).
 */
final class MigrationErrors {

	private static final int MAX_LENGTH = 4000;

	private MigrationErrors() {
	}

	static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null && message.length() < MAX_LENGTH; cause = cause.getCause()) {
			String text = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
			if (message.indexOf(text) < 0) {
				message.append((message.length() > 0) ? "\nCaused by: " : "").append(text);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return (message.length() > MAX_LENGTH) ? message.substring(0, MAX_LENGTH) : message.toString();
	}

	/** Flyway's messages span lines and frame the SQL error with dashes; a log line should not. */
	static String oneLine(String text) {
		StringBuilder line = new StringBuilder();
		for (String part : text.split("\\R")) {
			String trimmed = part.strip();
			if (trimmed.isEmpty() || trimmed.chars().allMatch((c) -> c == '-')) {
				continue;
			}
			line.append((line.length() > 0) ? "; " : "").append(trimmed);
		}
		return (line.length() > 1000) ? line.substring(0, 1000) + "..." : line.toString();
	}

}
