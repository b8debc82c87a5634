package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry tags}, {@code catalog} and {@code inspect} against a real registry and an OCI layout. */
@Timeout(120)
class LookCommandsTest {
    static Path work;
    static Path layout;
    static Image multi;
    static Image single;
    static RegistryServer reg;
    final FerryCli ferry = new FerryCli();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-look-test-");
        layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 50_000, false);
        single = TestImages.single(layout, "single", "linux", "arm64", 2, 50_000, true);
        reg = RegistryServer.builder().start();
        for (String tag : List.of("v3.5", "v3.10", "latest")) {
            Skopeo.pushOciDir(layout, multi.tag(), reg.host() + "/team/multi:" + tag, Options.plain(), true);
        }
        Skopeo.pushOciDir(layout, single.tag(), reg.host() + "/team/single:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (reg != null) reg.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void tagsListsARepositoryAndSortsByVersion() {
        FerryCli.Result r = ferry.run("tags", reg.host() + "/team/multi");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("latest", "v3.10", "v3.5"), r.out().lines().sorted().toList());
        FerryCli.Result sorted = ferry.run("tags", "--sort", "-o", "json", reg.host() + "/team/multi");
        assertEquals(0, sorted.exit(), sorted::toString);
        List<String> tags = new ArrayList<>();
        sorted.json().get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("v3.5", "v3.10", "latest"), tags);

        FerryCli.Result image = ferry.run("tags", reg.host() + "/team/multi:v3.5");
        assertEquals(2, image.exit(), image::toString);
        FerryCli.Result missing = ferry.run("tags", reg.host() + "/team/nothing");
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("NAME_UNKNOWN") || missing.err().contains("not found"), missing::toString);
    }

    @Test
    void catalogListsRepositories() {
        FerryCli.Result r = ferry.run("catalog", "-o", "json", reg.host());
        assertEquals(0, r.exit(), r::toString);
        List<String> repos = new ArrayList<>();
        r.json().get("repositories").forEach(t -> repos.add(t.asText()));
        assertEquals(List.of("team/multi", "team/single"), repos);
        FerryCli.Result max = ferry.run("catalog", "--max", "1", reg.host());
        assertEquals(List.of("team/multi"), max.out().lines().toList(), max::toString);
    }

    @Test
    void inspectShowsPlatformsDigestsAndLayersAndRawBytes() {
        FerryCli.Result r = ferry.run("inspect", "-o", "json", reg.host() + "/team/multi:v3.10");
        assertEquals(0, r.exit(), r::toString);
        JsonNode j = r.json();
        assertEquals(multi.digest(), j.get("digest").asText());
        assertEquals(2, j.get("images").size());
        assertEquals("linux/amd64", j.get("images").get(0).get("platform").asText());
        assertEquals(multi.children().get(0).digest(), j.get("images").get(0).get("digest").asText());
        assertEquals(multi.children().get(0).layers().size(), j.get("images").get(0).get("layers").size());

        FerryCli.Result raw = ferry.run("inspect", "--raw", reg.host() + "/team/multi:v3.10");
        assertEquals(multi.rawString(), raw.out().stripTrailing());

        FerryCli.Result text = ferry.run("inspect", reg.host() + "/team/single:1");
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("linux/arm64") && text.out().contains(single.layers().get(1).digest()), text::toString);

        FerryCli.Result fromLayout = ferry.run("inspect", "-o", "json", "oci:" + layout + ":multi");
        assertEquals(0, fromLayout.exit(), fromLayout::toString);
        assertEquals(multi.digest(), fromLayout.json().get("digest").asText());
        FerryCli.Result layoutTags = ferry.run("tags", "oci:" + layout);
        assertEquals(List.of("multi", "single"), layoutTags.out().lines().sorted().toList());
    }

    @Test
    void versionAndHelpWork() {
        FerryCli.Result v = ferry.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("ferry "), v::toString);
        FerryCli.Result h = ferry.run("--help");
        assertEquals(0, h.exit());
        for (String c : List.of("copy", "sync", "plan", "save", "load", "inspect", "tags", "catalog", "cache")) {
            assertTrue(h.out().contains("\n  " + c + " "), h::toString);
        }
        // a command named first is built on its own (a faster start); it answers as in the whole tree
        FerryCli.Result subVersion = ferry.run("sync", "--version");
        assertEquals(v.out(), subVersion.out(), subVersion::toString);
        FerryCli.Result nested = ferry.run("cache", "stats", "--version");
        assertEquals(v.out(), nested.out(), nested::toString);
        FerryCli.Result subHelp = ferry.run("sync", "--help");
        assertTrue(subHelp.exit() == 0 && subHelp.out().startsWith("Usage: ferry sync "), subHelp::toString);
        FerryCli.Result unknown = ferry.run("cpoy");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("copy"), "suggests the right command: " + unknown);
    }
}
