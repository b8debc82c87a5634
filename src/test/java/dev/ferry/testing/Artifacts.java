package dev.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Makes artifacts that refer to an image, over plain HTTP to a loopback registry, as an OCI 1.1 client (oras, cosign)
 * pushes them — written here independently of ferry's code, so a test compares ferry against the spec, not against
 * itself: blobs by a monolithic POST+PUT upload, a manifest by PUT; for a manifest with a {@code subject} on a registry
 * that does not answer {@code OCI-Subject} (no referrers API), the referrers tag schema's index at {@code sha256-HEX}
 * is fetched, extended and pushed, as the distribution spec 1.1 asks of clients.
 */
public final class Artifacts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    public static final String SBOM_TYPE = "application/spdx+json";
    public static final String COSIGN_SIG_LAYER = "application/vnd.dev.cosign.simplesigning.v1+json";

    private Artifacts() {}

    /** A pushed manifest: its digest, size, raw bytes. */
    public record Pushed(String digest, int size, byte[] raw) {}

    /**
     * Pushes an OCI artifact manifest ({@code artifactType}, the empty config, one layer of {@code content} with media
     * type {@code layerType}) whose subject is {@code subject}, by digest, with {@code created} as its
     * {@code org.opencontainers.image.created} annotation.
     */
    public static Pushed pushReferrer(String registryUrl, String repository, Pushed subject, String subjectMediaType,
                                      String artifactType, String layerType, byte[] content, String created) throws IOException, InterruptedException {
        ObjectNode m = manifest(registryUrl, repository, EMPTY_CONFIG, "{}".getBytes(StandardCharsets.UTF_8), layerType, content);
        m.put("artifactType", artifactType);
        ObjectNode s = m.putObject("subject");
        s.put("mediaType", subjectMediaType);
        s.put("digest", subject.digest());
        s.put("size", subject.size());
        m.putObject("annotations").put("org.opencontainers.image.created", created);
        byte[] raw = JSON.writeValueAsBytes(m);
        String digest = TestImages.sha256(raw);
        HttpResponse<String> r = putManifest(registryUrl, repository, digest, raw);
        if (r.headers().firstValue("OCI-Subject").isEmpty()) addToFallbackIndex(registryUrl, repository, subject.digest(), raw, artifactType, created);
        return new Pushed(digest, raw.length, raw);
    }

    /** Pushes a cosign-style signature of {@code subject}: an image manifest tagged {@code sha256-HEX.sig} (no subject field). */
    public static Pushed pushCosignSignature(String registryUrl, String repository, Pushed subject, byte[] payload) throws IOException, InterruptedException {
        ObjectNode m = manifest(registryUrl, repository, TestImages.OCI_CONFIG,
                "{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8),
                COSIGN_SIG_LAYER, payload);
        ((ObjectNode) m.get("layers").get(0)).putObject("annotations").put("dev.cosignproject.cosign/signature", "MEUCIQDtest");
        byte[] raw = JSON.writeValueAsBytes(m);
        putManifest(registryUrl, repository, subject.digest().replace(':', '-') + ".sig", raw);
        return new Pushed(TestImages.sha256(raw), raw.length, raw);
    }

    /** The manifest a registry holds under {@code reference}, raw, or null when it answers 404. */
    public static byte[] get(String registryUrl, String repository, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repository + "/manifests/" + reference))
                .header("Accept", TestImages.OCI_INDEX + ", " + TestImages.OCI_MANIFEST).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200) throw new IOException("GET manifest " + reference + ": HTTP " + r.statusCode());
        return r.body();
    }

    /** The referrers API's answer for {@code digest}: its status and body. */
    public static HttpResponse<String> referrersApi(String registryUrl, String repository, String digest) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registryUrl + "/v2/" + repository + "/referrers/" + digest)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The digests an index lists. */
    public static java.util.List<String> digests(byte[] index) throws IOException {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : JSON.readTree(index).path("manifests")) out.add(e.path("digest").asText());
        return out;
    }

    private static ObjectNode manifest(String url, String repo, String configType, byte[] config, String layerType, byte[] layer)
            throws IOException, InterruptedException {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", TestImages.OCI_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", configType);
        c.put("digest", pushBlob(url, repo, config));
        c.put("size", config.length);
        ArrayNode ls = m.putArray("layers");
        ObjectNode l = ls.addObject();
        l.put("mediaType", layerType);
        l.put("digest", pushBlob(url, repo, layer));
        l.put("size", layer.length);
        return m;
    }

    private static String pushBlob(String url, String repo, byte[] data) throws IOException, InterruptedException {
        String digest = TestImages.sha256(data);
        HttpResponse<Void> start = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (start.statusCode() != 202) throw new IOException("POST upload: HTTP " + start.statusCode());
        String loc = start.headers().firstValue("Location").orElseThrow();
        URI put = URI.create(url).resolve(loc + (loc.contains("?") ? "&" : "?") + "digest=" + digest);
        HttpResponse<Void> done = HTTP.send(HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding());
        if (done.statusCode() != 201) throw new IOException("PUT blob: HTTP " + done.statusCode());
        return digest;
    }

    private static HttpResponse<String> putManifest(String url, String repo, String reference, byte[] raw) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", TestImages.OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IOException("PUT manifest " + reference + ": HTTP " + r.statusCode() + " " + r.body());
        return r;
    }

    private static void addToFallbackIndex(String url, String repo, String subject, byte[] referrer, String artifactType, String created)
            throws IOException, InterruptedException {
        String tag = subject.replace(':', '-');
        byte[] existing = get(url, repo, tag);
        ObjectNode index = existing == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(existing);
        index.put("schemaVersion", 2);
        index.put("mediaType", TestImages.OCI_INDEX);
        ArrayNode ms = index.has("manifests") ? (ArrayNode) index.get("manifests") : index.putArray("manifests");
        ObjectNode e = ms.addObject();
        e.put("mediaType", TestImages.OCI_MANIFEST);
        e.put("digest", TestImages.sha256(referrer));
        e.put("size", referrer.length);
        e.put("artifactType", artifactType);
        e.putObject("annotations").put("org.opencontainers.image.created", created);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + repo + "/manifests/" + tag))
                .header("Content-Type", TestImages.OCI_INDEX).PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(index))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IOException("PUT fallback index: HTTP " + r.statusCode() + " " + r.body());
    }
}
