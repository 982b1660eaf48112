package dev.tenancy.sample.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.request.ServletWebRequest;
import tools.jackson.core.exc.JacksonIOException;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTests {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	private final ServletWebRequest request = new ServletWebRequest(
			new MockHttpServletRequest("POST", "/api/projects"));

	@Test
	void bodyOverTheLimitIsContentTooLarge() throws Exception {
		// how the JSON reader reports the stream's failure: wrapped twice
		HttpMessageNotReadableException ex = new HttpMessageNotReadableException("I/O error",
				JacksonIOException.construct(new RequestBodyTooLargeException(DataSize.ofMegabytes(1))),
				new MockHttpInputMessage(new byte[0]));
		ResponseEntity<Object> response = this.handler.handleException(ex, this.request);
		assertThat(response).isNotNull();
		assertThat(response.getStatusCode().value()).isEqualTo(413);
		assertThat(((ProblemDetail) response.getBody()).getDetail()).contains("larger than 1 MB");
	}

	@Test
	void otherUnreadableBodiesStayBadRequests() throws Exception {
		HttpMessageNotReadableException ex = new HttpMessageNotReadableException("JSON parse error",
				new MockHttpInputMessage(new byte[0]));
		ResponseEntity<Object> response = this.handler.handleException(ex, this.request);
		assertThat(response).isNotNull();
		assertThat(response.getStatusCode().value()).isEqualTo(400);
	}

}
