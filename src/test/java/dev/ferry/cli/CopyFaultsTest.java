package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults from a proxy between ferry and real registries (503, 429 with Retry-After, responses
 * and uploads cut mid-stream), tampered blobs, and a large layer under a small heap.
 */
@Timeout(240)
class CopyFaultsTest {
    static Path work;
    static Path layout;
    static Image image;
    static RegistryServer src;
    static RegistryServer dst;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-faults-test-");
        layout = work.resolve("images");
        image = TestImages.single(layout, "img", "linux", "amd64", 2, 400_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, image.tag(), src.host() + "/app/img:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    private static String layerPath(String repo) {
        return "/v2/" + repo + "/blobs/" + image.layers().get(1).digest();
    }

    private void assertCopied(String to) {
        assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(to, Options.plain())));
        Skopeo.copyAllToOciDir(to, work.resolve("check-" + System.nanoTime()), Options.plain());
    }

    private static boolean tagExists(String ref) {
        return Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref)).ok();
    }

    @Test
    void serverErrorsOnBlobReadsAreRetried() {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule rule = proxy.respond("GET", layerPath("app/img"), 503, 2);
            String to = dst.host() + "/retry/503:1";
            FerryCli.Result r = new FerryCli().run("copy", proxy.host() + "/app/img:1", to);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(2, rule.applied());
            assertTrue(r.err().contains("retry"), r::toString);
            assertCopied(to);
        }
    }

    @Test
    void aResponseCutMidBlobIsFetchedAgain() {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule fin = proxy.cutResponseAfter("GET", layerPath("app/img"), 100_000, 1);
            String to = dst.host() + "/retry/cut:1";
            FerryCli.Result r = new FerryCli().run("copy", proxy.host() + "/app/img:1", to);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(1, fin.applied());
            assertCopied(to);

            FaultRule rst = proxy.cutResponseAfter("GET", layerPath("app/img"), 50_000, 1, true);
            String to2 = dst.host() + "/retry/reset:1";
            FerryCli.Result r2 = new FerryCli().run("copy", proxy.host() + "/app/img:1", to2);
            assertEquals(0, r2.exit(), r2::toString);
            assertEquals(1, rst.applied());
            assertCopied(to2);
        }
    }

    @Test
    void rateLimitsAreHonouredWithRetryAfter() {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule rule = proxy.throttle("GET", "/v2/app/img/manifests/.*", 1, 2);
            long start = System.nanoTime();
            FerryCli.Result r = new FerryCli().run("copy", proxy.host() + "/app/img:1", dst.host() + "/retry/429:1");
            double secs = (System.nanoTime() - start) / 1e9;
            assertEquals(0, r.exit(), r::toString);
            assertEquals(1, rule.applied());
            assertTrue(secs >= 2.0, "waited for Retry-After: " + secs + " s");
            assertTrue(r.err().contains("HTTP 429"), r::toString);
        }
    }

    @Test
    void anUploadCutMidStreamIsSentAgain() {
        try (FaultProxy proxy = FaultProxy.start(dst.url())) {
            FaultRule rule = proxy.cutRequestAfter("PUT", "/v2/retry/upload/blobs/uploads/.*", 200_000, 1);
            String to = proxy.host() + "/retry/upload:1";
            FerryCli.Result r = new FerryCli().run("copy", src.host() + "/app/img:1", to);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(1, rule.applied());
            assertCopied(dst.host() + "/retry/upload:1");
        }
    }

    @Test
    void aSourceThatKeepsFailingFailsTheCopyAndTagsNothing() {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            proxy.respond("GET", layerPath("app/img"), 500, 1000);
            String to = dst.host() + "/broken/src:1";
            FerryCli.Result r = new FerryCli().run("copy", "--retries", "1", proxy.host() + "/app/img:1", to);
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("pull blob " + image.layers().get(1).digest().substring(0, 19)) && r.err().contains("HTTP 500"), r::toString);
            assertTrue(!tagExists(to), "nothing was tagged");
        }
    }

    @Test
    void aTamperedBlobIsRefusedAndNeverReachesTheTarget(@TempDir Path tmp) throws IOException, InterruptedException {
        Path copy = tmp.resolve("layout");
        FerryCli ferry = new FerryCli();
        assertEquals(0, ferry.run("copy", src.host() + "/app/img:1", "oci:" + copy + ":1").exit());
        String layer = image.layers().get(1).digest();
        Path blob = copy.resolve("blobs/sha256/" + layer.substring(7));
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(1000);
            int b = f.read();
            f.seek(1000);
            f.write(b ^ 0xff);
        }
        String to = dst.host() + "/tampered/img:1";
        FerryCli.Result r = ferry.run("copy", "oci:" + copy + ":1", to);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("does not match digest " + layer), r::toString);
        assertTrue(!tagExists(to), "nothing was tagged");
        assertEquals(404, headBlob(dst, "tampered/img", layer).statusCode(), "the tampered blob is not in the target");
    }

    /** A HEAD of a blob straight at the registry (no proxy, no ferry). */
    private static java.net.http.HttpResponse<Void> headBlob(RegistryServer registry, String repo, String digest) throws IOException, InterruptedException {
        return registry.httpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(registry.url() + "/v2/" + repo + "/blobs/" + digest))
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    /** A 256 MiB layer copies registry to registry in a JVM limited to a 48 MiB heap: memory does not grow with layer size. */
    @Test
    @Timeout(300)
    void aLargeLayerStreamsThroughASmallHeap() throws IOException, InterruptedException {
        Path big = work.resolve("big");
        Image bigImage = TestImages.single(big, "big", "linux", "amd64", 1, 256 * 1024 * 1024, false);
        Skopeo.pushOciDir(big, bigImage.tag(), src.host() + "/big/img:1", Options.plain(), false);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "copy", "-q", "-o", "json", src.host() + "/big/img:1", dst.host() + "/big/img:1"));
        ProcessResult p = Tools.run(Duration.ofMinutes(4), cmd, Map.of("DOCKER_CONFIG", work.resolve("no-docker-config").toString()));
        assertEquals(0, p.exitCode(), p::describe);
        assertTrue(p.stdout().contains("\"bytesMoved\" : " + bigImage.blobSizes().values().stream().mapToLong(Long::longValue).sum()), p::describe);
        assertEquals(bigImage.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/big/img:1", Options.plain())));
        // the 256 MiB layer itself is in the target under its digest, whole (the registry checked the digest when ferry committed it)
        var layer = bigImage.layers().get(0);
        var head = headBlob(dst, "big/img", layer.digest());
        assertEquals(200, head.statusCode(), "the large layer is in the target");
        assertEquals(layer.size(), head.headers().firstValueAsLong("Content-Length").orElse(-1), "the large layer has its full size in the target");
    }
}
