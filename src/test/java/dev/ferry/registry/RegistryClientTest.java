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
    void largeBlobsAreReadAsParallelRangesAndACutRangeIsFetchedAgain() throws IOException {
        RegistryClient c = pool.client(reg.host());
        byte[] data = new byte[41 * 1024 * 1024 + 123];
        new Random(9).nextBytes(data);
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(data), data.length);
        c.pushBlob("ranged/blob", d, new VerifyingInputStream(new ByteArrayInputStream(data), d, "big blob", null));
        // the rate of the first range decides; pin the threshold so each path is tested whatever this machine's speed
        double saved = RegistryClient.fastConnection;
        try {
            RegistryClient.fastConnection = 0; // every connection counts as fast: after the first range, one request for the rest
            long before = reg.countRequests("GET", "/v2/ranged/blob/blobs/" + d.digest());
            try (InputStream in = new VerifyingInputStream(c.getBlobFast("ranged/blob", d), d, "big blob", null)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertEquals(2, reg.countRequests("GET", "/v2/ranged/blob/blobs/" + d.digest()) - before, "a fast connection reads the rest in one go");
            RegistryClient.fastConnection = Double.MAX_VALUE; // behave as on a throttled link
            before = reg.countRequests("GET", "/v2/ranged/blob/blobs/" + d.digest());
            try (InputStream in = new VerifyingInputStream(c.getBlobFast("ranged/blob", d), d, "big blob", null)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            long ranges = reg.countRequests("GET", "/v2/ranged/blob/blobs/" + d.digest()) - before;
            assertEquals(12, ranges, "a 512 KiB probe, then 41 MiB in 4 MiB ranges");

        try (dev.ferry.testing.FaultProxy proxy = dev.ferry.testing.FaultProxy.start(reg.url());
             RegistryPool viaProxy = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of())) {
            var cut = proxy.cutResponseAfter("GET", "/v2/ranged/blob/blobs/" + d.digest(), 1_000_000, 2);
            RegistryClient pc = viaProxy.client(proxy.host());
            try (InputStream in = new VerifyingInputStream(pc.getBlobFast("ranged/blob", d), d, "big blob", null)) {
                assertArrayEquals(data, in.readAllBytes());
            }
            assertEquals(2, cut.applied());
        }
        } finally {
            RegistryClient.fastConnection = saved;
        }
    }
}
