package dev.tenancy.core.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, to take the server away from its clients as an outage would,
 * while the server itself keeps running for other tests: {@link #blackHole()} makes it swallow what clients send, so
 * that they wait for answers that never come; {@link #stop()} closes its port and its connections, so that clients
 * lose theirs and cannot connect again until {@link #start()}.
 */
final class TcpForwarder implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final List<Socket> sockets = new ArrayList<>();

	private int port;

	private @Nullable ServerSocket server;

	private volatile boolean blackHole;

	TcpForwarder(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		start();
	}

	int port() {
		return this.port;
	}

	/** Listens again, on the same port as before if it listened already, and forwards what clients send. */
	synchronized void start() {
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.port = listening.getLocalPort();
			this.server = listening;
			this.blackHole = false;
			Thread acceptor = new Thread(() -> accept(listening), "tcp-forwarder-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Keeps connections open, but from now on drops what clients send instead of forwarding it. */
	void blackHole() {
		this.blackHole = true;
	}

	/** Closes the port and every connection through it. */
	synchronized void stop() {
		closeQuietly(this.server);
		this.server = null;
		this.sockets.forEach(TcpForwarder::closeQuietly);
		this.sockets.clear();
	}

	@Override
	public void close() {
		stop();
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket target = new Socket(this.targetHost, this.targetPort);
				synchronized (this) {
					this.sockets.add(client);
					this.sockets.add(target);
				}
				pump(client, target, true);
				pump(target, client, false);
			}
			catch (SocketException ex) {
				// closed by stop()
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void pump(Socket from, Socket to, boolean fromClient) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					if (!(fromClient && this.blackHole)) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// a socket closed by the other side or by stop()
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-forwarder-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing what is gone
			}
		}
	}

}
