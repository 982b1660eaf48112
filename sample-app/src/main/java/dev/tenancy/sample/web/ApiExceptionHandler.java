package dev.tenancy.sample.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders Spring MVC's errors as problem+json, like Spring Boot's {@code spring.mvc.problemdetails.enabled}
 * handler it replaces, adds which fields or parameters were invalid to validation problems, and answers a body
 * that grew past the request body limit with 413 rather than 400.
 * <p>
 * Tenant problems (401 is Spring Security's, tenant-required, tenant-not-active and the like) never reach
 * this handler: the tenancy library's filter answers them before a controller runs.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getFieldErrors()
			.stream()
			.map((error) -> error("field", error.getField(), error.getDefaultMessage()))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return super.handleMethodArgumentNotValid(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> error("parameter", Objects.toString(result.getMethodParameter().getParameterName()),
						error.getDefaultMessage())))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return super.handleHandlerMethodValidationException(ex, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.findIn(ex);
		if (tooLarge == null) {
			return super.handleHttpMessageNotReadable(ex, headers, status, request);
		}
		// Spring MVC fills in the instance, the request path, when the response is written
		return handleExceptionInternal(ex, RequestBodyTooLargeException.problem(tooLarge.getLimit(), null), headers,
				HttpStatus.CONTENT_TOO_LARGE, request);
	}

	private static Map<String, String> error(String kind, String name, @Nullable String message) {
		return Map.of(kind, name, "message", Objects.toString(message, "is invalid"));
	}

}
