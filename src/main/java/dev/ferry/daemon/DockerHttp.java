package dev.ferry.daemon;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Just enough HTTP/1.1 for the Docker Engine API over a unix socket or plain TCP: one request per
 * connection ({@code Connection: close}), request bodies streamed with chunked encoding, response
 * bodies read as they come (chunked, sized, or to the end). The JDK has no HTTP client for unix
 * sockets; {@link SocketChannel} with a {@link UnixDomainSocketAddress} (JDK 16+) is the transport.
 */
final class DockerHttp {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-docker-timeout");
        t.setDaemon(true);
        return t;
    });
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DockerHttp() {}

    /** A response; {@link #body()} streams what follows the headers. */
    record Response(int status, String reason, Map<String, String> headers, InputStream body) {
        /** The body as text, at most {@code limit} bytes. */
        String text(int limit) throws IOException {
            return new String(body.readNBytes(limit), StandardCharsets.UTF_8);
        }
    }

    /** Opens a connection, or fails saying the daemon cannot be reached and what to check. */
    static Connection connect(DockerHost host) throws DaemonException {
        try {
            if (host.socket() != null) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ch.connect(UnixDomainSocketAddress.of(host.socket()));
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                return new Connection(host, new ChannelIn(ch), new ChannelOut(ch), ch);
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host.host(), host.port()), (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                s.close();
                throw e;
            }
            s.setTcpNoDelay(true);
            return new Connection(host, s.getInputStream(), s.getOutputStream(), s);
        } catch (IOException e) {
            throw unreachable(host, e);
        }
    }

    static DaemonException unreachable(DockerHost host, IOException e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (why.toLowerCase(Locale.ROOT).contains("permission denied")) {
            return new DaemonException(Text.of("daemon.docker.permission_denied", host), e);
        }
        return new DaemonException(Text.of("daemon.docker.unreachable", host, why), e);
    }

    /** One HTTP exchange on its own connection. */
    static final class Connection implements Closeable {
        private final DockerHost host;
        private final InputStream in;
        private final OutputStream out;
        private final Closeable raw;
        private volatile ScheduledFuture<?> deadline;
        private volatile boolean timedOut;

        Connection(DockerHost host, InputStream in, OutputStream out, Closeable raw) {
            this.host = host;
            this.in = new BufferedInputStream(in, 64 * 1024);
            this.out = new BufferedOutputStream(out, 64 * 1024);
            this.raw = raw;
        }

        /** Closes the connection when {@code d} has passed (cancelled by the next call or {@link #close()}). */
        void deadline(Duration d) {
            ScheduledFuture<?> old = deadline;
            if (old != null) old.cancel(false);
            deadline = d == null ? null : TIMER.schedule(() -> {
                timedOut = true;
                closeQuietly();
            }, d.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean timedOut() { return timedOut; }

        /** Sends the request line and headers; {@code chunked} announces a streamed body. */
        void request(String method, String path, Map<String, String> headers, boolean chunked) throws IOException {
            StringBuilder b = new StringBuilder();
            b.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            b.append("Host: docker\r\n");
            b.append("User-Agent: ferry\r\n");
            b.append("Connection: close\r\n");
            for (var h : headers.entrySet()) b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            if (chunked) b.append("Transfer-Encoding: chunked\r\n");
            b.append("\r\n");
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The request body, sent in chunks; closing it ends the body (the connection stays open for the response). */
        OutputStream chunkedBody() {
            return new ChunkedOut(out);
        }

        Response response() throws IOException {
            String status = line();
            while (status.isEmpty()) status = line();
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new LocalizedIOException(Text.of("daemon.http.not_http", host, abbreviate(status)));
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new LocalizedIOException(Text.of("daemon.http.not_http", host, abbreviate(status)));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                if (colon > 0) headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            if (code == 100) return response();
            InputStream body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = new ChunkedIn(in);
            else if (headers.containsKey("content-length")) body = new SizedIn(in, Long.parseLong(headers.get("content-length")));
            else body = in;
            return new Response(code, parts.length > 2 ? parts[2] : "", headers, body);
        }

        private String line() throws IOException {
            return readLine(in);
        }

        void closeQuietly() {
            try {
                raw.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override public void close() {
            deadline(null);
            closeQuietly();
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) throw new LocalizedIOException(Text.of("daemon.http.connection_closed"));
                break;
            }
            if (c == '\n') break;
            if (b.size() > 16 * 1024) throw new LocalizedIOException(Text.of("daemon.http.line_too_long"));
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ------------------------------------------------------------------ streams

    /** Reads a blocking socket channel without {@link java.nio.channels.Channels}' lock shared with writes. */
    private static final class ChannelIn extends InputStream {
        private final SocketChannel ch;

        ChannelIn(SocketChannel ch) { this.ch = ch; }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = ch.read(ByteBuffer.wrap(b, off, len));
            return n < 0 ? -1 : n;
        }

        @Override public void close() throws IOException { ch.close(); }
    }

    private static final class ChannelOut extends OutputStream {
        private final SocketChannel ch;

        ChannelOut(SocketChannel ch) { this.ch = ch; }

        @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) ch.write(buf);
        }

        @Override public void close() throws IOException { ch.close(); }
    }

    /** Chunked transfer encoding: each write of the buffered stream above becomes one chunk. */
    private static final class ChunkedOut extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int n;
        private boolean closed;

        ChunkedOut(OutputStream out) { this.out = out; }

        @Override public void write(int b) throws IOException {
            if (closed) throw new LocalizedIOException(Text.of("daemon.http.body_ended"));
            if (n == buf.length) drain();
            buf[n++] = (byte) b;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new LocalizedIOException(Text.of("daemon.http.body_ended"));
            while (len > 0) {
                if (n == 0 && len >= buf.length) {
                    chunk(b, off, len);
                    return;
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) drain();
            }
        }

        private void drain() throws IOException {
            if (n > 0) chunk(buf, 0, n);
            n = 0;
        }

        private void chunk(byte[] b, int off, int len) throws IOException {
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        }

        @Override public void flush() throws IOException {
            drain();
            out.flush();
        }

        @Override public void close() throws IOException {
            if (closed) return;
            drain();
            closed = true;
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static final class ChunkedIn extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        ChunkedIn(InputStream in) { this.in = in; }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (done) return -1;
            if (left == 0) {
                String size = readLine(in);
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new LocalizedIOException(Text.of("daemon.http.bad_chunk_size", abbreviate(size)));
                }
                if (left == 0) {
                    while (!readLine(in).isEmpty()) { /* trailers */ }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new LocalizedIOException(Text.of("daemon.http.ended_in_chunk"));
            left -= n;
            if (left == 0) readLine(in);
            return n;
        }
    }

    private static final class SizedIn extends InputStream {
        private final InputStream in;
        private long left;

        SizedIn(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new LocalizedIOException(Text.of("daemon.http.ended_early"));
            left -= n;
            return n;
        }
    }
}
