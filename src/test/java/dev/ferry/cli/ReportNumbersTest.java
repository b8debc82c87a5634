package dev.ferry.cli;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers and words of the reports, checked against what the registries saw (their access logs): bytes and blobs
 * pushed, what was already there, counts that agree with each other, plurals, and each error said once.
 */
@Timeout(120)
class ReportNumbersTest {
    static Path work;
    static Image app;
    static RegistryServer src;
    static long blobBytes;
    static int blobCount;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-report-test-");
        app = TestImages.single(work.resolve("images"), "app", "linux", "amd64", 2, 120_000, false);
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 1000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "app", src.host() + "/team/app:1", Options.plain(), false);
        Skopeo.pushOciDir(work.resolve("images"), "app", src.host() + "/team/app:2", Options.plain(), false); // the same blobs, another tag
        Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/team/one:1", Options.plain(), false);
        blobCount = 1 + app.layers().size();
        blobBytes = app.config().size() + app.layers().stream().mapToLong(TestImages.Blob::size).sum();
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static Path list(String... lines) throws IOException {
        return Files.writeString(work.resolve("l-" + System.nanoTime() + ".lst"), String.join("\n", lines) + "\n");
    }

    /** Blob uploads the registry completed (the PUT that ends each one). */
    static long pushes(RegistryServer r) {
        return r.accessLog().stream().filter(e -> e.method().equals("PUT") && e.path().matches("/v2/.*/blobs/uploads/.*") && e.status() == 201).count();
    }

    @Test
    void syncAndLoadSayWhatTheRegistrySaw() throws IOException {
        Path lst = list("team/app:1", "team/app:2");
        try (RegistryServer dst = RegistryServer.builder().start(); RegistryServer empty = RegistryServer.builder().start()) {
            FerryCli.Result first = new FerryCli().run("sync", lst.toString(), "--from", src.host(), "--to", dst.host(), "--log", work.resolve("a.log").toString());
            assertEquals(0, first.exit(), first::toString);
            assertEquals(blobCount, pushes(dst), dst.logText());
            // two images with the same layers into an empty registry: each blob pushed once, nothing was "already there"
            assertTrue(first.out().contains("Done: 2 images, 2 ok (0 up to date), 0 failed, 0 invalid; pushed " + Format.bytes(blobBytes) + " in " + blobCount + " blobs, mounted 0 B, 0 B already there"), first::toString);
            assertTrue(first.err().contains("Invalid:0 Total:2 Success:2 Failed:0 Doing:0"), first::toString);

            FerryCli.Result again = new FerryCli().run("sync", lst.toString(), "--from", src.host(), "--to", dst.host(), "--log", work.resolve("b.log").toString());
            assertEquals(blobCount, pushes(dst), "nothing pushed again");
            assertTrue(again.out().contains("Done: 2 images, 2 ok (2 up to date), 0 failed, 0 invalid; pushed 0 B in 0 blobs"), again::toString);

            FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--dir", work.resolve("packs").toString());
            assertEquals(0, save.exit(), save::toString);
            assertTrue(save.out().contains("Saved 2 of 2 images, " + Format.bytes(blobBytes) + " written, in "), save::toString);
            assertFalse(save.out().contains("parent"), "a full pack leaves nothing to parent packs: " + save);
            FerryCli.Result load = new FerryCli().run("load", PackCommandsTest.metaOf(save).toString(), "--to", empty.host(), "--log", work.resolve("c.log").toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(blobCount, pushes(empty), empty.logText());
            assertTrue(load.out().contains("Loaded 2 of 2 images: pushed " + Format.bytes(blobBytes) + " in " + blobCount + " blobs, mounted 0 B, 0 B already there"), load::toString);
        }
    }

    @Test
    void invalidImagesAreCountedAsInvalidEverywhere() throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("sync", list("team/nope:1", "team/gone:2").toString(), "--from", src.host(), "--to", dst.host(),
                    "--log", work.resolve("d.log").toString());
            assertEquals(1, r.exit(), r::toString);
            String status = r.err().lines().filter(l -> l.startsWith("Invalid:")).reduce((a, b) -> b).orElseThrow();
            String done = r.out().lines().filter(l -> l.startsWith("Done:")).findFirst().orElseThrow();
            int invalid = Integer.parseInt(status.replaceAll("^Invalid:(\\d+).*", "$1")), failed = Integer.parseInt(status.replaceAll(".* Failed:(\\d+).*", "$1"));
            assertEquals("Done: 2 images, 0 ok (0 up to date), " + failed + " failed, " + invalid + " invalid;", done.substring(0, done.indexOf(';') + 1), r::toString);
            assertEquals(2, invalid + failed, r::toString);
            assertTrue(status.contains("Total:2"), status);
        }
    }

    @Test
    void dryRunPluralsAndAnErrorSaidOnce() throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result dry = new FerryCli().run("copy", "--dry-run", src.host() + "/team/app:1", dst.host() + "/team/app:1");
            assertEquals(0, dry.exit(), dry::toString);
            assertTrue(dry.out().contains("would move " + Format.bytes(blobBytes) + ", skip 0 B (0 already there, 0 to mount)"), dry::toString);

            FerryCli.Result one = new FerryCli().run("copy", src.host() + "/team/one:1", dst.host() + "/team/one:1");
            assertTrue(one.out().contains("moved ") && one.out().contains(" in 2 blobs, skipped 0 B"), one::toString);
            FerryCli.Result inspect = new FerryCli().run("inspect", src.host() + "/team/one:1");
            assertTrue(inspect.out().contains(" in 1 layer\n") || inspect.out().contains(" in 1 layer,"), inspect::toString);
            assertFalse(inspect.out().contains("1 layers"), inspect::toString);

            FerryCli.Result failed = new FerryCli().run("copy", "--retries", "0", src.host() + "/team/one:1", "127.0.0.1:1/team/one:1");
            assertEquals(1, failed.exit(), failed::toString);
            String all = failed.out() + failed.err();
            assertEquals(1, all.lines().filter(l -> l.contains("connection refused")).count(), "the error once:\n" + all);
        }
    }

    @Test
    void badInputExitsTwoWithNothingElsePrinted() {
        FerryCli.Result load = new FerryCli().run("load", work.resolve("nope_meta.yaml").toString(), "--to", src.host());
        assertEquals(2, load.exit(), load::toString);
        assertFalse(load.err().contains("Invalid:"), "no status line before the error: " + load);
        assertEquals(1, load.err().lines().count(), load::toString);
        FerryCli.Result tags = new FerryCli().run("tags", "oci:" + work.resolve("no-layout"));
        assertEquals(2, tags.exit(), tags::toString);
        assertTrue(tags.err().contains("does not exist"), tags::toString);
        // every command's missing file or folder is bad input: exit 2, one line saying which
        String none = work.resolve("none").toString();
        String[][] runs = {
                {"sync", none + ".lst", "--from", src.host(), "--to", src.host()},
                {"save", none + ".lst", "--from", src.host()},
                {"plan", none + ".lst", "--from", src.host(), "--to", src.host()},
                {"load", none + "_meta.yaml", "--to", src.host()},
                {"load", work.toString(), "--to", src.host()},
                {"copy", "oci:" + none + ":1", "oci:" + none + "-out:1"},
                {"inspect", "oci:" + none + ":1"},
                {"sync", "--config", none + ".yaml", none + ".lst"},
                {"copy", "--ca", src.host() + "=" + none + ".pem", src.host() + "/team/one:1", src.host() + "/x/one:1"},
                {"load", none + "_meta.yaml", "--to", src.host(), "--renames", none + ".txt"},
                {"shell", none + ".fsh"},
        };
        for (String[] args : runs) {
            FerryCli.Result r = new FerryCli().run(args);
            assertEquals(2, r.exit(), r::toString);
            assertEquals(1, r.err().lines().count(), r::toString);
            assertTrue(r.err().startsWith("ferry: "), r::toString);
        }
    }

    @Test
    void planCheckColumnsLineUp() throws IOException {
        Path lst = list("team/app:1 -> a/very/long/name/for/the/target:1", "team/one:1", "team/missing:3");
        FerryCli.Result r = new FerryCli().run("plan", lst.toString(), "--from", src.host(), "--to", "127.0.0.1:5999", "--check");
        assertEquals(1, r.exit(), r::toString);
        List<String> rows = r.out().lines().filter(l -> l.contains(" -> ")).toList();
        assertEquals(3, rows.size(), r::toString);
        List<Integer> arrows = rows.stream().map(l -> dev.ferry.app.DisplayWidth.of(l.substring(0, l.indexOf(" -> ")))).distinct().toList();
        List<Integer> checks = rows.stream().map(l -> {
            int at = Math.max(l.indexOf("   ok "), l.indexOf("   MISSING"));
            return dev.ferry.app.DisplayWidth.of(l.substring(0, at));
        }).distinct().toList();
        assertEquals(1, arrows.size(), "the arrows line up:\n" + r.out());
        assertEquals(1, checks.size(), "the checks line up:\n" + r.out());
        assertTrue(r.out().contains("2 of 3 source images exist"), r::toString);
    }
}
