package dev.tenancy.core;

/**
 * Thrown when text that should name a tenant does not match {@link TenantId#PATTERN}.
 */
public class InvalidTenantIdException extends IllegalArgumentException {

	public InvalidTenantIdException(String message) {
		super(message);
	}

}
