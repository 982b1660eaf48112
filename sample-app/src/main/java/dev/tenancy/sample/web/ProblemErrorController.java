package dev.tenancy.sample.web;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders the servlet container's error page, {@code /error}, as problem+json, in place of Spring Boot's
 * {@code BasicErrorController} and its own JSON format.
 * <p>
 * The error page answers what no handler did: a request refused by Spring Security's firewall, a request body
 * that never arrived (408), an unhandled exception (500). The problem names the status only; exception messages
 * stay in the log. Requested directly, with no error to render, the page does not exist (404).
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code == null) ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
		if (code instanceof Integer value && HttpStatus.resolve(value) != null) {
			status = HttpStatus.valueOf(value);
		}
		ProblemDetail problem = ProblemDetail.forStatus(status);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// not a URI reference: leave the member out rather than fail the error response
			}
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
