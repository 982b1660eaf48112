package dev.tenancy.sample.web;

import java.io.IOException;
import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

/**
 * Thrown by a request body stream once the body grows past the limit, rendered as a 413 problem.
 * <p>
 * An {@link IOException}, because that is how readers of a stream expect it to fail: the JSON reader passes it on
 * wrapped, and the exception handler and the limiting filter find it in the cause chain.
 */
final class RequestBodyTooLargeException extends IOException {

	private final DataSize limit;

	RequestBodyTooLargeException(DataSize limit) {
		super("request body larger than " + describe(limit));
		this.limit = limit;
	}

	/**
	 * Returns the problem to answer with.
	 * @param limit the limit the body exceeded
	 * @param instance the request path, or {@code null} to leave it to Spring MVC
	 * @return a 413 problem that names the limit
	 */
	static ProblemDetail problem(DataSize limit, @Nullable String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "The request body is "
				+ "larger than " + describe(limit) + ", the most this API accepts. Send a smaller body.");
		if (instance != null) {
			try {
				problem.setInstance(URI.create(instance));
			}
			catch (IllegalArgumentException ex) {
				// not a URI reference: leave the member out rather than fail the error response
			}
		}
		return problem;
	}

	/**
	 * Finds this exception among the causes of another.
	 * @param ex the exception
	 * @return the exception that reported the oversized body, or {@code null}
	 */
	static @Nullable RequestBodyTooLargeException findIn(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

	DataSize getLimit() {
		return this.limit;
	}

	/** Describes a size the way a person would write it: {@code 1 MB}, {@code 64 KB}, {@code 1000 bytes}. */
	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

}
