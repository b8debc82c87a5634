package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real registry ({@code docker-registry serve}, CNCF distribution 2.8) on
 * {@code 127.0.0.1:PORT} with filesystem storage in a temporary directory.
 *
 * <pre>{@code
 * try (RegistryServer r = RegistryServer.builder().htpasswd("alice", "secret").start()) { ... }
 * }</pre>
 *
 * Default: plain HTTP, no authentication. {@link #close()} kills the process and deletes its
 * directory. The registry's own log (stderr) and its access log (stdout, Apache combined
 * format) are captured to files; see {@link #logText()}, {@link #accessLog()} and
 * {@link #countRequests(String, String)}.
 */
public final class RegistryServer implements AutoCloseable {

    /** The {@code service} the registry announces in token-auth challenges (JWT audience). */
    public static final String TOKEN_SERVICE = "ferry-test-registry";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final String SYNC_PARAM = "ferry-harness-sync";
    /** {@code "METHOD URI HTTP/x.y" STATUS BYTES} in a combined-format access log line. */
    private static final Pattern ACCESS_LINE = Pattern.compile(
            "\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3}) (\\d+|-)(?: \"((?:[^\"\\\\]|\\\\.)*)\" \"((?:[^\"\\\\]|\\\\.)*)\")?");

    /**
     * One access-log line.
     *
     * @param method    HTTP method
     * @param uri       request URI as logged (path and query)
     * @param path      the URI's path (before {@code ?})
     * @param status    response status
     * @param bytes     response body bytes written (0 when logged as {@code -})
     * @param userAgent the User-Agent header (empty when absent)
     * @param line      the full log line
     */
    public record AccessLogEntry(String method, String uri, String path, int status, long bytes, String userAgent,
                                 String line) {
    }

    /** Builder for {@link RegistryServer}; see {@link RegistryServer#builder()}. */
    public static final class Builder {
        private final Map<String, String> htpasswdUsers = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private TokenIssuer tokenIssuer;
        private TestCa tls;

        private Builder() {
        }

        /** Requires HTTP Basic authentication; may be called repeatedly to add users. */
        public Builder htpasswd(String user, String password) {
            htpasswdUsers.put(user, password);
            return this;
        }

        /** Requires bearer tokens from {@code issuer} ({@code auth.token}). */
        public Builder token(TokenIssuer issuer) {
            this.tokenIssuer = issuer;
            return this;
        }

        /** Serves HTTPS with the server certificate of {@code ca}. */
        public Builder tls(TestCa ca) {
            this.tls = ca;
            return this;
        }

        /**
         * Sets an environment variable for the registry process; distribution reads
         * {@code REGISTRY_<SECTION>_<KEY>} overrides of config.yml (e.g.
         * {@code REGISTRY_STORAGE_MAINTENANCE_READONLY="{enabled: true}"}).
         */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Writes the configuration, starts the registry and waits until {@code /v2/} answers. */
        public RegistryServer start() {
            if (!htpasswdUsers.isEmpty() && tokenIssuer != null) {
                throw new IllegalStateException("docker-registry supports only one auth method: htpasswd or token");
            }
            return new RegistryServer(this);
        }
    }

    /** Registry processes still running, killed when the JVM exits even if a test forgot to close them. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Tools::kill), "registry-reaper"));
    }

    private final Path dir;
    private final TestCa tls;
    private final Map<String, String> env;
    private final HttpClient client;
    private Process process;
    private int port;

    /** A builder for a plain-HTTP, anonymous registry. */
    public static Builder builder() {
        return new Builder();
    }

    private RegistryServer(Builder b) {
        Path binary = Tools.require("docker-registry");
        this.tls = b.tls;
        this.env = Map.copyOf(b.env);
        this.dir = TempDirs.create("registry");
        HttpClient.Builder cb = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            cb.sslContext(tls.clientSslContext());
        }
        this.client = cb.build();
        try {
            Files.createDirectories(dir.resolve("data"));
            if (!b.htpasswdUsers.isEmpty()) {
                writeHtpasswd(b.htpasswdUsers);
            }
            String lastFailure = "";
            for (int attempt = 1; attempt <= 3; attempt++) {
                port = freePort();
                Files.writeString(configFile(), config(b));
                Files.deleteIfExists(logFile());
                Files.deleteIfExists(accessLogFile());
                ProcessBuilder pb = new ProcessBuilder(binary.toString(), "serve", configFile().toString())
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(accessLogFile().toFile())
                        .redirectError(logFile().toFile());
                pb.environment().putAll(b.env);
                process = pb.start();
                LIVE.add(process);
                String failure = awaitUp();
                if (failure == null) {
                    return;
                }
                stopProcess();
                lastFailure = failure + "\n" + logText();
                if (!lastFailure.contains("address already in use")) {
                    break;
                }
            }
            TempDirs.deleteRecursively(dir);
            throw new AssertionError("docker-registry did not come up:\n" + lastFailure);
        } catch (IOException e) {
            stopProcess();
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry host for image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
    public String url() {
        return (tls != null ? "https://" : "http://") + host();
    }

    /** Whether the registry serves HTTPS. */
    public boolean isTls() {
        return tls != null;
    }

    /** The registry's TCP port. */
    public int port() {
        return port;
    }

    /** The temporary directory holding config, logs and storage ({@code data/}). */
    public Path dir() {
        return dir;
    }

    /** The generated {@code config.yml}. */
    public Path configFile() {
        return dir.resolve("config.yml");
    }

    /** An HTTP/1.1 client that trusts this registry's certificate (when TLS is on). */
    public HttpClient httpClient() {
        return client;
    }

    /** The registry's own log (stderr) followed by its access log (stdout). */
    public String logText() {
        return read(logFile()) + "\n--- access log ---\n" + read(accessLogFile());
    }

    /**
     * The access log, parsed, after making sure every request answered so far has been logged
     * (a marker request {@code GET /v2/?ferry-harness-sync=...} is sent and awaited). The
     * harness's own requests (the start-up probe and these markers) are left out.
     */
    public List<AccessLogEntry> accessLog() {
        sync();
        List<AccessLogEntry> out = new ArrayList<>();
        for (String line : read(accessLogFile()).split("\n")) {
            Matcher m = ACCESS_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String uri = m.group(2);
            if (uri.contains(SYNC_PARAM + "=")) {
                continue;
            }
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            long bytes = "-".equals(m.group(4)) ? 0 : Long.parseLong(m.group(4));
            out.add(new AccessLogEntry(m.group(1), uri, path, Integer.parseInt(m.group(3)), bytes,
                    m.group(6) == null ? "" : m.group(6), line));
        }
        return out;
    }

    /**
     * Counts logged requests whose method equals {@code method} ({@code null} or {@code "*"} for
     * any) and whose path (without query) fully matches {@code pathRegex}, e.g.
     * {@code countRequests("HEAD", "/v2/app/blobs/sha256:.*")}.
     */
    public long countRequests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return accessLog().stream()
                .filter(e -> method == null || "*".equals(method) || e.method().equalsIgnoreCase(method))
                .filter(e -> p.matcher(e.path()).matches())
                .count();
    }

    /**
     * Stops the registry process, keeping its storage and port: until {@link #restart()} the port
     * refuses connections, as a registry that went down does.
     */
    public void stop() {
        stopProcess();
        process = null;
    }

    /** Starts the registry again on the same port with the same storage, after {@link #stop()}. */
    public void restart() {
        try {
            ProcessBuilder pb = new ProcessBuilder(Tools.require("docker-registry").toString(), "serve", configFile().toString())
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(accessLogFile().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            LIVE.add(process);
            String failure = awaitUp();
            if (failure != null) throw new AssertionError("docker-registry did not come up again:\n" + failure + "\n" + logText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the registry (and any children) and deletes its directory. */
    @Override
    public void close() {
        stopProcess();
        TempDirs.deleteRecursively(dir);
    }

    private void sync() {
        String marker = UUID.randomUUID().toString();
        try {
            client.send(HttpRequest.newBuilder(URI.create(url() + "/v2/?" + SYNC_PARAM + "=" + marker))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("registry at " + url() + " did not answer:\n" + logText(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!read(accessLogFile()).contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("access log did not show the marker request:\n" + logText());
            }
            sleep(5);
        }
    }

    /** @return null when up, else a reason */
    private String awaitUp() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI v2 = URI.create(url() + "/v2/?" + SYNC_PARAM + "=startup");
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "docker-registry exited with code " + process.exitValue();
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(v2).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || r.statusCode() == 401) {
                    return null;
                }
                last = "GET /v2/ answered " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            sleep(50);
        }
        return "GET " + v2 + " did not answer 200/401 within " + START_TIMEOUT.toSeconds() + " s (last: " + last + ")";
    }

    private String config(Builder b) throws JsonProcessingException {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
        y.append("storage:\n");
        y.append("  filesystem:\n    rootdirectory: ").append(q(dir.resolve("data").toString())).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        y.append("http:\n");
        y.append("  addr: ").append(q(host())).append('\n');
        y.append("  secret: ").append(q(UUID.randomUUID().toString())).append('\n');
        if (tls != null) {
            y.append("  tls:\n");
            y.append("    certificate: ").append(q(tls.serverCertPem().toString())).append('\n');
            y.append("    key: ").append(q(tls.serverKeyPem().toString())).append('\n');
        }
        if (!b.htpasswdUsers.isEmpty()) {
            y.append("auth:\n  htpasswd:\n");
            y.append("    realm: ").append(q(TOKEN_SERVICE)).append('\n');
            y.append("    path: ").append(q(dir.resolve("htpasswd").toString())).append('\n');
        } else if (b.tokenIssuer != null) {
            y.append("auth:\n  token:\n");
            y.append("    realm: ").append(q(b.tokenIssuer.realm())).append('\n');
            y.append("    service: ").append(q(TOKEN_SERVICE)).append('\n');
            y.append("    issuer: ").append(q(b.tokenIssuer.issuer())).append('\n');
            y.append("    rootcertbundle: ").append(q(b.tokenIssuer.rootCertBundle().toString())).append('\n');
        }
        return y.toString();
    }

    private void writeHtpasswd(Map<String, String> users) throws IOException {
        Path htpasswd = Tools.require("htpasswd");
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> u : users.entrySet()) {
            ProcessResult r = Tools.run(Duration.ofSeconds(20),
                    List.of(htpasswd.toString(), "-Bbn", u.getKey(), u.getValue()));
            if (!r.ok()) {
                throw new AssertionError("htpasswd failed:\n" + r.describe());
            }
            sb.append(r.stdout().strip()).append('\n');
        }
        Files.writeString(dir.resolve("htpasswd"), sb.toString());
    }

    private void stopProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        Tools.kill(p);
        LIVE.remove(p);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path logFile() {
        return dir.resolve("registry.log");
    }

    private Path accessLogFile() {
        return dir.resolve("access.log");
    }

    private static String q(String s) throws JsonProcessingException {
        return JSON.writeValueAsString(s);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
