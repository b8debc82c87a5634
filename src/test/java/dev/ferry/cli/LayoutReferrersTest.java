package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.Artifacts.Pushed;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --referrers} through an OCI layout: registry to {@code oci:DIR} keeps the image's referrers in the layout's
 * {@code index.json} (an SBOM and a signature of it as entries without a ref name, cosign's signature under its tag),
 * and {@code oci:DIR} to a registry carries them on, as does {@code load} of the folder or of it tarred as an OCI
 * archive; skopeo reads the layout and the archive and checks the registry.
 */
@Timeout(180)
class LayoutReferrersTest {
    /** The digest of what skopeo reads at {@code oci:layout:ref}. */
    static String layoutDigest(Path layout, String ref) {
        var r = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci:" + layout + ":" + ref));
        assertEquals(0, r.exitCode(), r::toString);
        return Skopeo.digest(r.stdout());
    }

    @Test
    void referrersGoIntoALayoutAndOutOfItAgain(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer dst = RegistryServer.builder().start()) {
            ReferrersTest.Made m = ReferrersTest.make(src, tmp);
            Path layout = tmp.resolve("layout");
            FerryCli.Result in = new FerryCli().run("copy", "--referrers", src.host() + "/lib/app:1", "oci:" + layout + ":1", "-o", "json");
            assertEquals(0, in.exit(), in::toString);

            JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
            List<String> untagged = new ArrayList<>(), tagged = new ArrayList<>();
            for (JsonNode e : index.path("manifests")) {
                String name = e.path("annotations").path("org.opencontainers.image.ref.name").asText(null);
                if (name == null) untagged.add(e.path("digest").asText());
                else tagged.add(name + "=" + e.path("digest").asText());
            }
            assertEquals(List.of(m.sbom().digest(), m.sbomSig().digest()), untagged, "the OCI 1.1 referrers are listed in index.json: " + index);
            assertEquals(List.of("1=" + m.image().digest(), m.sigTag() + "=" + m.sig().digest()), tagged, index::toString);
            for (Pushed p : List.of(m.image(), m.sbom(), m.sbomSig(), m.sig())) {
                assertTrue(Files.isRegularFile(layout.resolve("blobs/sha256/" + p.digest().substring(7))), "stored: " + p.digest());
            }
            assertEquals(m.image().digest(), layoutDigest(layout, "1"), "skopeo reads the layout's image");
            assertEquals(m.sig().digest(), layoutDigest(layout, m.sigTag()));

            FerryCli.Result out = new FerryCli().run("copy", "--referrers", "oci:" + layout + ":1", dst.host() + "/lib/app:1", "-o", "json");
            assertEquals(0, out.exit(), out::toString);
            ReferrersTest.sameAtTarget(dst.host(), m);

            // the layout still reads as one image: what refers to it is not another
            FerryCli.Result whole = new FerryCli().run("copy", "oci:" + layout, dst.host() + "/lib/again:1");
            assertEquals(0, whole.exit(), whole::toString);
            assertEquals(m.image().digest(), Skopeo.digest(Skopeo.inspectRawBytes("docker://" + dst.host() + "/lib/again:1", Options.plain())));

            // load reads the layout as one image too, and --referrers brings what refers to it
            FerryCli.Result load = new FerryCli().run("load", layout.toString(), "--to", dst.host(), "--referrers", "-q");
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("Loaded 1 of 1"), load::toString);
            String base = "docker://" + dst.host() + "/layout";
            assertEquals(m.image().digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + ":1", Options.plain())));
            assertEquals(m.sbom().digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + "@" + m.sbom().digest(), Options.plain())));
            assertEquals(m.sig().digest(), Skopeo.digest(Skopeo.inspectRawBytes(base + ":" + m.sigTag(), Options.plain())));

            // the layout as an OCI archive (as skopeo's oci-archive: writes one): one image, its referrers beside it
            Path tar = tmp.resolve("app.tar");
            var tarred = Tools.run(java.time.Duration.ofMinutes(1), List.of("tar", "-C", layout.toString(), "-cf", tar.toString(), "oci-layout", "index.json", "blobs"));
            assertTrue(tarred.ok(), tarred::describe);
            var viaSkopeo = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci-archive:" + tar + ":1"));
            assertEquals(m.image().digest(), Skopeo.digest(viaSkopeo.stdout()), viaSkopeo::toString);
            FerryCli.Result archive = new FerryCli().run("load", tar.toString(), "--to", dst.host(), "--referrers", "-q");
            assertEquals(0, archive.exit(), archive::toString);
            assertTrue(archive.out().contains("Loaded 1 of 1"), "the referrers are no images of their own: " + archive);
            String fromTar = "docker://" + dst.host() + "/app";
            assertEquals(m.image().digest(), Skopeo.digest(Skopeo.inspectRawBytes(fromTar + ":1", Options.plain())));
            assertEquals(m.sbom().digest(), Skopeo.digest(Skopeo.inspectRawBytes(fromTar + "@" + m.sbom().digest(), Options.plain())));
            assertEquals(m.sbomSig().digest(), Skopeo.digest(Skopeo.inspectRawBytes(fromTar + "@" + m.sbomSig().digest(), Options.plain())));
            assertEquals(m.sig().digest(), Skopeo.digest(Skopeo.inspectRawBytes(fromTar + ":" + m.sigTag(), Options.plain())));
        }
    }
}
