package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestCa;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates out of date are refused and said so, with the date, against real TLS registries:
 * an expired self-signed certificate given with --ca (the JDK would take it as an anchor without
 * looking at its dates), an expired server certificate from a good CA (once "not trusted"), an
 * expired CA given with --ca; and a current self-signed one still works.
 */
@Timeout(120)
class TlsDatesTest {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static Path work;
    static Image image;
    static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(400)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    static final Instant EXPIRED = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        work = Files.createTempDirectory("ferry-tls-dates-");
        image = TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 20_000, false);
    }

    @AfterAll
    static void tearDown() {
        TempDirs.deleteRecursively(work);
    }

    private static String source() {
        return "oci:" + work.resolve("images") + ":one";
    }

    private static FerryCli.Result copyWithCa(TestCa ca, RegistryServer reg, String repo) {
        return new FerryCli().run("copy", "--retries", "0", "--ca", reg.host() + "=" + ca.caPem(), source(), reg.host() + "/" + repo + ":1");
    }

    @Test
    void anExpiredSelfSignedCertificateGivenWithCaIsRefusedWithItsDate() {
        try (TestCa self = TestCa.selfSigned(LONG_AGO, EXPIRED); RegistryServer reg = RegistryServer.builder().tls(self).start()) {
            FerryCli.Result r = copyWithCa(self, reg, "self/expired");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("TLS certificate out of date: the registry's certificate \"O=ferry self-signed,CN=127.0.0.1\" expired on "
                    + WHEN.format(EXPIRED)), r::toString);
            assertFalse(r.err().contains("not trusted"), r::toString);
            assertEquals(0, reg.countRequests("*", "/v2/self/.*"), "nothing was sent over the refused connection");
        }
    }

    @Test
    void aCurrentSelfSignedCertificateGivenWithCaWorks() {
        try (TestCa self = TestCa.selfSigned(null, null); RegistryServer reg = RegistryServer.builder().tls(self).start()) {
            FerryCli.Result r = copyWithCa(self, reg, "self/current");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/self/current:1", Options.trusting(self))));
        }
    }

    @Test
    void anExpiredServerCertificateFromAGoodCaSaysExpiredNotUntrusted() {
        try (TestCa ca = TestCa.withDates(null, null, LONG_AGO, EXPIRED); RegistryServer reg = RegistryServer.builder().tls(ca).start()) {
            FerryCli.Result r = copyWithCa(ca, reg, "leaf/expired");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("the registry's certificate \"O=ferry,CN=127.0.0.1\" expired on " + WHEN.format(EXPIRED)), r::toString);
            assertFalse(r.err().contains("not trusted"), r::toString);
        }
    }

    @Test
    void anExpiredCaGivenWithCaIsRefusedNamingTheFile() {
        try (TestCa ca = TestCa.withDates(LONG_AGO, EXPIRED, null, null); RegistryServer reg = RegistryServer.builder().tls(ca).start()) {
            FerryCli.Result r = copyWithCa(ca, reg, "ca/expired");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("the certificate \"O=ferry,CN=ferry test CA\" in CA file " + ca.caPem() + " expired on "
                    + WHEN.format(EXPIRED)), r::toString);
        }
    }
}
