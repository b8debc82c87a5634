package dev.ferry.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 forwarding proxy on {@code 127.0.0.1:PORT} in front of one target (normally a
 * {@link RegistryServer}) that injects faults on demand.
 *
 * <p>It is written on raw sockets so that it forwards requests and responses unchanged except
 * for the {@code Host} header (set to the target) and {@code Location} headers pointing at the
 * target (pointed at the proxy). Bodies are streamed both ways with their original framing
 * ({@code Content-Length}, chunked, or until close), never held in memory, so chunked
 * {@code PATCH} uploads, {@code HEAD} responses with {@code Content-Length}, {@code 100-continue}
 * and multi-gigabyte blobs pass through faithfully. Each client connection gets its own
 * backend connection.
 *
 * <p>Rules can be added while it runs; for each request the first matching rule that still has
 * uses left applies (older rules first):
 * <ul>
 *   <li>{@link #respond}: answer with a given status (and headers) instead of forwarding;</li>
 *   <li>{@link #cutResponseAfter}: forward, but close the client connection after {@code K}
 *       bytes of the response body;</li>
 *   <li>{@link #cutRequestAfter}: forward only {@code K} bytes of the request body, then
 *       drop both connections;</li>
 *   <li>{@link #delay}: wait before forwarding;</li>
 *   <li>{@link #corruptResponse}: forward, but flip the bits of one byte of the response body;</li>
 *   <li>{@link #resetInHead}: forward, relay only {@code K} bytes of the response head (0: none), then reset;</li>
 *   <li>{@link #stallBeforeHead}: forward, then send nothing at all, keeping the connection open.</li>
 * </ul>
 *
 * <p>The rules are {@link FaultRule}s, the requests seen {@link ProxiedRequest}s; a {@link ProxyConnection} serves
 * each client connection, through {@link HttpWire} (heads, framing, bodies) to the {@link ProxyTarget}.
 */
public final class FaultProxy implements AutoCloseable {

    static final int SOCKET_TIMEOUT_MS = (int) Duration.ofMinutes(5).toMillis();

    final ProxyTarget target;
    private final boolean frontTls;
    private final ServerSocket server;
    final ExecutorService pool;
    final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    final List<ProxiedRequest> requests = new CopyOnWriteArrayList<>();
    /** Every open socket, client and backend, so that {@link #close()} ends them all. */
    final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    /** A proxy to {@code targetUrl} (e.g. {@code registry.url()}); plain HTTP in front. */
    public static FaultProxy start(String targetUrl) {
        return builder(targetUrl).start();
    }

    /** A builder for a proxy to {@code targetUrl}, e.g. {@code http://127.0.0.1:5000}. */
    public static FaultProxyBuilder builder(String targetUrl) {
        return new FaultProxyBuilder(targetUrl);
    }

    FaultProxy(FaultProxyBuilder b) {
        this.target = new ProxyTarget(b.target, b.backendSsl);
        this.frontTls = b.frontSsl != null;
        try {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            server = frontTls
                    ? b.frontSsl.getServerSocketFactory().createServerSocket(0, 100, lo)
                    : new ServerSocket(0, 100, lo);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind proxy", e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        });
        pool.submit(this::acceptLoop);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT} (or {@code https://} with {@link FaultProxyBuilder#tls}). */
    public String url() {
        return (frontTls ? "https://" : "http://") + host();
    }

    /** The proxy's port. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * For the next {@code times} requests matching {@code method} ({@code null} or {@code "*"}
     * for any) and {@code pathRegex} (full match on the path, without query), answers
     * {@code status} with a small JSON error body instead of forwarding.
     */
    public FaultRule respond(String method, String pathRegex, int status, int times) {
        return respond(method, pathRegex, status, times, Map.of());
    }

    /** {@link #respond(String, String, int, int)} adding response {@code headers} (e.g. {@code Retry-After}). */
    public FaultRule respond(String method, String pathRegex, int status, int times, Map<String, String> headers) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.RESPOND, times, status, headers, 0, false, Duration.ZERO));
    }

    /** {@code 429 Too Many Requests} with {@code Retry-After: retryAfterSeconds} for the next {@code times} matches. */
    public FaultRule throttle(String method, String pathRegex, int times, int retryAfterSeconds) {
        return respond(method, pathRegex, 429, times, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /**
     * For the next {@code times} matching requests, forwards the request, relays the response
     * head and the first {@code bytes} bytes of the body (as framed on the wire), then closes
     * the client connection: with a FIN (the client sees a premature end of stream, after
     * exactly {@code bytes} bytes) or, when {@code reset}, with a TCP RST (the client sees
     * "connection reset"; data still in flight may be lost, so it may get fewer bytes).
     */
    public FaultRule cutResponseAfter(String method, String pathRegex, long bytes, int times, boolean reset) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.CUT_RESPONSE, times, 0, Map.of(), bytes, reset, Duration.ZERO));
    }

    /** {@link #cutResponseAfter(String, String, long, int, boolean)} with a FIN. */
    public FaultRule cutResponseAfter(String method, String pathRegex, long bytes, int times) {
        return cutResponseAfter(method, pathRegex, bytes, times, false);
    }

    /**
     * For the next {@code times} matching requests, forwards the head and only the first
     * {@code bytes} bytes of the request body (as framed on the wire) to the target, then resets
     * the client connection and closes the backend one (an upload broken mid-stream).
     */
    public FaultRule cutRequestAfter(String method, String pathRegex, long bytes, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.CUT_REQUEST, times, 0, Map.of(), bytes, true, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, relays the response head and the first
     * {@code bytes} bytes of the body, then sends nothing more while keeping the connection open
     * (a registry that stopped sending): the client waits until it gives up or closes it.
     */
    public FaultRule stallResponseAfter(String method, String pathRegex, long bytes, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.STALL, times, 0, Map.of(), bytes, false, Duration.ZERO));
    }

    /** Client connections open now. */
    public int openConnections() {
        return open.get();
    }

    /** The most client connections that were open at once since the start (or the last {@link #resetPeak()}). */
    public int peakConnections() {
        return peak.get();
    }

    /** Starts counting the peak of open connections again from the number open now. */
    public void resetPeak() {
        peak.set(open.get());
    }

    /** Client connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Waits {@code delay} before forwarding the next {@code times} matching requests. */
    public FaultRule delay(String method, String pathRegex, Duration delay, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.DELAY, times, 0, Map.of(), 0, false, delay));
    }

    /**
     * For the next {@code times} matching requests, forwards the request and relays the response
     * unchanged except for the byte at {@code offset} of its body (as framed on the wire, so for
     * a {@code Content-Length} body: that byte of the content), whose bits are inverted. The
     * client gets the right length and a clean end, only the bytes are wrong (a blob that does
     * not hash to its digest). A body shorter than {@code offset + 1} passes unchanged.
     */
    public FaultRule corruptResponse(String method, String pathRegex, long offset, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.CORRUPT_RESPONSE, times, 0, Map.of(), offset, false, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, forwards the request (the target does the
     * work), relays only the first {@code headBytes} bytes of the response head — 0: none, a reset
     * before the headers; a few: a reset inside them — then resets the client connection.
     */
    public FaultRule resetInHead(String method, String pathRegex, int headBytes, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.RESET_HEAD, times, 0, Map.of(), headBytes, true, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, forwards the request and then sends nothing
     * back, not even the status line, keeping the connection open until the client gives up.
     */
    public FaultRule stallBeforeHead(String method, String pathRegex, int times) {
        return add(new FaultRule(method, pathRegex, FaultRule.Action.STALL_HEAD, times, 0, Map.of(), 0, false, Duration.ZERO));
    }

    /** Removes all rules. */
    public void clearRules() {
        rules.clear();
    }

    /** Every request seen so far, oldest first. */
    public List<ProxiedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Counts requests seen with {@code method} ({@code null}/{@code "*"} for any) whose path fully matches {@code pathRegex}. */
    public long countRequests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests.stream()
                .filter(r -> method == null || "*".equals(method) || r.method().equalsIgnoreCase(method))
                .filter(r -> p.matcher(r.path()).matches())
                .count();
    }

    /** Whether {@link #close()} was called: connections end. */
    boolean closed() {
        return closed;
    }

    /** Stops accepting, drops every open connection. */
    @Override
    public void close() {
        closed = true;
        ProxyConnection.closeQuietly(server);
        for (Socket s : sockets) {
            ProxyConnection.closeQuietly(s);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FaultRule add(FaultRule r) {
        rules.add(r);
        return r;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                pool.submit(() -> new ProxyConnection(this, s).run());
            } catch (IOException e) {
                if (!closed) {
                    sleep(10);
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
