package dev.tenancy.sample.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's own error responses, for requests it refuses before any filter runs, are problem+json once the
 * customizer has replaced the error report valve that Spring Boot adds.
 */
class ProblemErrorReportValveTests {

	private TomcatWebServer server;

	@BeforeEach
	void startTomcat() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		// what Spring Boot's own Tomcat customizer (order 0) adds before ours runs
		factory.addContextCustomizers((context) -> {
			ErrorReportValve valve = new ErrorReportValve();
			valve.setShowReport(false);
			valve.setShowServerInfo(false);
			context.getParent().getPipeline().addValve(valve);
		});
		new WebErrorsConfiguration.ProblemErrorReportValveCustomizer().customize(factory);
		this.server = (TomcatWebServer) factory.getWebServer();
		this.server.start();
	}

	@AfterEach
	void stopTomcat() {
		this.server.stop();
	}

	@Test
	void hostHasTheProblemValveOnly() {
		Valve[] valves = this.server.getTomcat().getHost().getPipeline().getValves();
		assertThat(Arrays.stream(valves).filter(ErrorReportValve.class::isInstance))
			.singleElement()
			.isInstanceOf(ProblemErrorReportValve.class);
	}

	@Test
	void headersTooLargeAreABadRequestProblem() throws IOException {
		String response = send("GET / HTTP/1.1\r\nHost: localhost\r\nX-Large: " + "a".repeat(10_000)
				+ "\r\nConnection: close\r\n\r\n");
		assertProblem(response, 400, "Bad Request");
	}

	@Test
	void malformedRequestLineIsABadRequestProblem() throws IOException {
		String response = send("GET /a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertProblem(response, 400, "Bad Request");
	}

	private static void assertProblem(String response, int status, String title) {
		String[] parts = response.split("\r\n\r\n", 2);
		assertThat(parts[0]).startsWith("HTTP/1.1 " + status)
			.containsIgnoringCase("Content-Type: application/problem+json");
		JsonNode problem = JsonMapper.builder().build().readTree(parts[1]);
		assertThat(problem.path("type").asString()).isEqualTo("about:blank");
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isEqualTo(title);
		assertThat(problem.path("detail").asString()).contains("before the application saw it");
	}

	private String send(String request) throws IOException {
		try (Socket socket = new Socket("localhost", this.server.getPort())) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
