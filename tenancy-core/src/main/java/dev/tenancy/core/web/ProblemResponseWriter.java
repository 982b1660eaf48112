package dev.tenancy.core.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tenancy.core.resolve.TenantRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link TenantRejectedException} as an RFC 9457 problem+json response, with the exception's headers.
 */
final class ProblemResponseWriter {

	/** The prefix of every problem type URI this library sends. */
	static final String TYPE_PREFIX = "https://tenancy.dev/problems/";

	private static final JsonMapper json = JsonMapper.builder().build();

	void write(HttpServletRequest request, HttpServletResponse response, TenantRejectedException ex)
			throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TYPE_PREFIX + ex.getReason().slug());
		body.put("title", ex.getReason().title());
		body.put("status", ex.getReason().status());
		body.put("detail", ex.getMessage());
		body.put("instance", request.getRequestURI());
		if (ex.getTenant() != null) {
			body.put("tenant", ex.getTenant());
		}
		response.resetBuffer();
		response.setStatus(ex.getReason().status());
		ex.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json.writeValueAsString(body));
		response.flushBuffer();
	}

}
