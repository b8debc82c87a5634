package dev.ferry.cli;

import dev.ferry.testing.Artifacts;
import dev.ferry.testing.ReferrersFront;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code save --referrers} keeps an image's referrers in the pack (every kind of ferry pack) and {@code load --referrers}
 * pushes them with it: to a registry without the referrers API (the tag schema's index kept there) and to one with
 * it, checked with skopeo; a load without {@code --referrers} leaves them in the pack.
 */
@Timeout(240)
class ReferrersPackTest {
    @ParameterizedTest
    @ValueSource(strings = {"none", "lz4", "xz", "squash"})
    void savedIntoAPackAndLoadedFromIt(String compression, @TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer plain = RegistryServer.builder().start();
             RegistryServer bare = RegistryServer.builder().start(); RegistryServer apiBackend = RegistryServer.builder().start();
             ReferrersFront api = ReferrersFront.start(apiBackend.url())) {
            ReferrersTest.Made made = ReferrersTest.make(src, tmp);
            Path list = Files.writeString(tmp.resolve("list.txt"), "lib/app:1\n");
            FerryCli.Result save = new FerryCli().run("save", list.toString(), "--from", src.host(), "--dir", tmp.resolve("packs").toString(),
                    "--compress", compression, "--referrers", "-o", "json");
            assertEquals(0, save.exit(), save::toString);
            assertEquals(3, save.json().get("images").get(0).get("referrers").get("copied").asInt(), save::toString);
            Path meta = Path.of(save.json().get("metaFile").asText());
            assertTrue(Files.readString(meta).contains("referrers:"), "the meta file lists them");

            FerryCli.Result without = new FerryCli().run("load", meta.toString(), "--to", bare.host());
            assertEquals(0, without.exit(), without::toString);
            assertTrue(Artifacts.get(bare.url(), "lib/app", "1") != null, without::toString);
            assertNull(Artifacts.get(bare.url(), "lib/app", made.sigTag()), "without --referrers, the image alone");
            assertNull(Artifacts.get(bare.url(), "lib/app", made.sbom().digest()), "without --referrers, the image alone");

            FerryCli.Result toPlain = new FerryCli().run("load", meta.toString(), "--to", plain.host(), "--referrers");
            assertEquals(0, toPlain.exit(), toPlain::toString);
            ReferrersTest.sameAtTarget(plain.host(), made);
            assertEquals(java.util.List.of(made.sbom().digest()),
                    Artifacts.digests(Artifacts.get(plain.url(), "lib/app", made.image().digest().replace(':', '-'))));

            FerryCli.Result toApi = new FerryCli().run("load", meta.toString(), "--to", api.host(), "--referrers");
            assertEquals(0, toApi.exit(), toApi::toString);
            ReferrersTest.sameAtTarget(api.host(), made);
            var listed = Artifacts.referrersApi(api.url(), "lib/app", made.sbom().digest());
            assertEquals(java.util.List.of(made.sbomSig().digest()), Artifacts.digests(listed.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertNull(Artifacts.get(apiBackend.url(), "lib/app", made.image().digest().replace(':', '-')), "no tag schema index where the API is");
        }
    }
}
