package dev.tenancy.sample.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as problem+json rather than an HTML page: the answer to a request that Tomcat refuses
 * before any filter or servlet runs, such as a request line it cannot parse or headers larger than
 * {@code server.max-http-request-header-size} (an access token with a huge claim, for one).
 * <p>
 * Like the valve it replaces, it writes only when the response is an error that nothing has answered yet, and
 * it never repeats the request or an exception message. Public because Tomcat's host names its error report
 * valve by class name.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus resolved = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (resolved != null) ? resolved.getReasonPhrase() : "Error");
		problem.put("status", status);
		if (status < 500) {
			problem.put("detail", "The server refused the request before the application saw it: its request line "
					+ "or headers are malformed, or larger than the server accepts.");
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(json.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response cannot take a body: there is no one to tell
		}
	}

}
