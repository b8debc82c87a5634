package dev.ferry.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Platform;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A docker daemon reached through the Docker Engine API ({@code DOCKER_HOST}): what it is, which
 * platform it runs images for, and what a name points at. Loading images is {@link DockerSink}'s job.
 * Every call opens its own short connection; nothing is kept open between calls.
 */
public final class DockerDaemon {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** What {@code GET /version} says. */
    public record Version(String version, String apiVersion, Platform platform) {}

    private final DockerHost host;
    private volatile Version version;

    public DockerDaemon(DockerHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The daemon {@code DOCKER_HOST} in {@code env} names (default {@code unix:///var/run/docker.sock}). */
    public static DockerDaemon fromEnv(Map<String, String> env) throws DaemonException {
        return new DockerDaemon(DockerHost.fromEnv(env));
    }

    public DockerHost host() { return host; }

    /** Asks the daemon for its version and platform ({@code GET /version}); also a reachability check. Cached. */
    public Version version() throws IOException {
        Version v = version;
        if (v != null) return v;
        JsonNode n = getJson("/version", Text.of("daemon.docker.doing_version", host))
                .orElseThrow(() -> new DaemonException(Text.of("daemon.docker.no_version", host)));
        String os = n.path("Os").asText("linux");
        String arch = n.path("Arch").asText("");
        if (arch.isEmpty()) throw new DaemonException(Text.of("daemon.docker.no_arch", host));
        v = new Version(n.path("Version").asText("?"), n.path("ApiVersion").asText("?"), new Platform(os, arch, null).normalised());
        version = v;
        return v;
    }

    /** The platform the daemon runs images for, e.g. {@code linux/amd64}: what to pick from a multi-platform image. */
    public Platform platform() throws IOException {
        return version().platform();
    }

    /**
     * The image ID (its config's digest) that {@code name} ({@code repo:tag}, as docker names it)
     * points at, or empty when there is no such image.
     */
    public Optional<Digest> imageId(String name) throws IOException {
        Optional<JsonNode> n = getJson("/images/" + encodePath(name) + "/json", Text.of("daemon.docker.doing_inspect", name, host));
        if (n.isEmpty()) return Optional.empty();
        String id = n.get().path("Id").asText("");
        try {
            return Optional.of(Digest.parse(id));
        } catch (IllegalArgumentException e) {
            throw new DaemonException(Text.of("daemon.docker.bad_id", host, name, id));
        }
    }

    /**
     * Gives the image {@code name} ({@code repo:tag}) one more name, {@code repository:tag}, as
     * {@code docker tag} does: no image data moves.
     */
    public void tag(String name, String repository, String tag) throws IOException {
        String path = "/images/" + encodePath(name) + "/tag?repo=" + java.net.URLEncoder.encode(repository, StandardCharsets.UTF_8)
                + "&tag=" + java.net.URLEncoder.encode(tag, StandardCharsets.UTF_8);
        try (DockerHttp.Connection c = DockerHttp.connect(host)) {
            c.deadline(CALL_TIMEOUT);
            try {
                c.request("POST", path, Map.of(), false);
                DockerHttp.Response r = c.response();
                String body = r.text(64 * 1024);
                if (r.status() / 100 != 2) {
                    throw new DaemonException(dev.ferry.ref.Text.of("daemon.tag_refused", name, repository + ":" + tag, host.toString(), errorMessage(r.status(), body)));
                }
            } catch (DaemonException e) {
                throw e;
            } catch (IOException e) {
                throw new DaemonException(dev.ferry.ref.Text.of("daemon.tag_refused", name, repository + ":" + tag, host.toString(),
                        c.timedOut() ? CALL_TIMEOUT.toSeconds() + " s" : String.valueOf(e.getMessage())));
            }
        }
    }

    /** GET returning JSON; empty on 404; other errors carry the daemon's message. */
    Optional<JsonNode> getJson(String path, Text what) throws IOException {
        try (DockerHttp.Connection c = DockerHttp.connect(host)) {
            c.deadline(CALL_TIMEOUT);
            try {
                c.request("GET", path, Map.of(), false);
                DockerHttp.Response r = c.response();
                String body = r.text(8 * 1024 * 1024);
                if (r.status() == 404) return Optional.empty();
                if (r.status() / 100 != 2) throw new DaemonException(Text.of("daemon.cannot", what, errorMessage(r.status(), body)));
                return Optional.of(JSON.readTree(body));
            } catch (DaemonException e) {
                throw e;
            } catch (IOException e) {
                if (c.timedOut()) throw new DaemonException(Text.of("daemon.cannot_no_answer", what, CALL_TIMEOUT.toSeconds()), e);
                throw new DaemonException(Text.of("daemon.cannot", what, Text.of(e)), e);
            }
        }
    }

    /** The daemon's {@code {"message": …}} error, or the status and body. */
    static String errorMessage(int status, String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("message")) return n.get("message").asText() + " (HTTP " + status + ")";
        } catch (IOException ignored) {
            // not JSON
        }
        return "HTTP " + status + (body.isBlank() ? "" : ": " + DockerHttp.abbreviate(body.strip()));
    }

    /** Escapes a name for a path, keeping the {@code /} and {@code :} docker's routes expect. */
    static String encodePath(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%2F", "/").replace("%3A", ":").replace("+", "%20");
    }

    @Override public String toString() { return "docker daemon at " + host; }
}
