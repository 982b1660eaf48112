package dev.tenancy.sample.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitFilterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(10), json);

	@Test
	void declaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws Exception {
		MockHttpServletRequest request = post(new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean chainRan = new AtomicBoolean();
		this.filter.doFilter(request, response, (req, res) -> chainRan.set(true));
		assertThat(chainRan).isFalse();
		assertContentTooLarge(response, "10 bytes");
	}

	@Test
	void bodyWithinTheLimitIsReadWhole() throws Exception {
		MockHttpServletRequest request = unknownLength(post("0123456789".getBytes(StandardCharsets.UTF_8)));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response,
				(req, res) -> res.getOutputStream().write(req.getInputStream().readAllBytes()));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("0123456789");
	}

	@Test
	void bodyOfUnknownLengthFailsTheReaderOnceItPassesTheLimit() throws Exception {
		MockHttpServletRequest request = unknownLength(post("0123456789x".getBytes(StandardCharsets.UTF_8)));
		FilterChain chain = (req, res) -> {
			InputStream body = req.getInputStream();
			assertThat(body.readNBytes(10)).hasSize(10);
			assertThatExceptionOfType(RequestBodyTooLargeException.class).isThrownBy(body::read);
		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		assertThat(response.getStatus()).as("the reader handled the failure itself").isEqualTo(200);
	}

	@Test
	void readerOfTheBodyIsLimitedToo() throws Exception {
		MockHttpServletRequest request = unknownLength(post("0123456789x".getBytes(StandardCharsets.UTF_8)));
		FilterChain chain = (req, res) -> assertThatExceptionOfType(RequestBodyTooLargeException.class)
			.isThrownBy(() -> req.getReader().transferTo(java.io.Writer.nullWriter()));
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
	}

	@Test
	void failureThatEscapesTheChainIsAnsweredWith413() throws Exception {
		MockHttpServletRequest request = unknownLength(post(new byte[100]));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			try {
				req.getInputStream().readAllBytes();
			}
			catch (IOException ex) {
				throw new IllegalStateException("a reader that wraps what it cannot handle", ex);
			}
		});
		assertContentTooLarge(response, "10 bytes");
	}

	@Test
	void otherFailuresPassThrough() {
		MockHttpServletRequest request = post(new byte[1]);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.filter.doFilter(request,
				new MockHttpServletResponse(), (req, res) -> {
					throw new IllegalStateException("not about the body");
				}));
	}

	@Test
	void limitIsDescribedAsAPersonWouldWriteIt() {
		assertThat(RequestBodyTooLargeException.describe(DataSize.ofMegabytes(1))).isEqualTo("1 MB");
		assertThat(RequestBodyTooLargeException.describe(DataSize.ofKilobytes(64))).isEqualTo("64 KB");
		assertThat(RequestBodyTooLargeException.describe(DataSize.ofBytes(1000))).isEqualTo("1000 bytes");
	}

	private static void assertContentTooLarge(MockHttpServletResponse response, String limit) throws Exception {
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode problem = json.readTree(response.getContentAsString());
		assertThat(problem.path("status").asInt()).isEqualTo(413);
		assertThat(problem.path("title").asString()).isEqualTo("Content Too Large");
		assertThat(problem.path("detail").asString()).contains(limit);
		assertThat(problem.path("instance").asString()).isEqualTo("/api/projects");
	}

	private static MockHttpServletRequest post(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/projects");
		request.setContentType("application/json");
		request.setContent(body);
		return request;
	}

	/** A chunked body: its length is not declared. */
	private static MockHttpServletRequest unknownLength(MockHttpServletRequest request) {
		return new MockHttpServletRequest(request.getServletContext(), request.getMethod(), request.getRequestURI()) {

			{
				setContentType(request.getContentType());
				setContent(request.getContentAsByteArray());
			}

			@Override
			public int getContentLength() {
				return -1;
			}

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
	}

}
