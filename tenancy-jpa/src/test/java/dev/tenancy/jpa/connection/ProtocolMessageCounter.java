package dev.tenancy.jpa.connection;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenancy.test.TenancyTestDatabase;

/**
 * A TCP proxy in front of PostgreSQL that counts, by type, the messages clients send (protocol v3). Each
 * {@code Sync} ('S') ends a pipeline of extended-protocol messages that the client then waits on: one round
 * trip. Clients must not use TLS ({@code sslmode=disable}), or there would be nothing to read.
 */
final class ProtocolMessageCounter implements AutoCloseable {

	private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");

	/** Untyped requests a client may send before its startup message. */
	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_ENCRYPTION_REQUEST = 80877104;

	private static final int CANCEL_REQUEST = 80877102;

	private final ServerSocket server;

	private final String upstreamHost;

	private final int upstreamPort;

	private final String database;

	private final Map<Character, AtomicLong> counts = new ConcurrentHashMap<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private ProtocolMessageCounter(String jdbcUrl) throws IOException {
		Matcher url = URL.matcher(jdbcUrl);
		if (!url.matches()) {
			throw new IllegalArgumentException("Not a PostgreSQL JDBC URL with one host: " + jdbcUrl);
		}
		this.upstreamHost = url.group(1);
		this.upstreamPort = (url.group(2) != null) ? Integer.parseInt(url.group(2)) : 5432;
		this.database = url.group(3);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "protocol-counter-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy in front of the server of a test database.
	 * @param db the database
	 * @return the proxy, which the caller must close
	 */
	static ProtocolMessageCounter inFrontOf(TenancyTestDatabase db) throws IOException {
		return new ProtocolMessageCounter(db.jdbcUrl());
	}

	/**
	 * Returns the JDBC URL of the test database through this proxy, without TLS.
	 * @param options more driver options, such as {@code autosave=always}, or an empty string
	 * @return the URL
	 */
	String jdbcUrl(String options) {
		return "jdbc:postgresql://" + this.server.getInetAddress().getHostAddress() + ":" + this.server.getLocalPort()
				+ "/" + this.database + "?sslmode=disable&gssEncMode=disable" + (options.isEmpty() ? "" : "&" + options);
	}

	/**
	 * Returns a new pool of the restricted role through this proxy.
	 * @param size the maximum pool size
	 * @param options more driver options, or an empty string
	 * @return the pool, which the caller must close
	 */
	HikariDataSource appPool(int size, String options) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl(options));
		config.setUsername(TenancyTestDatabase.APP_ROLE);
		config.setPassword(TenancyTestDatabase.PASSWORD);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		return new HikariDataSource(config);
	}

	/**
	 * Returns how many messages of a type clients sent since the last {@link #reset()}.
	 * @param type the message type, for example 'S' (Sync) or 'Q' (simple query)
	 * @return the count
	 */
	long count(char type) {
		AtomicLong count = this.counts.get(type);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Returns the number of round trips clients made: extended-protocol pipelines, each ended by a Sync.
	 * @return the count
	 */
	long syncs() {
		return count('S');
	}

	void reset() {
		this.counts.clear();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(this.upstreamHost, this.upstreamPort);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump("protocol-counter-out", () -> countAndForward(client.getInputStream(), upstream.getOutputStream()),
						client, upstream);
				pump("protocol-counter-in", () -> upstream.getInputStream().transferTo(client.getOutputStream()), client,
						upstream);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private interface Pump {

		void run() throws IOException;

	}

	private void pump(String name, Pump pump, Socket client, Socket upstream) {
		Thread thread = new Thread(() -> {
			try {
				pump.run();
			}
			catch (IOException ex) {
				// a closed connection ends the pump
			}
			finally {
				closeQuietly(client);
				closeQuietly(upstream);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * Reads the client's messages one by one, counts them by type and forwards them, flushing whenever the
	 * client has nothing more buffered so that pipelines stay together.
	 */
	private void countAndForward(InputStream clientIn, OutputStream upstreamOut) throws IOException {
		DataInputStream in = new DataInputStream(clientIn);
		OutputStream out = new BufferedOutputStream(upstreamOut, 65536);
		try {
			boolean started = false;
			while (!started) {
				int length = in.readInt();
				int code = in.readInt();
				byte[] rest = in.readNBytes(length - 8);
				writeInt(out, length);
				writeInt(out, code);
				out.write(rest);
				out.flush();
				started = code != SSL_REQUEST && code != GSS_ENCRYPTION_REQUEST;
				if (code == CANCEL_REQUEST) {
					return;
				}
			}
			while (true) {
				int type = in.read();
				if (type < 0) {
					return;
				}
				int length = in.readInt();
				byte[] body = in.readNBytes(length - 4);
				this.counts.computeIfAbsent((char) type, (key) -> new AtomicLong()).incrementAndGet();
				out.write(type);
				writeInt(out, length);
				out.write(body);
				if (in.available() == 0) {
					out.flush();
				}
			}
		}
		catch (EOFException ex) {
			// the client went away
		}
	}

	private static void writeInt(OutputStream out, int value) throws IOException {
		out.write(value >>> 24);
		out.write(value >>> 16);
		out.write(value >>> 8);
		out.write(value);
	}

}
