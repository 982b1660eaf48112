package dev.tenancy.sample.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies larger than a limit with 413 Content Too Large and a problem+json body.
 * <p>
 * A body whose declared {@code Content-Length} is over the limit is refused before anything else runs, without
 * reading a byte of it. A body of unknown length (chunked) is read through a stream that fails with
 * {@link RequestBodyTooLargeException} once it passes the limit; the API's exception handler answers that with
 * 413, and so does this filter when the failure escapes another reader. Servlet containers limit form posts and
 * multipart uploads, but nothing limits a JSON body, which the JSON reader would otherwise take whole.
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final DataSize limit;

	private final JsonMapper json;

	RequestBodyLimitFilter(DataSize limit, JsonMapper json) {
		this.limit = limit;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit.toBytes()) {
			writeProblem(request, response);
			return;
		}
		try {
			chain.doFilter(new LimitedBodyRequest(request, this.limit), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (RequestBodyTooLargeException.findIn(ex) == null || response.isCommitted()) {
				throw ex;
			}
			writeProblem(request, response);
		}
	}

	private void writeProblem(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.resetBuffer();
		response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		ProblemDetail problem = RequestBodyTooLargeException.problem(this.limit, request.getRequestURI());
		response.getWriter().write(this.json.writeValueAsString(problem));
		response.flushBuffer();
	}

	/** A request whose body can be read up to the limit and no further. */
	private static final class LimitedBodyRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private @Nullable ServletInputStream body;

		LimitedBodyRequest(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.body == null) {
				this.body = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.body;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	/** Counts the bytes read and fails once there are more than the limit. */
	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, DataSize limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.read > this.limit.toBytes()) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
