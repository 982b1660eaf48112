package dev.tenancy.sample.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerTests {

	private final ProblemErrorController controller = new ProblemErrorController();

	@Test
	void errorIsAProblemOfItsStatus() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/projects;tenant=globex");
		request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "The request was rejected because the URL contained ';'");
		ResponseEntity<ProblemDetail> response = this.controller.error(request);
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		ProblemDetail problem = response.getBody();
		assertThat(problem).isNotNull();
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getTitle()).isEqualTo("Bad Request");
		assertThat(problem.getInstance()).hasToString("/api/projects;tenant=globex");
		assertThat(problem.getDetail()).as("messages stay in the log").isNull();
	}

	@Test
	void unknownStatusIsAnInternalError() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 999);
		assertThat(this.controller.error(request).getStatusCode().value()).isEqualTo(500);
	}

	@Test
	void errorPageRequestedDirectlyDoesNotExist() {
		ResponseEntity<ProblemDetail> response = this.controller.error(new MockHttpServletRequest("GET", "/error"));
		assertThat(response.getStatusCode().value()).isEqualTo(404);
		assertThat(response.getBody()).isNotNull();
		assertThat(response.getBody().getInstance()).isNull();
	}

	@Test
	void requestUriThatIsNoUriIsLeftOut() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/a b");
		ResponseEntity<ProblemDetail> response = this.controller.error(request);
		assertThat(response.getBody()).isNotNull();
		assertThat(response.getBody().getInstance()).isNull();
	}

}
