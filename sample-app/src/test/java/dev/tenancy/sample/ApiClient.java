package dev.tenancy.sample;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client of the running sample: fetches tokens from its {@code /oauth2/token} endpoint and calls
 * its API, returning every response (errors included) for assertions.
 */
final class ApiClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RestClient rest;

	private final Map<String, String> tokens = new ConcurrentHashMap<>();

	ApiClient(int port) {
		this.rest = RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/**
	 * Returns an access token for the client, fetched once through the client-credentials grant.
	 * @param clientId the client id, whose secret is its prefix plus {@code -secret}
	 * @return the token
	 */
	String token(String clientId) {
		return this.tokens.computeIfAbsent(clientId, (id) -> {
			Response response = requestToken(id, secretOf(id));
			if (response.status() != 200) {
				throw new IllegalStateException("no token for " + id + ": " + response);
			}
			return response.json().path("access_token").asString();
		});
	}

	Response requestToken(String clientId, String secret) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		ResponseEntity<String> entity = this.rest.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(clientId, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.toEntity(String.class);
		return Response.of(entity);
	}

	/**
	 * Returns the claims of a JWT, read without verifying it.
	 * @param token the token
	 * @return the claims
	 */
	static JsonNode claims(String token) {
		return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

	Request as(String clientId) {
		return new Request(token(clientId));
	}

	Request withToken(@Nullable String token) {
		return new Request(token);
	}

	private static String secretOf(String clientId) {
		return switch (clientId) {
			case "platform-admin" -> "platform-secret";
			default -> clientId.substring(0, clientId.length() - "-client".length()) + "-secret";
		};
	}

	/**
	 * A request being built for one caller.
	 */
	final class Request {

		private final @Nullable String token;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private Request(@Nullable String token) {
			this.token = token;
		}

		Request header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		Response get(String path) {
			return send(HttpMethod.GET, path, null);
		}

		/** Sends a GET with one query parameter, its value encoded as data (so {@code %} stays a percent sign). */
		Response get(String path, String parameter, String value) {
			return Response.of(ApiClient.this.rest.get()
				.uri((uri) -> uri.path(path).queryParam(parameter, "{value}").build(value))
				.headers(this::addHeaders)
				.retrieve()
				.toEntity(String.class));
		}

		Response delete(String path) {
			return send(HttpMethod.DELETE, path, null);
		}

		Response post(String path, @Nullable String body) {
			return send(HttpMethod.POST, path, body);
		}

		Response put(String path, String body) {
			return send(HttpMethod.PUT, path, body);
		}

		private Response send(HttpMethod method, String path, @Nullable String body) {
			RestClient.RequestBodySpec spec = ApiClient.this.rest.method(method).uri(path).headers(this::addHeaders);
			if (body != null) {
				spec.contentType(MediaType.APPLICATION_JSON).body(body);
			}
			return Response.of(spec.retrieve().toEntity(String.class));
		}

		private void addHeaders(HttpHeaders headers) {
			if (this.token != null) {
				headers.setBearerAuth(this.token);
			}
			this.headers.forEach(headers::add);
		}

	}

	/**
	 * A response, with its body parsed as JSON when there is one.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the raw body, empty if none
	 */
	record Response(int status, HttpHeaders headers, String body) {

		static Response of(ResponseEntity<String> entity) {
			return new Response(entity.getStatusCode().value(), entity.getHeaders(),
					(entity.getBody() != null) ? entity.getBody() : "");
		}

		JsonNode json() {
			return json.readTree(this.body);
		}

		@Nullable MediaType contentType() {
			return this.headers.getContentType();
		}

		/** Whether the body is problem+json, whatever the charset parameter. */
		boolean isProblem() {
			MediaType type = contentType();
			return type != null && MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(type);
		}

		/** The problem type of a problem+json body. */
		String problemType() {
			return json().path("type").asString();
		}

	}

}
