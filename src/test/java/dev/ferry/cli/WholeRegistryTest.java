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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole registries ({@code --all-repos}) with repository and tag selectors, {@code repo:/REGEX/} lines, and {@code --shard}. */
@Timeout(240)
class WholeRegistryTest {
    static Path work;
    static Image image;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-whole-registry-");
        image = TestImages.single(work.resolve("images"), "img", "linux", "amd64", 1, 1_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "img", src.host() + "/seed/img:1", Options.plain(), false);
        // the repositories and tags, written by ferry itself from the one image (each blob mounted, so this is quick)
        List<String> lines = new ArrayList<>();
        for (String t : List.of("1.0", "1.2.0", "1.5", "2.0", "latest", "dev-x", "1.6.0-rc1")) lines.add(src.host() + "/seed/img:1 -> team/app:" + t);
        for (String t : List.of("v1.1", "v1.3", "v2.0")) lines.add(src.host() + "/seed/img:1 -> team/lib:" + t);
        lines.add(src.host() + "/seed/img:1 -> other/tool:1");
        lines.add(src.host() + "/seed/img:1 -> excluded/x:1");
        for (int i = 0; i < 60; i++) lines.add(src.host() + String.format("/seed/img:1 -> many/repo-%02d:1", i));
        Path lst = work.resolve("setup.lst");
        Files.write(lst, lines);
        FerryCli.Result r = new FerryCli().run("sync", lst.toString(), "--from", src.host(), "--to", src.host(), "-q", "--log", work.resolve("setup.log").toString());
        assertEquals(0, r.exit(), r::toString);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static List<String> targets(FerryCli.Result r) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : r.json().get("images")) out.add(i.get("target").asText());
        return out;
    }

    @Test
    void allReposWithRepositoryAndSemverSelectorsCopiesExactlyTheChosenTags(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("sync", "--all-repos", "--from", src.host(), "--to", dst.host(), "--repos", "^team/",
                    "--semver", ">=1.2 <2", "-o", "json", "--log", tmp.resolve("l").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(new TreeSet<>(List.of(dst.host() + "/team/app:1.2.0", dst.host() + "/team/app:1.5", dst.host() + "/team/lib:v1.3")),
                    new TreeSet<>(targets(r)), "1.6.0-rc1 is a pre-release: not in the range");
            for (String t : targets(r)) assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(t, Options.plain())), t);
            assertEquals("[\"1.2.0\",\"1.5\"]", Skopeo.run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + dst.host() + "/team/app"))
                    .stdout().replaceAll("(?s).*\"Tags\":\\s*\\[", "[").replaceAll("(?s)\\].*", "]").replaceAll("\\s", ""), "skopeo sees the two tags alone");
        }
    }

    @Test
    void saveTakesAWholeRegistryTooAndLoadPutsItBack(@TempDir Path tmp) throws IOException {
        try (RegistryServer far = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("save", "--all-repos", "--from", src.host(), "--repos", "^team/lib$", "--tags", "^v1",
                    "--dir", tmp.resolve("packs").toString(), "-q", "--log", tmp.resolve("l").toString());
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("Saved 2 of 2 images"), r::toString);
            Path meta;
            try (var files = Files.walk(tmp.resolve("packs"))) {
                meta = files.filter(f -> f.toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
            }
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", far.host(), "-q", "--log", tmp.resolve("l2").toString());
            assertEquals(0, load.exit(), load::toString);
            for (String t : List.of("v1.1", "v1.3")) {
                assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(far.host() + "/team/lib:" + t, Options.plain())), t);
            }
        }
    }

    @Test
    void planShowsWhatTheSelectionExpandsToBeforeAnythingMoves() {
        FerryCli.Result r = new FerryCli().run("plan", "--all-repos", "--from", src.host(), "--to", "127.0.0.1:1", "--exclude-repos", "^(excluded|many|seed)/",
                "--tags", "^v?1", "--exclude-tags", "rc", "--newest", "1", "-o", "json");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(new TreeSet<>(List.of("127.0.0.1:1/team/app:1.5", "127.0.0.1:1/team/lib:v1.3", "127.0.0.1:1/other/tool:1")), new TreeSet<>(targets(r)));

        FerryCli.Result tagOrder = new FerryCli().run("plan", "--all-repos", "--from", src.host(), "--to", "127.0.0.1:1", "--repos", "^team/app$",
                "--newest", "3", "-o", "json");
        assertEquals(List.of("127.0.0.1:1/team/app:2.0", "127.0.0.1:1/team/app:dev-x", "127.0.0.1:1/team/app:latest"), targets(tagOrder),
                "the newest three by tag order: latest last");

        // every image here was created at the same time: by creation time they tie, and tag order decides
        FerryCli.Result created = new FerryCli().run("plan", "--all-repos", "--from", src.host(), "--to", "127.0.0.1:1", "--repos", "^team/lib$",
                "--newest", "2", "--newest-by", "created", "-o", "json");
        assertEquals(List.of("127.0.0.1:1/team/lib:v1.3", "127.0.0.1:1/team/lib:v2.0"), targets(created), created::toString);
        FerryCli.Result alone = new FerryCli().run("plan", "--all-repos", "--from", src.host(), "--to", "127.0.0.1:1", "--newest-by", "created");
        assertEquals(2, alone.exit(), alone::toString);
        assertTrue(alone.err().contains("--newest-by orders the tags --newest N keeps"), alone::toString);
    }

    @Test
    void imageSyncersRegexLinesChooseTagsInALists(@TempDir Path tmp) throws IOException {
        Path lst = tmp.resolve("img.lst");
        Files.writeString(lst, "10.45.80.1/team/app:/^(2\\.0|latest)$/\nteam/lib:/^v1/ -> mirror/lib\n");
        FerryCli.Result r = new FerryCli().run("plan", lst.toString(), "--from", src.host(), "--to", "127.0.0.1:1", "-o", "json");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("127.0.0.1:1/team/app:2.0", "127.0.0.1:1/team/app:latest", "127.0.0.1:1/mirror/lib:v1.1", "127.0.0.1:1/mirror/lib:v1.3"), targets(r));

        Path json = tmp.resolve("images.json");
        Files.writeString(json, "[{\"source\": \"team/lib:/^v1/\", \"target\": \"lib\", \"architectures\": [\"amd64\"]}]\n");
        FerryCli.Result j = new FerryCli().run("plan", json.toString(), "--from", src.host(), "--to", "127.0.0.1:1", "--namespace", "m", "-o", "json");
        assertEquals(0, j.exit(), j::toString);
        assertEquals(List.of("127.0.0.1:1/m/lib:v1.1", "127.0.0.1:1/m/lib:v1.3"), targets(j), "the same in images.json");

        Files.writeString(lst, "team/app:/(unclosed/\n");
        FerryCli.Result bad = new FerryCli().run("plan", lst.toString(), "--from", src.host(), "--to", "127.0.0.1:1");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains(lst + ":1:11: /(unclosed/ is not a regular expression"), bad::toString);
    }

    @Test
    void aRegistryWithoutACatalogIsToldToListRepositories() {
        FerryCli.Result r = new FerryCli().run("plan", "--all-repos", "--from", "docker.io", "--to", "127.0.0.1:1");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("docker.io does not list its repositories (no catalog); name them in a list instead"), r::toString);
        FerryCli.Result bad = new FerryCli().run("plan", "--all-repos", "--from", src.host(), "--to", "127.0.0.1:1", "--semver", ">=1.x.y");
        assertEquals(2, bad.exit(), bad::toString);
    }

    @Test
    void threeShardsMoveSixtyRepositoriesEachExactlyOnce(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 3; i++) {
                FerryCli.Result r = new FerryCli().run("sync", "--all-repos", "--repos", "^many/", "--from", src.host(), "--to", dst.host(),
                        "--shard", i + "/3", "--qps", "300", "-o", "json", "--log", tmp.resolve("l" + i).toString());
                assertEquals(0, r.exit(), r::toString);
                List<String> mine = targets(r);
                assertTrue(mine.size() > 5 && mine.size() < 40, "a fair share: " + mine.size());
                for (String t : mine) seen.merge(t, 1, Integer::sum);
            }
            assertEquals(60, seen.size(), "every repository handled");
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "by exactly one shard: " + seen);
            List<String> catalog = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(dst.httpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(dst.url() + "/v2/_catalog?n=1000")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                    .get("repositories").forEach(n -> catalog.add(n.asText()));
            assertEquals(60, catalog.size(), "and they all arrived: " + catalog);
            for (String t : seen.keySet()) assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(t, Options.plain())), t);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
