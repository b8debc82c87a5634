package dev.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry with the OCI distribution spec 1.1 referrers API, for tests: it fronts a real {@code docker-registry}
 * (Debian's is distribution 2.8, which has no referrers API and answers {@code /v2/<name>/referrers/<digest>} with
 * 404) and adds exactly that API, as distribution v3 or zot have it. It stands in for those registries, which Debian
 * does not package; it is not a registry of its own: every request but the referrers API goes to the backend
 * unchanged (its {@code Location} headers pointed back here), so blobs, manifests and tags live in the real registry.
 *
 * <p>What it adds, as the spec says: on a manifest PUT the backend accepted, a manifest with a {@code subject} is
 * recorded (by repository and subject digest) and the answer carries {@code OCI-Subject: <subject digest>}, which
 * tells a client that no referrers tag schema index is needed; {@code GET /v2/<name>/referrers/<digest>} answers 200
 * with an image index of the recorded referrers of that digest (each entry the referrer's media type, digest, size,
 * {@code artifactType} — else its config's media type — and its annotations), an empty index when there are none,
 * filtered by {@code ?artifactType=} with {@code OCI-Filters-Applied: artifactType}. Only manifests pushed through
 * this front are known to it.
 */
public final class ReferrersFront implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFERRERS = Pattern.compile("^/v2/(.+)/referrers/(sha256:[a-f0-9]{64})$");
    private static final Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding",
            "keep-alive", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    /** Where clients connect: a TLS handshake is refused at once there, as a plain-HTTP registry refuses it. */
    private final PlainHttpDoor door;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String backend;
    /** repository + " " + subject digest -> the referrers' index entries, in push order. */
    private final Map<String, List<ObjectNode>> referrers = new ConcurrentHashMap<>();
    private final AtomicInteger apiCalls = new AtomicInteger();

    private ReferrersFront(String backendUrl) throws IOException {
        this.backend = backendUrl.endsWith("/") ? backendUrl.substring(0, backendUrl.length() - 1) : backendUrl;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "referrers-front");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        this.door = PlainHttpDoor.to(server.getAddress().getPort());
    }

    /** A front with the referrers API of the registry at {@code backendUrl} (http://127.0.0.1:PORT). */
    public static ReferrersFront start(String backendUrl) throws IOException {
        return new ReferrersFront(backendUrl);
    }

    public String host() {
        return "127.0.0.1:" + door.port();
    }

    public String url() {
        return "http://" + host();
    }

    /** How many times the referrers API was asked. */
    public int apiCalls() {
        return apiCalls.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            Matcher ref = REFERRERS.matcher(path);
            if (ref.matches() && ex.getRequestMethod().equals("GET")) {
                answerReferrers(ex, ref.group(1), ref.group(2));
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            String query = ex.getRequestURI().getRawQuery();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(backend + path + (query == null ? "" : "?" + query)))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (HOP.contains(h.getKey().toLowerCase())) continue;
                for (String v : h.getValue()) rb.header(h.getKey(), v);
            }
            HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
                String n = h.getKey().toLowerCase();
                if (HOP.contains(n) || n.equals(":status")) continue;
                for (String v : h.getValue()) ex.getResponseHeaders().add(h.getKey(), n.equals("location") ? v.replace(backend, url()) : v);
            }
            Matcher man = MANIFEST.matcher(path);
            if (man.matches() && ex.getRequestMethod().equals("PUT") && r.statusCode() == 201) {
                String subject = record(man.group(1), body, ex.getRequestHeaders().getFirst("Content-Type"));
                if (subject != null) ex.getResponseHeaders().set("OCI-Subject", subject);
            }
            long len = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream in = r.body()) {
                if (ex.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304) {
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

    /** Records a pushed manifest that has a subject; returns the subject's digest, or null when it has none. */
    private String record(String repository, byte[] manifest, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(manifest);
        } catch (IOException e) {
            return null;
        }
        JsonNode subject = root.path("subject");
        if (!subject.hasNonNull("digest")) return null;
        ObjectNode entry = JSON.createObjectNode();
        String mediaType = root.path("mediaType").asText(contentType);
        entry.put("mediaType", mediaType);
        entry.put("digest", TestImages.sha256(manifest));
        entry.put("size", manifest.length);
        String artifactType = root.path("artifactType").asText(null);
        if (artifactType == null) artifactType = root.path("config").path("mediaType").asText(null);
        if (artifactType != null) entry.put("artifactType", artifactType);
        if (root.path("annotations").isObject()) entry.set("annotations", root.get("annotations"));
        List<ObjectNode> list = referrers.computeIfAbsent(repository + " " + subject.get("digest").asText(), k -> new CopyOnWriteArrayList<>());
        list.removeIf(e -> e.path("digest").asText().equals(entry.get("digest").asText()));
        list.add(entry);
        return subject.get("digest").asText();
    }

    private void answerReferrers(HttpExchange ex, String repository, String digest) throws IOException {
        apiCalls.incrementAndGet();
        String filter = null;
        String q = ex.getRequestURI().getQuery();
        if (q != null) for (String p : q.split("&")) if (p.startsWith("artifactType=")) filter = p.substring("artifactType=".length());
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", TestImages.OCI_INDEX);
        ArrayNode ms = index.putArray("manifests");
        List<ObjectNode> found = new ArrayList<>(referrers.getOrDefault(repository + " " + digest, List.of()));
        for (ObjectNode e : found) if (filter == null || filter.equals(e.path("artifactType").asText())) ms.add(e);
        byte[] body = JSON.writeValueAsBytes(index);
        ex.getResponseHeaders().set("Content-Type", TestImages.OCI_INDEX);
        if (filter != null) ex.getResponseHeaders().set("OCI-Filters-Applied", "artifactType");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override public void close() {
        try {
            door.close();
        } catch (IOException e) {
            // closing a listener
        }
        server.stop(0);
    }
}
