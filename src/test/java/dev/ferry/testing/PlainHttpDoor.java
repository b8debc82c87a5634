package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback port in front of a test's own HTTP server (the JDK's {@code HttpServer}) that answers
 * a TLS handshake the way a real plain-HTTP registry does: at once, with {@code 400} and a close.
 *
 * <p>Clients told to skip TLS verification (skopeo's {@code --tls-verify=false}) try HTTPS first
 * and fall back to HTTP only when that fails. The JDK's server takes the TLS ClientHello for the
 * start of a request line and waits for the rest, so every such client stalled for its 10 s
 * handshake timeout before it fell back. Any other connection is passed through byte for byte.
 */
public final class PlainHttpDoor implements AutoCloseable {
    private static final int TLS_HANDSHAKE = 0x16;

    private final ServerSocket listener;
    private final int inner;
    private volatile boolean closed;

    private PlainHttpDoor(int innerPort) throws IOException {
        this.inner = innerPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "plain-http-door");
        t.setDaemon(true);
        t.start();
    }

    /** A door to the server on {@code 127.0.0.1:innerPort}. */
    public static PlainHttpDoor to(int innerPort) throws IOException {
        return new PlainHttpDoor(innerPort);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> serve(client), "plain-http-door-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        try (client) {
            PushbackInputStream in = new PushbackInputStream(client.getInputStream(), 1);
            int first = in.read();
            if (first < 0) return;
            if (first == TLS_HANDSHAKE) {
                client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            in.unread(first);
            try (Socket server = new Socket()) {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), inner));
                Thread up = new Thread(() -> pump(in, server), "plain-http-door-up");
                up.setDaemon(true);
                up.start();
                pump(server.getInputStream(), client);
                up.join(5000);
            }
        } catch (IOException | InterruptedException e) {
            // a connection ended
        }
    }

    /** Copies {@code from} to {@code to}'s socket until the end; then half-closes that direction. */
    private static void pump(InputStream from, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = from.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side went away
        }
    }

    @Override public void close() throws IOException {
        closed = true;
        listener.close();
    }
}
