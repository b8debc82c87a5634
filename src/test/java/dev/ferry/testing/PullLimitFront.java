package dev.ferry.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry front that counts pulls as Docker Hub does (read-only: GET and HEAD, on 127.0.0.1): every GET of a
 * manifest is a pull and spends one of {@code limit} in a window; every manifest answer says
 * {@code ratelimit-limit: L;w=W} and {@code ratelimit-remaining: R;w=W} (and, when set, the IETF draft's
 * {@code ratelimit-reset}); a GET with none left is refused with 429 TOOMANYREQUESTS and spends nothing. HEADs are
 * free. {@link #refill} starts a new window.
 */
public final class PullLimitFront implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String backend;
    private final int limit;
    private final int windowSeconds;
    private final AtomicInteger remaining;
    private final AtomicInteger pulls = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Integer resetSeconds;
    private volatile boolean quietHeads;
    private volatile int refillOnRefusal;

    private PullLimitFront(String backendUrl, int limit, int remaining, int windowSeconds) throws IOException {
        this.backend = backendUrl;
        this.limit = limit;
        this.windowSeconds = windowSeconds;
        this.remaining = new AtomicInteger(remaining);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pull-limit-front");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A front of {@code backendUrl} (http://127.0.0.1:PORT) with {@code remaining} of {@code limit} pulls left. */
    public static PullLimitFront start(String backendUrl, int limit, int remaining, int windowSeconds) throws IOException {
        return new PullLimitFront(backendUrl, limit, remaining, windowSeconds);
    }

    /** Also says {@code ratelimit-reset: SECONDS} on every manifest answer. */
    public PullLimitFront resetIn(int seconds) {
        this.resetSeconds = seconds;
        return this;
    }

    /** Says nothing of the limit on HEADs (only GETs tell it), so the first news of a spent limit is a 429. */
    public PullLimitFront quietHeads() {
        this.quietHeads = true;
        return this;
    }

    /** Starts a new window of {@code n} pulls right after the first refusal (as if the window ran out then). */
    public PullLimitFront refillOnRefusal(int n) {
        this.refillOnRefusal = n;
        return this;
    }

    /** A new window: {@code n} pulls left. */
    public void refill(int n) {
        remaining.set(n);
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The GETs of manifests answered (pulls spent). */
    public int pulls() {
        return pulls.get();
    }

    /** The GETs of manifests refused with 429. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().toString();
            boolean manifest = path.contains("/manifests/");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (manifest && method.equals("GET")) {
                if (remaining.getAndUpdate(r -> Math.max(0, r - 1)) <= 0) {
                    refused.incrementAndGet();
                    limitHeaders(ex);
                    byte[] body = "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}"
                            .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(429, body.length);
                    ex.getResponseBody().write(body);
                    if (refillOnRefusal > 0) remaining.set(refillOnRefusal);
                    refillOnRefusal = 0;
                    return;
                }
                pulls.incrementAndGet();
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(backend + path)).method(method, HttpRequest.BodyPublishers.noBody());
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String n = h.getKey().toLowerCase();
                if (n.equals("accept") || n.equals("authorization") || n.equals("range")) for (String v : h.getValue()) rb.header(h.getKey(), v);
            }
            HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            for (String n : List.of("Content-Type", "Docker-Content-Digest", "Content-Range", "Docker-Distribution-Api-Version", "Link")) {
                r.headers().firstValue(n).ifPresent(v -> ex.getResponseHeaders().set(n, v));
            }
            if (manifest && !(quietHeads && method.equals("HEAD"))) limitHeaders(ex);
            long len = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = r.body()) {
                if (method.equals("HEAD")) {
                    if (len >= 0) ex.getResponseHeaders().set("Content-Length", String.valueOf(len));
                    ex.sendResponseHeaders(r.statusCode(), -1);
                    return;
                }
                ex.sendResponseHeaders(r.statusCode(), len > 0 ? len : len == 0 ? -1 : 0);
                try (OutputStream out = ex.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void limitHeaders(HttpExchange ex) {
        ex.getResponseHeaders().set("ratelimit-limit", limit + ";w=" + windowSeconds);
        ex.getResponseHeaders().set("ratelimit-remaining", Math.max(0, remaining.get()) + ";w=" + windowSeconds);
        Integer reset = resetSeconds;
        if (reset != null) ex.getResponseHeaders().set("ratelimit-reset", String.valueOf(reset));
    }

    @Override public void close() {
        server.stop(0);
    }
}
