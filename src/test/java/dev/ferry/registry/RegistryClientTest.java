package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.VerifyingInputStream;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry client against a real docker-registry: pagination, chunked uploads, HEADs, digest checks. */
@Timeout(120)
class RegistryClientTest {
    static Path work;
    static RegistryServer reg;
    static RegistryPool pool;
    static Image multi;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-client-test-");
        multi = TestImages.multiArch(work.resolve("images"), "multi", 1, 20_000, false);
        reg = RegistryServer.builder().start();
        for (int i = 0; i < 5; i++) {
            Skopeo.pushOciDir(work.resolve("images"), "multi", reg.host() + "/repo" + i + "/img:t" + i, Options.plain(), true);
        }
        for (int i = 5; i < 12; i++) {
            Skopeo.copy(reg.host() + "/repo0/img:t0", Options.plain(), reg.host() + "/repo0/img:t" + i, Options.plain(), true);
        }
        pool = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of());
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) pool.close();
        if (reg != null) reg.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void tagsAndCatalogFollowLinkPagination() throws IOException {
        RegistryClient c = pool.client(reg.host());
        c.pageSize(2);
        List<String> tags = c.tags("repo0/img");
        assertEquals(8, tags.size(), tags::toString);
        assertEquals(8, tags.stream().distinct().count());
        // docker-registry 2.8 pages _catalog but sends all tags at once; both paths follow Link when present
        long before = reg.countRequests("GET", "/v2/_catalog");
        assertEquals(List.of("repo0/img", "repo1/img", "repo2/img", "repo3/img", "repo4/img"), c.catalog(0));
        assertTrue(reg.countRequests("GET", "/v2/_catalog") - before >= 3, "the catalog was read in pages of two");
        assertEquals(3, c.catalog(3).size());
    }

    @Test
    void manifestsKeepTheirBytesAndDigestsAreChecked() throws IOException {
        RegistryClient c = pool.client(reg.host());
        Manifest m = c.getManifest("repo1/img", "t1");
        assertArrayEquals(multi.raw(), m.bytes());
        assertEquals(multi.digest(), m.digest().toString());
        assertEquals(MediaTypes.OCI_INDEX, m.mediaType());
        assertEquals(multi.digest(), c.headManifest("repo1/img", "t1").orElseThrow().digest().toString());
        assertTrue(c.headManifest("repo1/img", "nope").isEmpty());
        Manifest byDigest = c.getManifest("repo1/img", multi.digest());
        assertEquals(m.digest(), byDigest.digest());
        RegistryException e = assertThrows(RegistryException.class, () -> c.getManifest("repo1/img", "nope"));
        assertTrue(e.isNotFound());
        assertTrue(e.getMessage().contains("get manifest repo1/img:nope from " + reg.host()), e.getMessage());
    }

    @Test
    void chunkedUploadsWorkAndABadBlobIsNeverCommitted() throws IOException {
        try (RegistryPool chunked = new RegistryPool(r -> RegistryOptions.DEFAULT.withChunkSize(64 * 1024), r -> Optional.empty(),
                RetryListener.NONE, "ferry-test", Map.of())) {
            RegistryClient c = chunked.client(reg.host());
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(data), data.length);
            c.pushBlob("chunked/blob", d, new VerifyingInputStream(new ByteArrayInputStream(data), d, "test blob", null));
            assertTrue(c.hasBlob("chunked/blob", d.digest()));
            assertTrue(reg.countRequests("PATCH", "/v2/chunked/blob/blobs/uploads/.*") >= 5, "uploaded in several chunks");
            try (InputStream in = c.getBlob("chunked/blob", d)) {
                assertArrayEquals(data, in.readAllBytes());
            }

            byte[] bad = data.clone();
            bad[123_456] ^= 1;
            assertThrows(IOException.class, () -> c.pushBlob("chunked/bad", d,
                    new VerifyingInputStream(new ByteArrayInputStream(bad), d, "tampered blob", null)));
            assertFalse(c.hasBlob("chunked/bad", d.digest()), "a blob that failed verification is not in the registry");
        }
        RegistryClient mono = pool.client(reg.host());
        byte[] other = new byte[100_000];
        new Random(8).nextBytes(other);
        Descriptor d2 = new Descriptor("application/octet-stream", Digest.sha256(other), other.length);
        byte[] tampered = other.clone();
        tampered[10] ^= 1;
        assertThrows(IOException.class, () -> mono.pushBlob("mono/bad", d2,
                new VerifyingInputStream(new ByteArrayInputStream(tampered), d2, "tampered blob", null)));
        assertFalse(mono.hasBlob("mono/bad", d2.digest()));
    }

    @Test
    void aSlowConnectionTurnsIntoParallelRangesAFastOrSaturatedOneDoesNot() throws IOException {
        RegistryClient c = pool.client(reg.host());
        byte[] data = new byte[41 * 1024 * 1024 + 123];
        new Random(9).nextBytes(data);
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(data), data.length);
        c.pushBlob("ranged/blob", d, new VerifyingInputStream(new ByteArrayInputStream(data), d, "big blob", null));
        String path = "/v2/ranged/blob/blobs/" + d.digest();
        // what the stream measures (its rate, the machine's load) is pinned so each path is tested whatever this machine does
        withRangeSettings(0, 0, () -> {
            long before = reg.countRequests("GET", path);
            assertArrayEquals(data, readVerified(c, "ranged/blob", d));
            assertEquals(1, reg.countRequests("GET", path) - before, "a fast connection stays one request");
        });
        withRangeSettings(Double.MAX_VALUE, 0, () -> {
            long before = reg.countRequests("GET", path);
            assertArrayEquals(data, readVerified(c, "ranged/blob", d));
            long ranges = reg.countRequests("GET", path) - before - 1;
            // measured after the first MiB: the connection carries on for one more 4 MiB chunk, ranges fetch the rest
            assertTrue(ranges >= 8 && ranges <= 10, "the rest in 4 MiB ranges: " + ranges);
        });
        withRangeSettings(Double.MAX_VALUE, 1.0, () -> {
            long before = reg.countRequests("GET", path);
            assertArrayEquals(data, readVerified(c, "ranged/blob", d));
            assertEquals(1, reg.countRequests("GET", path) - before, "saturated processors: more connections would not help");
        });

        try (dev.ferry.testing.FaultProxy proxy = dev.ferry.testing.FaultProxy.start(reg.url());
             RegistryPool viaProxy = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of())) {
            RegistryClient pc = viaProxy.client(proxy.host());
            // a dropped connection resumes from where it was cut, twice over
            withRangeSettings(0, 0, () -> {
                var cut = proxy.cutResponseAfter("GET", path, 1_000_000, 2);
                long before = proxy.countRequests("GET", path);
                assertArrayEquals(data, readVerified(pc, "ranged/blob", d));
                assertEquals(2, cut.applied());
                assertEquals(3, proxy.countRequests("GET", path) - before, "the whole blob once, then the rest from each cut");
            });
            // a cut range is fetched again
            withRangeSettings(Double.MAX_VALUE, 0, () -> {
                proxy.clearRules();
                try (InputStream in = new VerifyingInputStream(pc.getBlobFast("ranged/blob", d), d, "big blob", null)) {
                    var cut = proxy.cutResponseAfter("GET", path, 1_000_000, 2);
                    assertArrayEquals(data, in.readAllBytes());
                    assertEquals(2, cut.applied());
                }
            });
            // a registry that answers a range with the whole blob: the connection simply carries on, and ranges are not asked again
            withRangeSettings(Double.MAX_VALUE, 0, () -> {
                proxy.clearRules();
                try (InputStream in = new VerifyingInputStream(pc.getBlobFast("ranged/blob", d), d, "big blob", null)) {
                    var refuse = proxy.respond("GET", path, 200, 1000);
                    assertArrayEquals(data, in.readAllBytes());
                    assertTrue(refuse.applied() >= 1, "a range was asked for");
                    proxy.clearRules();
                }
                long before = proxy.countRequests("GET", path);
                assertArrayEquals(data, readVerified(pc, "ranged/blob", d));
                assertEquals(1, proxy.countRequests("GET", path) - before);
            });
        }
    }

    private interface IoBlock {
        void run() throws IOException;
    }

    private static void withRangeSettings(double fastConnection, double load, IoBlock block) throws IOException {
        double savedFast = AdaptiveBlobStream.fastConnection;
        long savedWindow = AdaptiveBlobStream.windowNanos;
        var savedLoad = AdaptiveBlobStream.load;
        double savedWaiting = AdaptiveBlobStream.waitingShare;
        try {
            // the share of time a loopback read waits depends on how busy the machine is: pinned too
            AdaptiveBlobStream.waitingShare = 0;
            AdaptiveBlobStream.fastConnection = fastConnection;
            AdaptiveBlobStream.windowNanos = 0;
            AdaptiveBlobStream.load = () -> load;
            block.run();
        } finally {
            AdaptiveBlobStream.fastConnection = savedFast;
            AdaptiveBlobStream.windowNanos = savedWindow;
            AdaptiveBlobStream.load = savedLoad;
            AdaptiveBlobStream.waitingShare = savedWaiting;
        }
    }

    private static byte[] readVerified(RegistryClient c, String repository, Descriptor d) throws IOException {
        try (InputStream in = new VerifyingInputStream(c.getBlobFast(repository, d), d, "big blob", null)) {
            return in.readAllBytes();
        }
    }
}
