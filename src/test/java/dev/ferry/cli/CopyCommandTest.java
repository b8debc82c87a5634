package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry copy} between real docker-registry processes and OCI layouts, checked with skopeo:
 * the target's manifest digest equals the source's and {@code skopeo copy --all} verifies every blob.
 */
@Timeout(180)
class CopyCommandTest {
    static final Options PLAIN = Options.plain();
    static Path work;
    static RegistryServer src;
    static RegistryServer dst;
    static Image singleOci, multiOci, singleDocker, multiDocker;
    final FerryCli ferry = new FerryCli();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-copy-test-");
        Path layout = work.resolve("images");
        singleOci = TestImages.single(layout, "single-oci", "linux", "amd64", 3, 200_000, false);
        multiOci = TestImages.multiArch(layout, "multi-oci", 2, 150_000, false);
        singleDocker = TestImages.single(layout, "single-docker", "linux", "arm64", 2, 100_000, true);
        multiDocker = TestImages.multiArch(layout, "multi-docker", 1, 100_000, true);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        for (Image i : List.of(singleOci, multiOci, singleDocker, multiDocker)) {
            Skopeo.pushOciDir(layout, i.tag(), src.host() + "/app/" + i.tag() + ":v1", PLAIN, true);
        }
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        dev.ferry.testing.TempDirs.deleteRecursively(work);
    }

    static void assertVerifiedCopy(String ref, String expectedDigest, Path scratch) {
        String raw = Skopeo.inspectRaw(ref, PLAIN);
        assertEquals(expectedDigest, Skopeo.digest(raw), "digest of " + ref);
        Skopeo.copyAllToOciDir(ref, scratch.resolve("check-" + Math.abs(ref.hashCode())), PLAIN);
    }

    @Test
    void copiesSingleAndMultiPlatformImagesByteForByte(@TempDir Path tmp) {
        for (Image i : List.of(singleOci, multiOci, singleDocker, multiDocker)) {
            String from = src.host() + "/app/" + i.tag() + ":v1";
            String to = dst.host() + "/copied/" + i.tag() + ":v1";
            FerryCli.Result r = ferry.run("copy", from, to);
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("Copied " + from + " -> " + to), r::toString);
            assertVerifiedCopy(to, i.digest(), tmp);
        }
    }

    @Test
    void jsonReportsDigestsPlatformsAndBytes() {
        String to = dst.host() + "/json/multi:v1";
        FerryCli.Result r = ferry.run("copy", "--output", "json", src.host() + "/app/multi-oci:v1", to);
        assertEquals(0, r.exit(), r::toString);
        JsonNode j = r.json();
        assertEquals("copied", j.get("status").asText());
        assertEquals(src.host() + "/app/multi-oci:v1", j.get("source").asText());
        assertEquals(to, j.get("target").asText());
        assertEquals(multiOci.digest(), j.get("sourceDigest").asText());
        assertEquals(multiOci.digest(), j.get("targetDigest").asText());
        assertFalse(j.get("digestChanged").asBoolean());
        assertEquals(List.of("linux/amd64", "linux/arm64"), List.of(j.get("platforms").get(0).asText(), j.get("platforms").get(1).asText()));
        long total = multiOci.blobSizes().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(total, j.get("bytesMoved").asLong() + j.get("bytesSkipped").asLong());
    }

    @Test
    void aSecondCopyOnlyChecksAndMovesNothing() {
        String from = src.host() + "/app/multi-docker:v1";
        String to = dst.host() + "/again/multi-docker:v1";
        assertEquals(0, ferry.run("copy", from, to).exit());
        long blobGets = src.countRequests("GET", "/v2/.*/blobs/.*");
        long puts = dst.countRequests("PUT", "/v2/again/.*");
        FerryCli.Result r = ferry.run("copy", "-o", "json", from, to);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("up_to_date", r.json().get("status").asText());
        assertEquals(0, r.json().get("bytesMoved").asLong());
        assertEquals(blobGets, src.countRequests("GET", "/v2/.*/blobs/.*"), "no blob was read again");
        assertEquals(puts, dst.countRequests("PUT", "/v2/again/.*"), "nothing was written again");
    }

    @Test
    void blobsTheTargetHasAreSkippedAndOthersInTheRegistryAreMounted() {
        String a = dst.host() + "/mount/a:v1";
        assertEquals(0, ferry.run("copy", src.host() + "/app/single-oci:v1", a).exit());
        FerryCli.Result r = ferry.run("copy", "-o", "json", a, dst.host() + "/mount/b:v1");
        assertEquals(0, r.exit(), r::toString);
        JsonNode j = r.json();
        assertEquals(4, j.get("blobs").get("mounted").asInt(), r::toString);
        assertEquals(0, j.get("bytesMoved").asLong());
        for (TestImages.Blob layer : singleOci.layers()) {
            assertEquals(0, dst.countRequests("GET", "/v2/mount/a/blobs/" + layer.digest()), "mounting reads no layer");
        }
        assertEquals(singleOci.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/mount/b:v1", PLAIN)));
    }

    @Test
    void onePlatformMakesThatPlatformsManifestTheTarget(@TempDir Path tmp) {
        String to = dst.host() + "/platform/arm:v1";
        FerryCli.Result r = ferry.run("copy", "--platform", "linux/arm64", "-o", "json", src.host() + "/app/multi-oci:v1", to);
        assertEquals(0, r.exit(), r::toString);
        String armDigest = multiOci.children().stream().filter(c -> c.platform().startsWith("linux/arm64")).findFirst().orElseThrow().digest();
        assertEquals(armDigest, r.json().get("targetDigest").asText());
        assertTrue(r.json().get("digestChanged").asBoolean());
        assertVerifiedCopy(to, armDigest, tmp);
        assertEquals(0, dst.countRequests("*", "/v2/platform/arm/blobs/" + multiOci.children().stream()
                .filter(c -> c.platform().startsWith("linux/amd64")).findFirst().orElseThrow().config().digest()), "no amd64 blob was touched");
    }

    @Test
    void aPlatformTheImageLacksIsAClearFailure() {
        FerryCli.Result r = ferry.run("copy", "--platform", "linux/s390x", src.host() + "/app/multi-oci:v1", dst.host() + "/platform/none:v1");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("no manifest for linux/s390x") && r.err().contains("linux/amd64, linux/arm64"), r::toString);
        FerryCli.Result single = ferry.run("copy", "--platform", "linux/amd64", src.host() + "/app/single-docker:v1", dst.host() + "/platform/none:v1");
        assertEquals(1, single.exit(), single::toString);
        assertTrue(single.err().contains("single-platform image for linux/arm64"), single::toString);
    }

    @Test
    void copiesThroughOciLayoutsBothWays(@TempDir Path tmp) {
        Path layout = tmp.resolve("layout");
        // skopeo 1.9 reads OCI-typed entries of index.json only, so it checks the OCI image here
        FerryCli.Result oci = ferry.run("copy", src.host() + "/app/multi-oci:v1", "oci:" + layout + ":oci");
        assertEquals(0, oci.exit(), oci::toString);
        ProcessResult verified = Skopeo.run(List.of("skopeo", "copy", "--all", "oci:" + layout + ":oci", "oci:" + tmp.resolve("by-skopeo") + ":x"));
        assertTrue(verified.ok(), verified::describe);
        ProcessResult check = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci:" + layout + ":oci"));
        assertTrue(check.ok(), check::describe);
        assertEquals(multiOci.digest(), Skopeo.digest(check.stdoutBytes()));

        FerryCli.Result out = ferry.run("copy", src.host() + "/app/multi-docker:v1", "oci:" + layout + ":saved");
        assertEquals(0, out.exit(), out::toString);
        String back = dst.host() + "/from-layout/multi:v2";
        FerryCli.Result in = ferry.run("copy", "oci:" + layout + ":saved", back);
        assertEquals(0, in.exit(), in::toString);
        assertVerifiedCopy(back, multiDocker.digest(), tmp);
        // a target without a tag keeps the source's tag
        FerryCli.Result keep = ferry.run("copy", "oci:" + layout + ":saved", dst.host() + "/from-layout/keep");
        assertEquals(0, keep.exit(), keep::toString);
        assertEquals(multiDocker.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/from-layout/keep:saved", PLAIN)));
    }

    @Test
    void dryRunWritesNothing() {
        String to = dst.host() + "/dry/run:v1";
        FerryCli.Result r = ferry.run("copy", "--dry-run", "-o", "json", src.host() + "/app/single-oci:v1", to);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("planned", r.json().get("status").asText());
        assertTrue(r.json().get("bytesMoved").asLong() > 0);
        assertEquals(dst.countRequests("*", "/v2/dry/.*"), dst.countRequests("HEAD", "/v2/dry/.*"), "only HEAD requests reached the target");
        assertNotEquals(0, Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + to)).exitCode());
    }

    @Test
    void badInputAndMissingThingsGiveClearErrorsAndExitCodes() {
        FerryCli.Result missing = ferry.run("copy", src.host() + "/app/nope:v1", dst.host() + "/x/y:1");
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("get manifest app/nope:v1 from " + src.host()) && missing.err().contains("MANIFEST_UNKNOWN")
                || missing.err().contains("NAME_UNKNOWN"), missing::toString);

        FerryCli.Result badRef = ferry.run("copy", "Bad/Name:1", dst.host() + "/x/y:1");
        assertEquals(2, badRef.exit(), badRef::toString);
        assertTrue(badRef.err().contains("Bad/Name"), badRef::toString);

        FerryCli.Result badPlatform = ferry.run("copy", "--platform", "linux", src.host() + "/app/single-oci:v1", dst.host() + "/x/y:1");
        assertEquals(2, badPlatform.exit(), badPlatform::toString);
        assertTrue(badPlatform.err().contains("os/arch"), badPlatform::toString);

        FerryCli.Result unknownName = ferry.run("copy", "@nj/app:1", dst.host() + "/x/y:1");
        assertEquals(2, unknownName.exit(), unknownName::toString);
        assertTrue(unknownName.err().contains("unknown registry name \"nj\""), unknownName::toString);

        FerryCli.Result noArgs = ferry.run("copy");
        assertEquals(2, noArgs.exit(), noArgs::toString);

        FerryCli.Result refused = ferry.run("copy", "--retries", "0", "127.0.0.1:1/app/x:1", dst.host() + "/x/y:1");
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.err().contains("connection refused") || refused.err().contains("Connection refused"), refused::toString);

        FerryCli.Result noLayout = ferry.run("copy", "oci:" + work.resolve("does-not-exist"), dst.host() + "/x/y:1");
        assertEquals(2, noLayout.exit(), noLayout::toString); // a folder the person named that is not there: bad input
        assertTrue(noLayout.err().contains("does-not-exist"), noLayout::toString);
    }
}
