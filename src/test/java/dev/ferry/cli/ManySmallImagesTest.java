package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.RegistryServer.AccessLogEntry;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Blob;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's mirror job of many small images (one shared base layer, a config and a small layer each), counted at
 * both registries: what each image costs in requests, fresh and when everything is there already, and that the copies
 * are whole (skopeo reads every blob back).
 */
@Timeout(240)
class ManySmallImagesTest {
    static final int IMAGES = 6;
    static Path layout;
    static RegistryServer src;
    static final List<Image> images = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        layout = Files.createTempDirectory("ferry-many-small-");
        Blob base = TestImages.writeLayer(layout, 300_000, 18, false);
        for (int i = 1; i <= IMAGES; i++) images.add(TestImages.onBase(layout, "t" + i, base, 10_000, 1800 + i));
        src = RegistryServer.builder().start();
        for (Image img : images) Skopeo.pushOciDir(layout, img.tag(), src.host() + "/many/app:" + img.tag(), Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
    }

    /** Requests ferry sent, by method and path with digests and tags folded: {@code "HEAD /manifests/TAG" -> 6}. */
    private static Map<String, Long> requests(RegistryServer r, long since) {
        List<AccessLogEntry> log = r.accessLog().stream().filter(e -> e.userAgent().startsWith("ferry")).toList();
        return log.subList((int) Math.min(since, log.size()), log.size()).stream()
                .filter(e -> e.path().startsWith("/v2/many/"))
                .collect(Collectors.groupingBy(e -> e.method() + " " + e.path().replaceFirst("^/v2/many/app", "")
                        .replaceAll("sha256:[0-9a-f]{64}", "DIGEST").replaceAll("/uploads/[^/]+$", "/uploads/ID")
                        .replaceAll("/manifests/t[0-9]+$", "/manifests/TAG"), TreeMap::new, Collectors.counting()));
    }

    private static long ferryRequests(RegistryServer r) {
        return r.accessLog().stream().filter(e -> e.userAgent().startsWith("ferry")).count();
    }

    @Test
    void eachImageCostsFewRequestsFreshAndOneHeadASideWhenThere(@TempDir Path tmp) throws IOException {
        Path list = tmp.resolve("images.txt");
        Files.writeString(list, images.stream().map(i -> "many/app:" + i.tag() + "\n").collect(Collectors.joining()));
        FerryCli ferry = new FerryCli().env("FERRY_SIGHTINGS", tmp.resolve("sightings").toString());
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result fresh = ferry.run("sync", list.toString(), "--from", src.host(), "--to", dst.host(), "-q");
            assertEquals(0, fresh.exit(), fresh::toString);
            Map<String, Long> atSrc = requests(src, 0), atDst = requests(dst, 0);
            // the source: each manifest GET once (no HEAD first: the target lacked the tag), each blob read once,
            // the config too although planning read it to learn the platform
            assertEquals(Map.of("GET /manifests/TAG", (long) IMAGES, "GET /blobs/DIGEST", 2L * IMAGES + 1), atSrc, atSrc::toString);
            // the target: one HEAD of each tag, each blob's upload, one manifest PUT each
            assertEquals((long) IMAGES, atDst.get("HEAD /manifests/TAG"), atDst::toString);
            assertEquals((long) IMAGES, atDst.get("PUT /manifests/TAG"), atDst::toString);
            assertEquals(2L * IMAGES + 1, atDst.get("PUT /blobs/uploads/ID"), atDst::toString);
            for (Image img : images) {
                // every blob read back and verified by skopeo; the manifest is the source's, byte for byte
                Skopeo.copyAllToOciDir(dst.host() + "/many/app:" + img.tag(), tmp.resolve("check-" + img.tag()), Options.plain());
                assertEquals(img.rawString(), Skopeo.inspectRaw(dst.host() + "/many/app:" + img.tag(), Options.plain()));
            }

            long srcBefore = ferryRequests(src), dstBefore = ferryRequests(dst);
            FerryCli.Result present = ferry.run("sync", list.toString(), "--from", src.host(), "--to", dst.host(), "-o", "json");
            assertEquals(0, present.exit(), present::toString);
            present.json().get("images").forEach(i -> assertEquals("up_to_date", i.get("status").asText(), i::toString));
            // all there: one HEAD a side an image, nothing else
            assertEquals(Map.of("HEAD /manifests/TAG", (long) IMAGES), requests(src, srcBefore));
            assertEquals(Map.of("HEAD /manifests/TAG", (long) IMAGES), requests(dst, dstBefore));
            assertTrue(present.out().contains("\"images\""), present::toString);
        }
    }
}
