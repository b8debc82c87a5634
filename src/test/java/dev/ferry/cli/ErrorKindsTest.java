package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestCa;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every failed image in a JSON report says what kind of failure it was ({@code errorKind}), for
 * real failures: missing images, refused credentials, a closed port, an untrusted certificate,
 * and a proxy that keeps answering 503 or 429 or corrupts a blob.
 */
@Timeout(180)
class ErrorKindsTest {
    static final String USER = "ferry";
    static final String PASSWORD = "s3cret-Pa55";
    static Path work;
    static Image image;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-kinds-test-");
        Path layout = work.resolve("images");
        image = TestImages.single(layout, "img", "linux", "amd64", 2, 100_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, image.tag(), src.host() + "/app/img:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    /** Runs {@code copy -o json --retries 0 ARGS…}, expects exit 1 and returns the report. */
    private static JsonNode failedCopy(FerryCli ferry, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "copy";
        all[1] = "-o";
        all[2] = "json";
        all[3] = "--retries";
        all[4] = "0";
        System.arraycopy(args, 0, all, 5, args.length);
        FerryCli.Result r = ferry.run(all);
        assertEquals(1, r.exit(), r::toString);
        JsonNode j = r.json();
        assertTrue(j.hasNonNull("error"), r::toString);
        return j;
    }

    private static String kindOf(JsonNode report) {
        return report.path("errorKind").asText("(none)") + " — " + report.path("error").asText();
    }

    private static void assertKind(String kind, JsonNode report) {
        assertEquals(kind, report.path("errorKind").asText(null), () -> "got " + kindOf(report) + "\n" + report.toPrettyString());
    }

    @Test
    void aCopyThatWorksHasNoErrorKind(@TempDir Path tmp) {
        FerryCli.Result r = new FerryCli().run("copy", "-o", "json", src.host() + "/app/img:1", "oci:" + tmp.resolve("layout") + ":1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.json().has("errorKind") && r.json().get("errorKind").isNull(), r::toString);
    }

    @Test
    void aMissingImageIsNotFound(@TempDir Path tmp) {
        JsonNode j = failedCopy(new FerryCli(), src.host() + "/app/nothing:1", "oci:" + tmp.resolve("layout") + ":1");
        assertEquals("invalid", j.get("status").asText());
        assertKind("not_found", j);
        JsonNode tag = failedCopy(new FerryCli(), src.host() + "/app/img:no-such-tag", "oci:" + tmp.resolve("layout") + ":1");
        assertKind("not_found", tag);
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            JsonNode basic = failedCopy(new FerryCli(), "--dest-creds", USER + ":wrong-Secret-9", src.host() + "/app/img:1", reg.host() + "/dst/img:1");
            assertKind("unauthorized", basic);
            JsonNode none = failedCopy(new FerryCli(), src.host() + "/app/img:1", reg.host() + "/dst/img:1");
            assertKind("unauthorized", none);
        }
    }

    @Test
    void aTokenServiceRefusingIsUnauthorized() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD));
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            JsonNode j = failedCopy(new FerryCli(), "--dest-creds", USER + ":nope-Nope-1", src.host() + "/app/img:1", reg.host() + "/dst/img:1");
            assertKind("unauthorized", j);
            assertTrue(issuer.requests().stream().anyMatch(t -> t.status() == 401), () -> issuer.requests().toString());
        }
    }

    @Test
    void aClosedLoopbackPortIsNetwork(@TempDir Path tmp) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        JsonNode j = failedCopy(new FerryCli(), "127.0.0.1:" + port + "/app/img:1", "oci:" + tmp.resolve("layout") + ":1");
        assertKind("network", j);
    }

    @Test
    void aRegistryWhoseCaIsNotGivenIsTls() {
        try (TestCa ca = new TestCa(); RegistryServer reg = RegistryServer.builder().tls(ca).start()) {
            JsonNode j = failedCopy(new FerryCli(), src.host() + "/app/img:1", reg.host() + "/tls/img:1");
            assertKind("tls", j);
        }
    }

    @Test
    void aManifestThatAlwaysFailsWith503IsTheRegistrys(@TempDir Path tmp) {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule rule = proxy.respond("*", "/v2/app/img/manifests/.*", 503, 1000);
            JsonNode j = failedCopy(new FerryCli(), proxy.host() + "/app/img:1", "oci:" + tmp.resolve("layout") + ":1");
            assertKind("registry", j);
            assertTrue(rule.applied() >= 1, rule::toString);
        }
    }

    @Test
    void aRegistryThatKeepsAnswering429IsRateLimited(@TempDir Path tmp) {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule rule = proxy.throttle("*", "/v2/app/img/manifests/.*", 1000, 0);
            JsonNode j = failedCopy(new FerryCli(), proxy.host() + "/app/img:1", "oci:" + tmp.resolve("layout") + ":1");
            assertKind("rate_limited", j);
            assertTrue(rule.applied() >= 1, rule::toString);
        }
    }

    @Test
    void aBlobCorruptedOnTheWayIsADigestMismatch() {
        try (RegistryServer dst = RegistryServer.builder().start(); FaultProxy proxy = FaultProxy.start(src.url())) {
            String layer = image.layers().get(1).digest();
            FaultRule rule = proxy.corruptResponse("GET", "/v2/app/img/blobs/" + layer, 5_000, 1000);
            JsonNode j = failedCopy(new FerryCli(), proxy.host() + "/app/img:1", dst.host() + "/corrupt/img:1");
            assertKind("digest_mismatch", j);
            assertTrue(j.get("error").asText().contains("does not match digest " + layer), j::toPrettyString);
            assertTrue(rule.applied() >= 1, rule::toString);
        }
    }

    @Test
    void aSyncReportGivesEachFailedImageItsKind(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            Path lst = tmp.resolve("img.lst");
            Files.writeString(lst, "10.0.0.1/app/img:1\n10.0.0.1/app/gone:1\n");
            FerryCli.Result r = new FerryCli().run("sync", lst.toString(), "--from", src.host(), "--to", dst.host(), "-o", "json", "--retries", "0");
            assertEquals(1, r.exit(), r::toString);
            JsonNode images = r.json().get("images");
            assertEquals(2, images.size(), r::toString);
            assertEquals("copied", images.get(0).get("status").asText(), r::toString);
            assertTrue(images.get(0).get("errorKind").isNull(), r::toString);
            assertKind("not_found", images.get(1));
        }
    }
}
