package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tag of an images.json entry through a pack: seed 000's file saved, the pack loaded into a
 * fresh registry, and each tag there; the source read once, one manifest PUT a tag on load.
 */
@Timeout(180)
class ImagesJsonTagsTest {
    static Path work;
    static Image multi;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-images-json-tags-");
        Path layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 2_000, false);
        src = RegistryServer.builder().start();
        for (String r : List.of("centos:centos7.9.2009", "nginx:1.21", "vllm/vllm-openai:latest")) {
            Skopeo.pushOciDir(layout, "multi", src.host() + "/" + r, Options.plain(), true);
        }
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static Set<String> tags(String repo) throws IOException {
        var r = Skopeo.run(List.of(Tools.require("skopeo").toString(), "list-tags", "--tls-verify=false", "docker://" + repo));
        assertTrue(r.ok(), r::describe);
        Set<String> out = new TreeSet<>();
        new ObjectMapper().readTree(r.stdout()).get("Tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    static Path meta(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
        }
    }

    @Test
    void aSavedEntryKeepsEveryTagAndLoadGivesThemAllWithOnePutEach(@TempDir Path tmp) throws IOException {
        Path json = SeedFiles.copy(tmp, "seed000-images.json");
        long sourceGetsBefore = src.countRequests("GET", "/v2/centos/manifests/centos7.9.2009");
        FerryCli.Result save = new FerryCli().run("save", json.toString(), "--from", src.host(), "--dir", tmp.resolve("packs").toString(),
                "-q", "--log", tmp.resolve("save.log").toString());
        assertEquals(0, save.exit(), save::toString);
        assertEquals(1, src.countRequests("GET", "/v2/centos/manifests/centos7.9.2009") - sourceGetsBefore, "four tags, one read of the source");
        for (String blob : multi.blobDigests()) {
            assertTrue(src.countRequests("GET", "/v2/centos/blobs/" + blob) <= 1, "each blob read once at most: " + blob);
        }
        Path meta = meta(tmp.resolve("packs"));
        String yaml = Files.readString(meta);
        for (String t : List.of("centos:centos7.9.2009", "centos:7.9.2009", "centos:7", "centos:latest", "nginx:1.21", "nginx:latest", "vllm-openai:latest")) {
            assertTrue(yaml.contains(t), t + " is in the pack's meta file:\n" + yaml);
        }

        try (RegistryServer far = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", far.host(), "-q", "--log", tmp.resolve("load.log").toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(Set.of("centos7.9.2009", "7.9.2009", "7", "latest"), tags(far.host() + "/centos"));
            assertEquals(Set.of("1.21", "latest"), tags(far.host() + "/nginx"));
            assertEquals(Set.of("latest"), tags(far.host() + "/vllm-openai"));
            for (String t : List.of("centos:7", "centos:latest", "nginx:latest")) {
                assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(far.host() + "/" + t, Options.plain())), t);
            }
            assertEquals(4, far.countRequests("PUT", "/v2/centos/manifests/(centos7.9.2009|7.9.2009|7|latest)"), "one manifest PUT a tag");
            // each child manifest and each blob is written once, whatever the number of tags
            for (String child : multi.childDigests()) assertEquals(1, far.countRequests("PUT", "/v2/centos/manifests/" + child), child);
            // the three entries share their blobs: each is uploaded once in all, the other repositories mount it
            assertEquals(multi.blobDigests().size(), far.countRequests("PUT", "/v2/.*/blobs/uploads/.*"), "every blob uploaded once");
        }
    }

    @Test
    void namingOneTagOfAnEntryLoadsThatImageWithAllItsTagsAndNothingElse(@TempDir Path tmp) throws IOException {
        Path json = SeedFiles.copy(tmp, "seed000-images.json");
        try (RegistryServer near = RegistryServer.builder().start(); RegistryServer far = RegistryServer.builder().start()) {
            // a source of its own: the other test counts the reads of the shared one
            for (String r : List.of("centos:centos7.9.2009", "nginx:1.21", "vllm/vllm-openai:latest")) {
                Skopeo.pushOciDir(work.resolve("images"), "multi", near.host() + "/" + r, Options.plain(), true);
            }
            FerryCli.Result save = new FerryCli().run("save", json.toString(), "--from", near.host(), "--dir", tmp.resolve("packs").toString(), "-q");
            assertEquals(0, save.exit(), save::toString);
            Path meta = meta(tmp.resolve("packs"));
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", far.host(), "-q", "--image", "nginx:latest");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(Set.of("1.21", "latest"), tags(far.host() + "/nginx"), "one task writes every tag of the image");
            assertEquals(0, far.countRequests("*", "/v2/(centos|vllm-openai)/.*"), "nothing of the other entries");
        }
    }
}
