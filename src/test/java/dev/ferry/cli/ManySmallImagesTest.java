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
    /** Enough for the engine to list the target's tags once instead of a HEAD of each (engine.TargetTags: 16). */
    static final int IMAGES = 16;
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
            // the target: its tag list read once, no HEAD (none of the tags was in it), each blob asked about with the
            // POST that opens its upload and sent with one PUT, one manifest PUT each
            assertEquals(Map.of("GET /tags/list", 1L, "POST /blobs/uploads/", 2L * IMAGES + 1, "PUT /blobs/uploads/ID", 2L * IMAGES + 1,
                    "PUT /manifests/TAG", (long) IMAGES), atDst, atDst::toString);
            for (Image img : images) {
                // every blob read back and verified by skopeo; the manifest is the source's, byte for byte
                Skopeo.copyAllToOciDir(dst.host() + "/many/app:" + img.tag(), tmp.resolve("check-" + img.tag()), Options.plain());
                assertEquals(img.rawString(), Skopeo.inspectRaw(dst.host() + "/many/app:" + img.tag(), Options.plain()));
            }

            long srcBefore = ferryRequests(src), dstBefore = ferryRequests(dst);
            FerryCli.Result present = ferry.run("sync", list.toString(), "--from", src.host(), "--to", dst.host(), "-o", "json");
            assertEquals(0, present.exit(), present::toString);
            present.json().get("images").forEach(i -> assertEquals("up_to_date", i.get("status").asText(), i::toString));
            // all there: one HEAD a side an image (and the target's tag list), nothing else
            assertEquals(Map.of("HEAD /manifests/TAG", (long) IMAGES), requests(src, srcBefore));
            assertEquals(Map.of("GET /tags/list", 1L, "HEAD /manifests/TAG", (long) IMAGES), requests(dst, dstBefore));

            // a new tag of an image whose blobs are there: each blob's question (a mount from the repository itself)
            // answers that it is there, and nothing is uploaded
            dstBefore = ferryRequests(dst);
            Image first = images.get(0);
            FerryCli.Result again = ferry.run("copy", src.host() + "/many/app:" + first.tag(), dst.host() + "/many/app:again", "-q");
            assertEquals(0, again.exit(), again::toString);
            assertEquals(Map.of("HEAD /manifests/again", 1L, "POST /blobs/uploads/", 3L, "PUT /manifests/again", 1L),
                    requests(dst, dstBefore), "the copy's requests at the target");
            List<AccessLogEntry> posts = dst.accessLog().stream().filter(e -> e.userAgent().startsWith("ferry") && e.method().equals("POST")).toList();
            assertTrue(posts.subList(posts.size() - 3, posts.size()).stream().allMatch(e -> e.status() == 201), posts::toString);
            assertEquals(first.rawString(), Skopeo.inspectRaw(dst.host() + "/many/app:again", Options.plain()));
        }
    }
}
