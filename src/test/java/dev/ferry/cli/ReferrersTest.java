package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.Artifacts;
import dev.ferry.testing.Artifacts.Pushed;
import dev.ferry.testing.ReferrersFront;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --referrers}: an image's OCI 1.1 referrers (an SBOM with a subject, a signature of that SBOM) and its cosign
 * {@code .sig} tag go with it — between registries without the referrers API (Debian's docker-registry, distribution
 * 2.8: the tag schema fallback) and with it ({@link ReferrersFront} over a docker-registry), checked with skopeo.
 */
@Timeout(180)
class ReferrersTest {
    private static final String REPO = "lib/app";

    @Test
    void referrersAndCosignTagsTravelWithTheImageBothWays(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer plain = RegistryServer.builder().start();
             RegistryServer apiBackend = RegistryServer.builder().start(); ReferrersFront api = ReferrersFront.start(apiBackend.url())) {
            Made made = make(src, tmp);
            Pushed image = made.image(), sbom = made.sbom(), sbomSig = made.sbomSig(), sig = made.sig();
            String sigTag = made.sigTag();
            String from = src.host() + "/" + REPO + ":1";

            // inspect lists what refers to the image: type, digest, the created annotation, cosign's tag
            FerryCli.Result inspect = new FerryCli().run("inspect", from);
            assertEquals(0, inspect.exit(), inspect::toString);
            assertTrue(inspect.out().contains("Referrers (2):"), inspect::toString);
            assertTrue(inspect.out().contains(Artifacts.SBOM_TYPE + "  " + sbom.digest()) && inspect.out().contains("created 2026-11-30T10:00:00Z"), inspect::toString);
            assertTrue(inspect.out().contains(sig.digest()) && inspect.out().contains("(tag " + sigTag + ")"), inspect::toString);

            // without --referrers: the image alone
            FerryCli.Result alone = new FerryCli().run("copy", from, plain.host() + "/lib/alone:1", "-o", "json");
            assertEquals(0, alone.exit(), alone::toString);
            assertNull(Artifacts.get(plain.url(), "lib/alone", sigTag));
            assertNull(Artifacts.get(plain.url(), "lib/alone", sbom.digest()));

            // cfg.yaml's referrers: true does what --referrers does; --no-referrers overrides it
            Path cfg = Files.writeString(tmp.resolve("cfg.yaml"), "referrers: true\n");
            FerryCli.Result byCfg = new FerryCli().run("copy", "--config", cfg.toString(), from, plain.host() + "/lib/bycfg:1", "-o", "json");
            assertEquals(0, byCfg.exit(), byCfg::toString);
            assertEquals(3, byCfg.json().get("referrers").get("copied").asInt(), byCfg::toString);
            FerryCli.Result not = new FerryCli().run("copy", "--config", cfg.toString(), "--no-referrers", from, plain.host() + "/lib/not:1", "-o", "json");
            assertEquals(0, not.exit(), not::toString);
            assertNull(Artifacts.get(plain.url(), "lib/not", sigTag));

            // a dry run counts them and writes nothing
            FerryCli.Result dry = new FerryCli().run("copy", "--referrers", "--dry-run", from, plain.host() + "/" + REPO + ":1", "-o", "json");
            assertEquals(0, dry.exit(), dry::toString);
            assertEquals("planned", dry.json().get("status").asText(), dry::toString);
            assertEquals(3, dry.json().get("referrers").get("copied").asInt(), dry::toString);
            assertNull(Artifacts.get(plain.url(), REPO, sbom.digest()), "a dry run writes nothing");

            // to a registry without the API: by digest and tag, and the tag schema's indexes kept there
            FerryCli.Result toPlain = new FerryCli().run("copy", "--referrers", from, plain.host() + "/" + REPO + ":1", "-o", "json");
            assertEquals(0, toPlain.exit(), toPlain::toString);
            assertEquals(3, toPlain.json().get("referrers").get("copied").asInt(), toPlain::toString);
            sameAtTarget(plain.host(), image, sbom, sbomSig, sig, sigTag);
            assertEquals(404, Artifacts.referrersApi(plain.url(), REPO, image.digest()).statusCode());
            assertEquals(java.util.List.of(sbom.digest()), Artifacts.digests(Artifacts.get(plain.url(), REPO, image.digest().replace(':', '-'))));
            assertEquals(java.util.List.of(sbomSig.digest()), Artifacts.digests(Artifacts.get(plain.url(), REPO, sbom.digest().replace(':', '-'))));

            // again: all there, nothing written
            FerryCli.Result again = new FerryCli().run("copy", "--referrers", from, plain.host() + "/" + REPO + ":1", "-o", "json");
            assertEquals(0, again.exit(), again::toString);
            assertEquals("up_to_date", again.json().get("status").asText(), again::toString);
            assertEquals(0, again.json().get("referrers").get("copied").asInt(), again::toString);
            assertEquals(3, again.json().get("referrers").get("existing").asInt(), again::toString);

            // to a registry with the API: it indexes the subjects itself (OCI-Subject), so no fallback tag is made
            FerryCli.Result toApi = new FerryCli().run("copy", "--referrers", from, api.host() + "/" + REPO + ":1");
            assertEquals(0, toApi.exit(), toApi::toString);
            assertTrue(toApi.out().contains("referrers: 3 copied, 0 already there"), toApi::toString);
            sameAtTarget(api.host(), image, sbom, sbomSig, sig, sigTag);
            var listed = Artifacts.referrersApi(api.url(), REPO, image.digest());
            assertEquals(200, listed.statusCode());
            assertEquals(java.util.List.of(sbom.digest()), Artifacts.digests(listed.body().getBytes(StandardCharsets.UTF_8)));
            assertNull(Artifacts.get(apiBackend.url(), REPO, image.digest().replace(':', '-')), "no tag schema index where the API is");

            // from the registry with the API (read through it), by sync, to a fresh one without it
            try (RegistryServer fresh = RegistryServer.builder().start()) {
                int before = api.apiCalls();
                Path list = Files.writeString(tmp.resolve("list.txt"), REPO + ":1\n");
                FerryCli.Result sync = new FerryCli().run("sync", list.toString(), "--from", api.host(), "--to", fresh.host(), "--referrers", "-o", "json");
                assertEquals(0, sync.exit(), sync::toString);
                JsonNode img = sync.json().get("images").get(0);
                assertEquals(3, img.get("referrers").get("copied").asInt(), sync::toString);
                assertTrue(api.apiCalls() > before, "the source's referrers came from its API");
                sameAtTarget(fresh.host(), image, sbom, sbomSig, sig, sigTag);
                assertEquals(java.util.List.of(sbom.digest()), Artifacts.digests(Artifacts.get(fresh.url(), REPO, image.digest().replace(':', '-'))));
            }
        }
    }

    /** The image and what refers to it, at {@code REPO:1} of {@code src}. */
    record Made(Pushed image, Pushed sbom, Pushed sbomSig, Pushed sig, String sigTag) {}

    /** Pushes an image to {@code src} and, as OCI 1.1 clients do, an SBOM of it, a signature of that SBOM and a cosign signature. */
    static Made make(RegistryServer src, Path tmp) throws Exception {
        TestImages.single(tmp.resolve("l"), "1", "linux", "amd64", 1, 20_000, false);
        Skopeo.pushOciDir(tmp.resolve("l"), "1", src.host() + "/" + REPO + ":1", Options.plain(), false);
        byte[] imageRaw = Skopeo.inspectRawBytes("docker://" + src.host() + "/" + REPO + ":1", Options.plain());
        Pushed image = new Pushed(Skopeo.digest(imageRaw), imageRaw.length, imageRaw);
        // the source has no referrers API: the test, as an OCI client, keeps the tag schema's index there
        assertEquals(404, Artifacts.referrersApi(src.url(), REPO, image.digest()).statusCode(), "distribution 2.8 has no referrers API");
        Pushed sbom = Artifacts.pushReferrer(src.url(), REPO, image, TestImages.OCI_MANIFEST, Artifacts.SBOM_TYPE, Artifacts.SBOM_TYPE,
                "{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"app\"}".getBytes(StandardCharsets.UTF_8), "2026-11-30T10:00:00Z");
        Pushed sbomSig = Artifacts.pushReferrer(src.url(), REPO, sbom, TestImages.OCI_MANIFEST, "application/vnd.example.signature.v1+json",
                "application/vnd.example.signature.v1+json", "signed".getBytes(StandardCharsets.UTF_8), "2026-11-30T10:05:00Z");
        Pushed sig = Artifacts.pushCosignSignature(src.url(), REPO, image, "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8));
        String sigTag = image.digest().replace(':', '-') + ".sig";
        return new Made(image, sbom, sbomSig, sig, sigTag);
    }

    /** skopeo finds the image and each referrer at the target, with the same digests. */
    static void sameAtTarget(String host, Made m) {
        sameAtTarget(host, m.image(), m.sbom(), m.sbomSig(), m.sig(), m.sigTag());
    }

    /** skopeo finds the image and each referrer at the target, with the same digests. */
    static void sameAtTarget(String host, Pushed image, Pushed sbom, Pushed sbomSig, Pushed sig, String sigTag) {
        String base = "docker://" + host + "/" + REPO;
        assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + ":1", Options.plain())));
        assertEquals(sbom.digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + "@" + sbom.digest(), Options.plain())));
        assertEquals(sbomSig.digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + "@" + sbomSig.digest(), Options.plain())));
        byte[] sigAt = Skopeo.inspectRawBytes(base + ":" + sigTag, Options.plain());
        assertNotNull(sigAt);
        assertEquals(sig.digest(), Skopeo.digest(sigAt));
    }
}
