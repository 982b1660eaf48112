package dev.tenancy.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the running sample that sends exactly the bytes a test asks for: any header, repeated headers, any
 * content type or none, chunked bodies, and, over a plain socket, a request that declares a body it never sends.
 * Every response is returned, whatever its status.
 */
final class HttpProbe {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** A guard against a hung server, not a timing assertion. */
	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final int port;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	HttpProbe(int port) {
		this.port = port;
	}

	Exchange request(String method, String path) {
		return new Exchange(method, path);
	}

	/**
	 * A request being built.
	 */
	final class Exchange {

		private final String method;

		private final String path;

		private final List<String[]> headers = new ArrayList<>();

		private BodyPublisher body = BodyPublishers.noBody();

		private Exchange(String method, String path) {
			this.method = method;
			this.path = path;
		}

		Exchange bearer(@Nullable String token) {
			return (token != null) ? header("Authorization", "Bearer " + token) : this;
		}

		Exchange header(String name, String value) {
			this.headers.add(new String[] { name, value });
			return this;
		}

		Exchange json(String body) {
			return body("application/json", body.getBytes(StandardCharsets.UTF_8));
		}

		/** Sends the bytes with a {@code Content-Length}, and the content type unless it is {@code null}. */
		Exchange body(@Nullable String contentType, byte[] bytes) {
			if (contentType != null) {
				header("Content-Type", contentType);
			}
			this.body = BodyPublishers.ofByteArray(bytes);
			return this;
		}

		/** Sends the bytes with chunked transfer encoding: the server cannot know the size in advance. */
		Exchange chunked(String contentType, byte[] bytes) {
			header("Content-Type", contentType);
			this.body = BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(bytes));
			return this;
		}

		Reply send() {
			URI uri = URI.create("http://localhost:" + HttpProbe.this.port + this.path);
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
				.timeout(TIMEOUT)
				.method(this.method, this.body);
			this.headers.forEach((header) -> builder.header(header[0], header[1]));
			try {
				HttpResponse<String> response = HttpProbe.this.client.send(builder.build(),
						BodyHandlers.ofString(StandardCharsets.UTF_8));
				return new Reply(response.statusCode(), toMap(response.headers()), response.body());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(this.method + " " + this.path + " failed", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/**
		 * Sends the request line and headers over a plain socket, declaring a body of the given length that is
		 * never sent, and reads the response: a server that decides from the declared length answers without
		 * waiting for the body.
		 * @param contentType the content type
		 * @param contentLength the declared length
		 * @return the response
		 */
		Reply declaringBodyOf(String contentType, long contentLength) {
			StringBuilder head = new StringBuilder();
			head.append(this.method).append(' ').append(this.path).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(HttpProbe.this.port).append("\r\n");
			this.headers.forEach((header) -> head.append(header[0]).append(": ").append(header[1]).append("\r\n"));
			head.append("Content-Type: ").append(contentType).append("\r\n");
			head.append("Content-Length: ").append(contentLength).append("\r\n");
			head.append("Connection: close\r\n\r\n");
			try (Socket socket = new Socket("localhost", HttpProbe.this.port)) {
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				OutputStream out = socket.getOutputStream();
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				return RawResponse.read(socket.getInputStream());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(this.method + " " + this.path + " failed", ex);
			}
		}

		private static Map<String, List<String>> toMap(HttpHeaders headers) {
			Map<String, List<String>> map = new LinkedHashMap<>();
			headers.map().forEach((name, values) -> map.put(name.toLowerCase(Locale.ROOT), values));
			return map;
		}

	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body as text
	 */
	record Reply(int status, Map<String, List<String>> headers, String body) {

		@Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		JsonNode json() {
			return json.readTree(this.body);
		}

		@Override
		public String toString() {
			String shown = (this.body.length() > 500) ? this.body.substring(0, 500) + "..." : this.body;
			return this.status + " " + header("Content-Type") + " " + shown;
		}

	}

	/** Reads an HTTP/1.1 response from a socket: status line, headers, and a body by length, chunks or to the end. */
	private static final class RawResponse {

		static Reply read(InputStream in) throws IOException {
			String statusLine = line(in);
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (String line = line(in); !line.isEmpty(); line = line(in)) {
				int colon = line.indexOf(':');
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(line.substring(colon + 1).trim());
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			List<String> length = headers.get("content-length");
			List<String> encoding = headers.get("transfer-encoding");
			if (length != null) {
				body.write(in.readNBytes(Integer.parseInt(length.get(0))));
			}
			else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
				for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
					body.write(in.readNBytes(size));
					line(in);
				}
			}
			else {
				body.write(in.readAllBytes());
			}
			return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
		}

		private static int chunkSize(InputStream in) throws IOException {
			return Integer.parseInt(line(in).trim(), 16);
		}

		private static String line(InputStream in) throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new IOException("connection closed in the middle of the response head");
				}
				if (b != '\r') {
					line.write(b);
				}
			}
			return line.toString(StandardCharsets.ISO_8859_1);
		}

	}

}
