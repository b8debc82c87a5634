package dev.ferry.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages.Blob;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer.TokenRequest;

/** Proves the integration-test harness against skopeo and a real docker-registry (no ferry code involved). */
@Timeout(120)
class HarnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path work;
    private static Path layout;
    private static TestCa ca;
    private static Image singleOci;
    private static Image multiOci;
    private static Image singleDocker;
    private static Image multiDocker;

    @BeforeAll
    static void images() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-harness-test-");
        layout = work.resolve("layout");
        singleOci = TestImages.single(layout, "single-oci", "linux", "amd64", 2, 40_000, false);
        multiOci = TestImages.multiArch(layout, "multi-oci", 1, 30_000, false);
        singleDocker = TestImages.single(layout, "single-docker", "linux", "arm64", 2, 40_000, true);
        multiDocker = TestImages.multiArch(layout, "multi-docker", 1, 30_000, true);
        ca = new TestCa();
    }

    @AfterAll
    static void cleanup() {
        if (ca != null) {
            ca.close();
        }
        TempDirs.deleteRecursively(work);
    }

    /** Pushes, inspects (digest and bytes) and pulls back every image in {@code images}. */
    private static void roundTrip(RegistryServer registry, String repoPrefix, Options opts, Image... images) {
        for (Image img : images) {
            String ref = registry.host() + "/" + repoPrefix + "/" + img.tag() + ":v1";
            Skopeo.pushOciDir(layout, img.tag(), ref, opts, true);
            String raw = Skopeo.inspectRaw(ref, opts);
            assertEquals(img.digest(), Skopeo.digest(raw), "digest of " + ref);
            assertEquals(img.rawString(), raw, "manifest bytes of " + ref);
            for (Image child : img.children()) {
                String childRaw = Skopeo.inspectRaw(registry.host() + "/" + repoPrefix + "/" + img.tag() + "@"
                        + child.digest(), opts);
                assertEquals(child.digest(), Skopeo.digest(childRaw));
            }
            Path out = work.resolve("pulled-" + registry.port() + "-" + img.tag());
            Skopeo.copyAllToOciDir(ref, out, opts);
            assertTrue(Files.exists(out.resolve("index.json")));
        }
    }

    @Test
    void plainRegistry() {
        try (RegistryServer registry = RegistryServer.builder().start()) {
            assertTrue(registry.url().startsWith("http://127.0.0.1:"));
            roundTrip(registry, "plain", Options.plain(), singleOci, multiOci, singleDocker, multiDocker);

            // one manifest PUT per manifest: 1 + 3 + 1 + 3
            assertEquals(8, registry.countRequests("PUT", "/v2/plain/.+/manifests/.+"));
            assertEquals(3, registry.countRequests("PUT", "/v2/plain/multi-oci/manifests/.+"));
            // every blob of the multi-arch image was uploaded exactly once
            assertEquals(multiOci.blobDigests().size(),
                    registry.countRequests("PUT", "/v2/plain/multi-oci/blobs/uploads/.+"));
            assertTrue(registry.countRequests("GET", "/v2/") >= 1);
            assertEquals(0, registry.countRequests("DELETE", ".*"));
            assertTrue(registry.accessLog().stream().anyMatch(e -> e.userAgent().startsWith("skopeo/")));
            assertTrue(registry.logText().contains("response completed"));
        }
    }

    @Test
    void htpasswdRegistry() {
        try (RegistryServer registry = RegistryServer.builder().htpasswd("alice", "s3cret").htpasswd("bob", "pw").start()) {
            Options alice = Options.plain().creds("alice", "s3cret");
            roundTrip(registry, "basic", alice, singleOci, multiDocker);

            String ref = registry.host() + "/basic/single-oci:v1";
            AssertionError wrong = assertThrows(AssertionError.class,
                    () -> Skopeo.inspectRaw(ref, Options.plain().creds("alice", "wrong")));
            assertTrue(wrong.getMessage().contains("unauthorized") || wrong.getMessage().contains("401"),
                    wrong.getMessage());
            assertThrows(AssertionError.class, () -> Skopeo.inspectRaw(ref, Options.plain()));
            assertEquals(singleOci.digest(), Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain().creds("bob", "pw"))));
            assertTrue(registry.countRequests("GET", "/v2/") >= 1);
        }
    }

    @Test
    void tokenRegistry() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of("alice", "s3cret", "reader", "pw")).allowAnonymous(true)
                .restrictUser("reader", "pull");
             RegistryServer registry = RegistryServer.builder().token(issuer).start()) {
            Options alice = Options.plain().creds("alice", "s3cret");
            roundTrip(registry, "tok", alice, singleDocker, multiOci);

            List<TokenRequest> reqs = issuer.requests();
            assertFalse(reqs.isEmpty());
            assertTrue(reqs.stream().allMatch(r -> r.method().equals("GET")));
            assertTrue(reqs.stream().allMatch(r -> RegistryServer.TOKEN_SERVICE.equals(r.service())));
            TokenRequest push = reqs.stream()
                    .filter(r -> r.scopes().contains("repository:tok/single-docker:pull,push"))
                    .findFirst().orElseThrow(() -> new AssertionError("no push scope in " + reqs));
            assertEquals("alice", push.user());
            assertEquals(200, push.status());
            assertEquals(List.of("pull", "push"), push.granted().get(0).actions());

            String ref = registry.host() + "/tok/single-docker:v1";
            // wrong password: the issuer says 401 and skopeo fails
            issuer.clearRequests();
            assertThrows(AssertionError.class, () -> Skopeo.inspectRaw(ref, Options.plain().creds("alice", "nope")));
            assertTrue(issuer.requests().stream().anyMatch(r -> r.status() == 401 && "alice".equals(r.attempted())),
                    issuer.requests().toString());
            // anonymous: pull works, push is denied by the registry (token grants pull only)
            assertEquals(singleDocker.digest(), Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain())));
            assertTrue(issuer.requests().stream().anyMatch(r -> r.user() == null && r.status() == 200));
            assertThrows(AssertionError.class, () -> Skopeo.pushOciDir(layout, "single-oci",
                    registry.host() + "/tok/anon:v1", Options.plain(), false));
            // a pull-only user cannot push either
            assertThrows(AssertionError.class, () -> Skopeo.pushOciDir(layout, "single-oci",
                    registry.host() + "/tok/reader:v1", Options.plain().creds("reader", "pw"), false));
            assertEquals(singleDocker.digest(),
                    Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain().creds("reader", "pw"))));
        }
    }

    @Test
    void tokenIssuerDirectly() throws Exception {
        try (TokenIssuer issuer = new TokenIssuer(Map.of("u", "p")).tokenField(TokenIssuer.TokenField.ACCESS_TOKEN)
                .expiresIn(42)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String basic = java.util.Base64.getEncoder().encodeToString("u:p".getBytes());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(issuer.realm()
                            + "?service=svc&scope=repository:a/b:pull,push&scope=registry:catalog:*"))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode body = JSON.readTree(ok.body());
            assertFalse(body.has("token"));
            assertEquals(42, body.get("expires_in").asInt());
            String[] parts = body.get("access_token").asText().split("\\.");
            JsonNode header = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
            assertEquals("RS256", header.get("alg").asText());
            assertEquals(1, header.get("x5c").size());
            assertEquals("svc", claims.get("aud").asText());
            assertEquals(TokenIssuer.DEFAULT_ISSUER, claims.get("iss").asText());
            assertEquals("u", claims.get("sub").asText());
            assertEquals(2, claims.get("access").size());
            assertEquals("catalog", claims.get("access").get(1).get("name").asText());
            assertEquals("*", claims.get("access").get(1).get("actions").get(0).asText());

            HttpResponse<String> anon = http.send(HttpRequest.newBuilder(URI.create(issuer.realm() + "?service=svc"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anon.statusCode());
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(issuer.realm()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&username=u&password=p&service=svc&scope=repository%3Aa%2Fb%3Apull&client_id=t"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, form.statusCode(), form.body());
            assertEquals(3, issuer.requests().size());
            assertEquals(List.of("repository:a/b:pull"), issuer.requests().get(2).scopes());

            issuer.failNext(1, 500);
            HttpRequest again = HttpRequest.newBuilder(URI.create(issuer.realm() + "?service=svc"))
                    .header("Authorization", "Basic " + basic).build();
            assertEquals(500, http.send(again, HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(200, http.send(again, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void tlsRegistry() {
        try (RegistryServer registry = RegistryServer.builder().tls(ca).start()) {
            assertTrue(registry.url().startsWith("https://127.0.0.1:"));
            roundTrip(registry, "tls", Options.trusting(ca), multiDocker, singleOci);
            String ref = registry.host() + "/tls/single-oci:v1";
            AssertionError untrusted = assertThrows(AssertionError.class,
                    () -> Skopeo.inspectRaw(ref, Options.verified()));
            assertTrue(untrusted.getMessage().contains("x509") || untrusted.getMessage().contains("certificate"),
                    untrusted.getMessage());
            assertEquals(1, registry.countRequests("PUT", "/v2/tls/single-oci/manifests/.+"));

            // HTTPS proxy in front of the HTTPS registry
            try (FaultProxy proxy = FaultProxy.builder(registry.url()).trust(ca).tls(ca).start()) {
                assertTrue(proxy.url().startsWith("https://"));
                FaultRule rule = proxy.respond("GET", "/v2/tls/single-oci/manifests/v1", 502, 1);
                String viaProxy = proxy.host() + "/tls/single-oci:v1";
                assertThrows(AssertionError.class, () -> Skopeo.inspectRaw(viaProxy, Options.trusting(ca)));
                assertEquals(singleOci.digest(), Skopeo.digest(Skopeo.inspectRaw(viaProxy, Options.trusting(ca))));
                assertEquals(1, rule.applied());
            }
        }
    }

    @Test
    void tokenAuthOverTls() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of("alice", "s3cret"));
             RegistryServer registry = RegistryServer.builder().token(issuer).tls(ca).start()) {
            roundTrip(registry, "both", Options.trusting(ca).creds("alice", "s3cret"), singleOci);
            assertTrue(issuer.requests().stream().anyMatch(r -> "alice".equals(r.user())));
        }
    }

    @Test
    void faultProxy() throws Exception {
        try (RegistryServer registry = RegistryServer.builder().start();
             FaultProxy proxy = FaultProxy.start(registry.url())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI v2 = URI.create(proxy.url() + "/v2/");

            FaultRule unavailable = proxy.respond("GET", "/v2/", 503, 1);
            assertEquals(503, http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("registry/2.0", ok.headers().firstValue("Docker-Distribution-Api-Version").orElse(""));
            assertEquals(1, unavailable.applied());
            assertEquals(2, unavailable.matched());
            assertEquals(1, registry.countRequests("GET", "/v2/")); // the 503 never reached the registry

            FaultRule throttled = proxy.throttle("*", "/v2/.*", 1, 1);
            HttpResponse<String> r429 = http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, r429.statusCode());
            assertEquals("1", r429.headers().firstValue("Retry-After").orElse(""));
            assertEquals(1, throttled.applied());

            // skopeo through the proxy (uploads with Location rewriting), then verify directly
            roundTripVia(proxy, registry);

            // a chunked upload through the proxy
            byte[] data = new byte[300_000];
            new java.util.Random(7).nextBytes(data);
            String digest = TestImages.sha256(data);
            HttpResponse<Void> start = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/raw/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, start.statusCode());
            String location = start.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(proxy.url() + "/v2/raw/blobs/uploads/"), location);
            HttpResponse<Void> patch = http.send(HttpRequest.newBuilder(URI.create(location))
                    .header("Content-Type", "application/octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(202, patch.statusCode());
            String next = patch.headers().firstValue("Location").orElseThrow();
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(next + (next.contains("?") ? "&" : "?")
                    + "digest=" + digest)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(201, put.statusCode());
            URI blob = URI.create(proxy.url() + "/v2/raw/blobs/" + digest);
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(blob).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals(String.valueOf(data.length), head.headers().firstValue("Content-Length").orElse(""));

            // a response cut mid-body, then a good one
            FaultRule cut = proxy.cutResponseAfter("GET", "/v2/raw/blobs/sha256:.*", 1000, 1);
            assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(blob).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
            assertEquals(1, cut.applied());
            HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, full.statusCode());
            assertArrayEquals(data, full.body());

            FaultRule reset = proxy.cutResponseAfter("GET", "/v2/raw/blobs/sha256:.*", 100, 1, true);
            assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(blob).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
            assertEquals(1, reset.applied());
            assertEquals(3, proxy.countRequests("GET", "/v2/raw/blobs/sha256:.*"));

            // a response with one byte inverted: same length, wrong bytes; then a good one again
            FaultRule corrupt = proxy.corruptResponse("GET", "/v2/raw/blobs/sha256:.*", 150_000, 1);
            byte[] bad = http.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            assertEquals(1, corrupt.applied());
            assertEquals(data.length, bad.length);
            assertEquals((byte) ~data[150_000], bad[150_000]);
            bad[150_000] = data[150_000];
            assertArrayEquals(data, bad, "only that byte differs");
            assertArrayEquals(data, http.send(HttpRequest.newBuilder(blob).build(), HttpResponse.BodyHandlers.ofByteArray()).body());

            // an upload broken after 1000 bytes of its body, and a delayed request
            HttpResponse<Void> start2 = http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/raw/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            FaultRule broken = proxy.cutRequestAfter("PATCH", "/v2/raw/blobs/uploads/.+", 1000, 1);
            assertThrows(IOException.class, () -> http.send(
                    HttpRequest.newBuilder(URI.create(start2.headers().firstValue("Location").orElseThrow()))
                            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(data)).build(),
                    HttpResponse.BodyHandlers.discarding()));
            assertEquals(1, broken.applied());
            FaultRule slow = proxy.delay("GET", "/v2/", Duration.ofMillis(300), 1);
            long t0 = System.nanoTime();
            assertEquals(200, http.send(HttpRequest.newBuilder(v2).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertTrue(System.nanoTime() - t0 >= 290_000_000L);
            assertEquals(1, slow.applied());
        }
    }

    private static void roundTripVia(FaultProxy proxy, RegistryServer registry) {
        String viaProxy = proxy.host() + "/proxied/multi-oci:v1";
        Skopeo.pushOciDir(layout, "multi-oci", viaProxy, Options.plain(), true);
        assertEquals(multiOci.digest(), Skopeo.digest(Skopeo.inspectRaw(viaProxy, Options.plain())));
        assertEquals(multiOci.digest(), Skopeo.digest(Skopeo.inspectRaw(registry.host() + "/proxied/multi-oci:v1",
                Options.plain())));
        Skopeo.copyAllToOciDir(viaProxy, work.resolve("via-proxy"), Options.plain());
        assertTrue(proxy.countRequests("PATCH", "/v2/proxied/multi-oci/blobs/uploads/.+") >= 1);
        assertEquals(registry.countRequests("PUT", "/v2/proxied/.+"), proxy.countRequests("PUT", "/v2/proxied/.+"));
    }

    @Test
    void testImagesAreConsistent() throws Exception {
        Path dir = work.resolve("determinism");
        Image a = TestImages.single(dir.resolve("a"), "t", "linux", "amd64", 2, 10_000, false, 99L);
        Image b = TestImages.single(dir.resolve("b"), "t", "linux", "amd64", 2, 10_000, false, 99L);
        assertEquals(a.digest(), b.digest());
        assertArrayEquals(a.raw(), b.raw());
        assertNotEquals(a.digest(), TestImages.single(dir.resolve("c"), "t", "linux", "amd64", 2, 10_000, false, 98L).digest());

        for (Image img : List.of(singleOci, multiDocker)) {
            for (Map.Entry<String, Long> e : img.blobSizes().entrySet()) {
                Path p = TestImages.blobPath(layout, e.getKey());
                assertEquals(e.getValue(), Files.size(p));
                assertEquals(e.getKey(), TestImages.sha256(Files.readAllBytes(p)));
            }
        }
        assertEquals(2, multiDocker.childDigests().size());
        assertEquals(TestImages.DOCKER_MANIFEST_LIST, multiDocker.mediaType());
        // the shared base layer is the same blob in both children
        assertEquals(multiDocker.children().get(0).layers().get(0), multiDocker.children().get(1).layers().get(0));
        // one shared layer, one own layer per child, one config per child
        assertEquals(5, multiDocker.blobSizes().size());
        // diff_ids are digests of the uncompressed tars
        Image child = singleOci;
        JsonNode config = JSON.readTree(Files.readAllBytes(TestImages.blobPath(layout, child.config().digest())));
        for (int i = 0; i < child.layers().size(); i++) {
            Blob l = child.layers().get(i);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(TestImages.blobPath(layout, l.digest())))) {
                assertEquals(l.diffId(), TestImages.sha256(in.readAllBytes()));
            }
            assertEquals(l.diffId(), config.get("rootfs").get("diff_ids").get(i).asText());
        }
        assertEquals("amd64", config.get("architecture").asText());

        // the streamed path for big layers (stored gzip blocks)
        Blob big = TestImages.writeLayer(dir.resolve("big"), 6L << 20, 5L, false);
        assertTrue(big.size() > 6L << 20);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestImages.blobPath(dir.resolve("big"), big.digest())))) {
            assertEquals(big.diffId(), TestImages.sha256(in.readAllBytes()));
        }
    }

    @Test
    void tools() {
        ProcessResult slow = Tools.run(Duration.ofMillis(300), List.of("sleep", "30"));
        assertTrue(slow.timedOut());
        assertTrue(slow.elapsed().toSeconds() < 10);
        ProcessResult echo = Tools.run(Duration.ofSeconds(10), List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, echo.exitCode());
        assertEquals("out\n", echo.stdout());
        assertEquals("err\n", echo.stderr());
        assertTrue(Tools.require("sh").isAbsolute());
        assertThrows(TestAbortedException.class, () -> Tools.require("no-such-tool-xyz", "/nonexistent", null));
        AssertionError ci = assertThrows(AssertionError.class, () -> Tools.require("skopeo", "/nonexistent", "true"));
        assertTrue(ci.getMessage().contains("is required in CI: apt-get install"), ci.getMessage());
    }
}
