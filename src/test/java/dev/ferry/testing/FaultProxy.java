package dev.ferry.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

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
 */
public final class FaultProxy implements AutoCloseable {

    private static final int MAX_HEAD = 256 * 1024;
    private static final int BUF = 64 * 1024;
    private static final int SOCKET_TIMEOUT_MS = (int) Duration.ofMinutes(5).toMillis();

    /** What a rule does to a matching request. */
    public enum Action {
        /** Answer with a fixed status instead of forwarding. */
        RESPOND,
        /** Close the client connection after K bytes of the response body. */
        CUT_RESPONSE,
        /** Forward K bytes of the request body, then drop both connections. */
        CUT_REQUEST,
        /** Wait, then forward normally. */
        DELAY,
        /** Relay the head and K bytes of the response body, then send nothing more, keeping the connection open. */
        STALL,
        /** Forward, inverting the byte at offset K of the response body. */
        CORRUPT_RESPONSE,
        /** Forward, relay the first K bytes of the response head (0: none of it), then reset the connection. */
        RESET_HEAD,
        /** Forward, then send nothing, keeping the connection open. */
        STALL_HEAD
    }

    /** A fault rule; see the {@code FaultProxy} methods that create them. */
    public static final class Rule {
        private final String method;
        private final Pattern path;
        private final Action action;
        private final int status;
        private final Map<String, String> headers;
        private final long bytes;
        private final boolean reset;
        private final Duration delay;
        private final AtomicInteger remaining;
        private final AtomicInteger applied = new AtomicInteger();
        private final AtomicInteger matched = new AtomicInteger();

        private Rule(String method, String pathRegex, Action action, int times, int status, Map<String, String> headers,
                     long bytes, boolean reset, Duration delay) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.action = action;
            this.remaining = new AtomicInteger(times);
            this.status = status;
            this.headers = Map.copyOf(headers);
            this.bytes = bytes;
            this.reset = reset;
            this.delay = delay;
        }

        /** How many requests this rule was applied to. */
        public int applied() {
            return applied.get();
        }

        /** How many requests matched the method and path, including those after the rule was used up. */
        public int matched() {
            return matched.get();
        }

        /** How many more requests this rule will apply to. */
        public int remaining() {
            return Math.max(0, remaining.get());
        }

        /** Stops the rule from applying to further requests. */
        public void disable() {
            remaining.set(0);
        }

        boolean matches(String m, String p) {
            return (method == null || "*".equals(method) || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
        }

        /** Atomically takes one use; false when used up. */
        boolean take() {
            while (true) {
                int r = remaining.get();
                if (r <= 0) {
                    return false;
                }
                if (remaining.compareAndSet(r, r - 1)) {
                    applied.incrementAndGet();
                    return true;
                }
            }
        }

        @Override
        public String toString() {
            String what = switch (action) {
                case RESPOND -> "respond " + status;
                case CUT_RESPONSE -> "cut response after " + bytes + " bytes" + (reset ? " (reset)" : "");
                case CUT_REQUEST -> "cut request after " + bytes + " bytes";
                case DELAY -> "delay " + delay.toMillis() + " ms";
                case STALL -> "stall after " + bytes + " bytes";
                case CORRUPT_RESPONSE -> "corrupt response byte " + bytes;
                case RESET_HEAD -> bytes == 0 ? "reset before the response head" : "reset after " + bytes + " bytes of the response head";
                case STALL_HEAD -> "stall before the response head";
            };
            return what + " for " + (method == null ? "*" : method) + " " + path.pattern()
                    + " (applied " + applied() + ", matched " + matched() + ", remaining " + remaining() + ")";
        }
    }

    /** One request seen by the proxy. */
    public static final class Request {
        private final String method;
        private final String uri;
        private final String path;
        private volatile int status;
        private volatile String fault;

        Request(String method, String uri, String path) {
            this.method = method;
            this.uri = uri;
            this.path = path;
        }

        /** The request method. */
        public String method() {
            return method;
        }

        /** The request target as sent (path and query). */
        public String uri() {
            return uri;
        }

        /** The path without the query. */
        public String path() {
            return path;
        }

        /** The status sent to the client; 0 when no response head was sent (yet). */
        public int status() {
            return status;
        }

        /** Description of the rule applied, or {@code null}. */
        public String fault() {
            return fault;
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + (fault == null ? "" : " [" + fault + "]");
        }
    }

    /** Builder; see {@link FaultProxy#builder(String)}. */
    public static final class Builder {
        private final URI target;
        private SSLContext backendSsl;
        private SSLContext frontSsl;

        private Builder(String targetUrl) {
            this.target = URI.create(targetUrl);
        }

        /** Trusts {@code ca} when the target is HTTPS. */
        public Builder trust(TestCa ca) {
            this.backendSsl = ca.clientSslContext();
            return this;
        }

        /** Trusts whatever {@code ctx} trusts when the target is HTTPS. */
        public Builder backendSsl(SSLContext ctx) {
            this.backendSsl = ctx;
            return this;
        }

        /** Serves HTTPS to clients with the server certificate of {@code ca}. */
        public Builder tls(TestCa ca) {
            this.frontSsl = ca.serverSslContext();
            return this;
        }

        /** Binds and starts accepting. */
        public FaultProxy start() {
            return new FaultProxy(this);
        }
    }

    private final URI target;
    private final String targetAuthority;
    private final boolean targetTls;
    private final SSLContext backendSsl;
    private final boolean frontTls;
    private final ServerSocket server;
    private final ExecutorService pool;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A proxy to {@code targetUrl} (e.g. {@code registry.url()}); plain HTTP in front. */
    public static FaultProxy start(String targetUrl) {
        return builder(targetUrl).start();
    }

    /** A builder for a proxy to {@code targetUrl}, e.g. {@code http://127.0.0.1:5000}. */
    public static Builder builder(String targetUrl) {
        return new Builder(targetUrl);
    }

    private FaultProxy(Builder b) {
        this.target = b.target;
        this.targetTls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() != -1 ? target.getPort() : (targetTls ? 443 : 80);
        this.targetAuthority = target.getHost() + ":" + port;
        if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())
                && !"[::1]".equals(target.getHost())) {
            throw new IllegalArgumentException("FaultProxy only forwards to loopback, not " + target);
        }
        this.backendSsl = b.backendSsl;
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

    /** {@code http://127.0.0.1:PORT} (or {@code https://} with {@link Builder#tls}). */
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
    public Rule respond(String method, String pathRegex, int status, int times) {
        return respond(method, pathRegex, status, times, Map.of());
    }

    /** {@link #respond(String, String, int, int)} adding response {@code headers} (e.g. {@code Retry-After}). */
    public Rule respond(String method, String pathRegex, int status, int times, Map<String, String> headers) {
        return add(new Rule(method, pathRegex, Action.RESPOND, times, status, headers, 0, false, Duration.ZERO));
    }

    /** {@code 429 Too Many Requests} with {@code Retry-After: retryAfterSeconds} for the next {@code times} matches. */
    public Rule throttle(String method, String pathRegex, int times, int retryAfterSeconds) {
        return respond(method, pathRegex, 429, times, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /**
     * For the next {@code times} matching requests, forwards the request, relays the response
     * head and the first {@code bytes} bytes of the body (as framed on the wire), then closes
     * the client connection: with a FIN (the client sees a premature end of stream, after
     * exactly {@code bytes} bytes) or, when {@code reset}, with a TCP RST (the client sees
     * "connection reset"; data still in flight may be lost, so it may get fewer bytes).
     */
    public Rule cutResponseAfter(String method, String pathRegex, long bytes, int times, boolean reset) {
        return add(new Rule(method, pathRegex, Action.CUT_RESPONSE, times, 0, Map.of(), bytes, reset, Duration.ZERO));
    }

    /** {@link #cutResponseAfter(String, String, long, int, boolean)} with a FIN. */
    public Rule cutResponseAfter(String method, String pathRegex, long bytes, int times) {
        return cutResponseAfter(method, pathRegex, bytes, times, false);
    }

    /**
     * For the next {@code times} matching requests, forwards the head and only the first
     * {@code bytes} bytes of the request body (as framed on the wire) to the target, then resets
     * the client connection and closes the backend one (an upload broken mid-stream).
     */
    public Rule cutRequestAfter(String method, String pathRegex, long bytes, int times) {
        return add(new Rule(method, pathRegex, Action.CUT_REQUEST, times, 0, Map.of(), bytes, true, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, relays the response head and the first
     * {@code bytes} bytes of the body, then sends nothing more while keeping the connection open
     * (a registry that stopped sending): the client waits until it gives up or closes it.
     */
    public Rule stallResponseAfter(String method, String pathRegex, long bytes, int times) {
        return add(new Rule(method, pathRegex, Action.STALL, times, 0, Map.of(), bytes, false, Duration.ZERO));
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
    public Rule delay(String method, String pathRegex, Duration delay, int times) {
        return add(new Rule(method, pathRegex, Action.DELAY, times, 0, Map.of(), 0, false, delay));
    }

    /**
     * For the next {@code times} matching requests, forwards the request and relays the response
     * unchanged except for the byte at {@code offset} of its body (as framed on the wire, so for
     * a {@code Content-Length} body: that byte of the content), whose bits are inverted. The
     * client gets the right length and a clean end, only the bytes are wrong (a blob that does
     * not hash to its digest). A body shorter than {@code offset + 1} passes unchanged.
     */
    public Rule corruptResponse(String method, String pathRegex, long offset, int times) {
        return add(new Rule(method, pathRegex, Action.CORRUPT_RESPONSE, times, 0, Map.of(), offset, false, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, forwards the request (the target does the
     * work), relays only the first {@code headBytes} bytes of the response head — 0: none, a reset
     * before the headers; a few: a reset inside them — then resets the client connection.
     */
    public Rule resetInHead(String method, String pathRegex, int headBytes, int times) {
        return add(new Rule(method, pathRegex, Action.RESET_HEAD, times, 0, Map.of(), headBytes, true, Duration.ZERO));
    }

    /**
     * For the next {@code times} matching requests, forwards the request and then sends nothing
     * back, not even the status line, keeping the connection open until the client gives up.
     */
    public Rule stallBeforeHead(String method, String pathRegex, int times) {
        return add(new Rule(method, pathRegex, Action.STALL_HEAD, times, 0, Map.of(), 0, false, Duration.ZERO));
    }

    /** Removes all rules. */
    public void clearRules() {
        rules.clear();
    }

    /** Every request seen so far, oldest first. */
    public List<Request> requests() {
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

    /** Stops accepting, drops every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Rule add(Rule r) {
        rules.add(r);
        return r;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                pool.submit(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    sleep(10);
                }
            }
        }
    }

    // ---------------------------------------------------------------- connection handling

    /** A parsed message head: first line plus header lines (original spelling and order). */
    private static final class Head {
        final String firstLine;
        final List<String[]> headers = new ArrayList<>();

        Head(String firstLine) {
            this.firstLine = firstLine;
        }

        String get(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        boolean hasToken(String name, String token) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    for (String t : h[1].split(",")) {
                        if (t.trim().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        void set(String name, String value) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    h[1] = value;
                    return;
                }
            }
            headers.add(new String[] {name, value});
        }

        byte[] bytes() {
            StringBuilder sb = new StringBuilder(firstLine).append("\r\n");
            for (String[] h : headers) {
                sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Body framing of a message. */
    private enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    /** Thrown when a cut rule ended the connection on purpose. */
    private static final class CutException extends IOException {
        CutException(String m) {
            super(m);
        }
    }

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    private void serve(Socket client) {
        Socket backend = null;
        accepted.incrementAndGet();
        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
            client.setSoTimeout(SOCKET_TIMEOUT_MS);
            client.setTcpNoDelay(true);
            InputStream cin = new BufferedInputStream(client.getInputStream(), BUF);
            OutputStream cout = new BufferedOutputStream(client.getOutputStream(), BUF);
            InputStream bin = null;
            OutputStream bout = null;
            while (!closed) {
                Head req = readHead(cin);
                if (req == null) {
                    return;
                }
                String[] line = req.firstLine.split(" ", 3);
                if (line.length < 3) {
                    sendSimple(cout, 400, Map.of(), false, true);
                    return;
                }
                String method = line[0];
                String uri = line[1];
                int q = uri.indexOf('?');
                String path = q < 0 ? uri : uri.substring(0, q);
                Request record = new Request(method, uri, path);
                requests.add(record);
                Framing reqFraming = requestFraming(req);
                long reqLength = contentLength(req);
                boolean clientWantsClose = req.hasToken("Connection", "close") || line[2].equals("HTTP/1.0");

                Rule rule = null;
                for (Rule r : rules) {
                    if (r.matches(method, path)) {
                        r.matched.incrementAndGet();
                        if (rule == null && r.take()) {
                            rule = r;
                        }
                    }
                }
                if (rule != null) {
                    record.fault = rule.action == Action.RESPOND ? "respond " + rule.status : rule.toString();
                }

                if (rule != null && rule.action == Action.RESPOND) {
                    boolean expectContinue = req.hasToken("Expect", "100-continue");
                    boolean close = clientWantsClose || expectContinue;
                    if (!expectContinue) {
                        copyBody(cin, OutputStream.nullOutputStream(), reqFraming, reqLength, Long.MAX_VALUE);
                    }
                    record.status = rule.status;
                    sendSimple(cout, rule.status, rule.headers, method.equals("HEAD"), close);
                    if (close) {
                        return;
                    }
                    continue;
                }
                if (rule != null && rule.action == Action.DELAY) {
                    Thread.sleep(rule.delay.toMillis());
                }

                // forward
                boolean reused = backend != null && !backend.isClosed();
                if (!reused) {
                    backend = connectBackend();
                    bin = new BufferedInputStream(backend.getInputStream(), BUF);
                    bout = new BufferedOutputStream(backend.getOutputStream(), BUF);
                }
                req.set("Host", targetAuthority);
                if (reused && reqFraming == Framing.NONE && !backendAlive(backend, bin)) {
                    // the target closed the idle keep-alive connection: use a fresh one
                    closeQuietly(backend);
                    sockets.remove(backend);
                    backend = connectBackend();
                    bin = new BufferedInputStream(backend.getInputStream(), BUF);
                    bout = new BufferedOutputStream(backend.getOutputStream(), BUF);
                }
                bout.write(req.bytes());
                bout.flush();
                final OutputStream fbout = bout;
                final Socket fbackend = backend;
                final Rule cutReq = rule != null && rule.action == Action.CUT_REQUEST ? rule : null;
                Future<?> pump = null;
                if (reqFraming != Framing.NONE) {
                    pump = pool.submit(() -> {
                        try {
                            if (cutReq != null) {
                                copyBody(cin, fbout, reqFraming, reqLength, cutReq.bytes);
                                fbout.flush();
                                reset(client);
                                closeQuietly(fbackend);
                                throw new CutException("request cut");
                            }
                            copyBody(cin, fbout, reqFraming, reqLength, Long.MAX_VALUE);
                            fbout.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return null;
                    });
                }

                Head resp;
                int status;
                while (true) {
                    resp = readHead(bin);
                    if (resp == null) {
                        throw new EOFException("backend closed the connection before answering " + method + " " + uri);
                    }
                    String[] sl = resp.firstLine.split(" ", 3);
                    status = Integer.parseInt(sl[1]);
                    if (status >= 100 && status < 200 && status != 101) {
                        cout.write(resp.bytes());
                        cout.flush();
                        continue;
                    }
                    break;
                }
                if (rule != null && rule.action == Action.RESET_HEAD) {
                    byte[] head = resp.bytes();
                    cout.write(head, 0, (int) Math.min(rule.bytes, head.length));
                    cout.flush();
                    reset(client);
                    closeQuietly(backend);
                    return;
                }
                if (rule != null && rule.action == Action.STALL_HEAD) {
                    stall(client, cin);
                    return;
                }
                record.status = status;
                String location = resp.get("Location");
                if (location != null) {
                    resp.set("Location", rewriteLocation(location));
                }
                Framing respFraming = responseFraming(method, status, resp);
                cout.write(resp.bytes());
                if (rule != null && rule.action == Action.CUT_RESPONSE) {
                    copyBody(bin, cout, respFraming, contentLength(resp), rule.bytes);
                    cout.flush();
                    if (rule.reset) {
                        reset(client);
                    } else if (client instanceof SSLSocket) {
                        client.close();
                    } else {
                        client.shutdownOutput();
                        client.close();
                    }
                    closeQuietly(backend);
                    return;
                }
                if (rule != null && rule.action == Action.STALL) {
                    copyBody(bin, cout, respFraming, contentLength(resp), rule.bytes);
                    cout.flush();
                    stall(client, cin);
                    return;
                }
                OutputStream body = rule != null && rule.action == Action.CORRUPT_RESPONSE ? new Corrupting(cout, rule.bytes) : cout;
                copyBody(bin, body, respFraming, contentLength(resp), Long.MAX_VALUE);
                cout.flush();
                if (pump != null) {
                    try {
                        pump.get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        return; // request body could not be relayed completely: drop the connection
                    }
                }
                if (clientWantsClose || respFraming == Framing.UNTIL_CLOSE || resp.hasToken("Connection", "close")) {
                    return;
                }
            }
        } catch (CutException e) {
            // intended
        } catch (Exception e) {
            // connection problems end this connection; the client sees them as such
        } finally {
            open.decrementAndGet();
            closeQuietly(client);
            closeQuietly(backend);
            sockets.remove(client);
            if (backend != null) {
                sockets.remove(backend);
            }
        }
    }

    /** Sends nothing more, keeping the connection open until the client closes it or the proxy closes. */
    private void stall(Socket client, InputStream cin) throws IOException {
        client.setSoTimeout(200);
        while (!closed) {
            try {
                if (cin.read() < 0) break; // the client gave up and closed its end
            } catch (java.net.SocketTimeoutException stillThere) {
                // keep stalling
            }
        }
    }

    /** Whether an idle backend connection is still open (no EOF pending), checked without blocking long. */
    private static boolean backendAlive(Socket backend, InputStream bin) {
        try {
            if (bin.available() > 0) {
                return true;
            }
            backend.setSoTimeout(1);
            bin.mark(1);
            int b = bin.read();
            if (b < 0) {
                return false;
            }
            bin.reset();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                backend.setSoTimeout(SOCKET_TIMEOUT_MS);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private Socket connectBackend() throws IOException {
        int port = target.getPort() != -1 ? target.getPort() : (targetTls ? 443 : 80);
        Socket s;
        if (targetTls) {
            SSLContext ctx = backendSsl;
            if (ctx == null) {
                try {
                    ctx = SSLContext.getDefault();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IOException(e);
                }
            }
            SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket();
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            s = ssl;
        } else {
            s = new Socket();
        }
        sockets.add(s);
        s.connect(new InetSocketAddress(target.getHost(), port), 5000);
        s.setSoTimeout(SOCKET_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket ssl) {
            ssl.startHandshake();
        }
        return s;
    }

    private String rewriteLocation(String location) {
        String mine = url();
        for (String base : List.of(target.getScheme() + "://" + targetAuthority,
                target.getScheme() + "://" + target.getAuthority())) {
            if (location.regionMatches(true, 0, base, 0, base.length())
                    && (location.length() == base.length() || "/?#".indexOf(location.charAt(base.length())) >= 0)) {
                return mine + location.substring(base.length());
            }
        }
        return location;
    }

    private static Framing requestFraming(Head h) {
        if (h.get("Transfer-Encoding") != null && h.hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        long len = contentLength(h);
        return len > 0 ? Framing.LENGTH : Framing.NONE;
    }

    private static Framing responseFraming(String method, int status, Head h) {
        if ("HEAD".equals(method) || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return Framing.NONE;
        }
        if (h.get("Transfer-Encoding") != null && h.hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        if (h.get("Content-Length") != null) {
            return contentLength(h) > 0 ? Framing.LENGTH : Framing.NONE;
        }
        return Framing.UNTIL_CLOSE;
    }

    private static long contentLength(Head h) {
        String v = h.get("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Copies one message body with the given framing, byte for byte (chunk framing included),
     * stopping after {@code limit} bytes.
     */
    private static void copyBody(InputStream in, OutputStream out, Framing framing, long length, long limit)
            throws IOException {
        long[] budget = {limit};
        switch (framing) {
            case NONE -> {
            }
            case LENGTH -> copyN(in, out, length, budget);
            case UNTIL_CLOSE -> copyN(in, out, Long.MAX_VALUE, budget);
            case CHUNKED -> {
                while (budget[0] > 0) {
                    String sizeLine = readLine(in);
                    writeLimited(out, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                    int semi = sizeLine.indexOf(';');
                    long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while (true) { // trailers, then the empty line
                            String t = readLine(in);
                            writeLimited(out, (t + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                            if (t.isEmpty()) {
                                return;
                            }
                        }
                    }
                    copyN(in, out, size, budget);
                    String crlf = readLine(in);
                    writeLimited(out, (crlf + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                }
            }
        }
    }

    private static void copyN(InputStream in, OutputStream out, long n, long[] budget) throws IOException {
        byte[] buf = new byte[BUF];
        long left = n;
        while (left > 0 && budget[0] > 0) {
            int want = (int) Math.min(Math.min(buf.length, left), budget[0]);
            int r = in.read(buf, 0, want);
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("body ended early");
            }
            out.write(buf, 0, r);
            left -= r;
            budget[0] -= r;
        }
    }

    private static void writeLimited(OutputStream out, byte[] b, long[] budget) throws IOException {
        int n = (int) Math.min(b.length, budget[0]);
        out.write(b, 0, n);
        budget[0] -= n;
    }

    /** Passes bytes through to {@code out}, inverting the one at {@code offset}; never closes {@code out}. */
    private static final class Corrupting extends OutputStream {
        private final OutputStream out;
        private final long offset;
        private long written;

        Corrupting(OutputStream out, long offset) {
            this.out = out;
            this.offset = offset;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(written++ == offset ? ~b : b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (offset >= written && offset < written + len) {
                byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
                copy[(int) (offset - written)] ^= (byte) 0xff;
                out.write(copy, 0, len);
            } else {
                out.write(b, off, len);
            }
            written += len;
        }
    }

    /** Reads a message head, or returns null at a clean end of stream before it. */
    private static Head readHead(InputStream in) throws IOException {
        String first;
        do {
            first = readLineOrNull(in);
            if (first == null) {
                return null;
            }
        } while (first.isEmpty()); // tolerate stray CRLF between messages
        Head h = new Head(first);
        int total = first.length();
        while (true) {
            String l = readLine(in);
            if (l.isEmpty()) {
                return h;
            }
            total += l.length();
            if (total > MAX_HEAD) {
                throw new IOException("message head too large");
            }
            if ((l.startsWith(" ") || l.startsWith("\t")) && !h.headers.isEmpty()) {
                String[] last = h.headers.get(h.headers.size() - 1);
                last[1] = last[1] + " " + l.trim();
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + l);
            }
            h.headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
        }
    }

    private static String readLine(InputStream in) throws IOException {
        String l = readLineOrNull(in);
        if (l == null) {
            throw new EOFException("connection closed");
        }
        return l;
    }

    private static String readLineOrNull(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketException e) {
                if (b.size() == 0) {
                    return null;
                }
                throw e;
            }
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-line");
            }
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
    }

    private static void sendSimple(OutputStream out, int status, Map<String, String> headers, boolean head,
                                   boolean close) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code(status) + "\",\"message\":\"injected by FaultProxy\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("Content-Type: application/json; charset=utf-8\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("Docker-Distribution-Api-Version: registry/2.0\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String code(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NAME_UNKNOWN";
            case 429 -> "TOOMANYREQUESTS";
            default -> "UNAVAILABLE";
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
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
