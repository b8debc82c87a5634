package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code ferry save} killed with SIGKILL in the middle of a blob: nothing it leaves can be taken
 * for a pack, the next save in that folder names what to delete, and a load of what it left says
 * the pack is incomplete (exit code 2). About 10 s.
 */
@Timeout(120)
class KilledSaveTest {
    static Path work;
    static TestImages.Image app;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-killed-save-");
        app = TestImages.single(work.resolve("images"), "app", "linux", "amd64", 3, 300_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "app", src.host() + "/public/app:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains("img_full_")).sorted().toList();
        }
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aKilledSaveLeavesOnlyPartialFilesThatTheNextSaveNamesAndLoadRefuses(@TempDir Path tmp) throws Exception {
        Path lst = tmp.resolve("app.lst");
        Files.writeString(lst, "x.example/public/app:1\n");
        Path packs = tmp.resolve("packs");
        try (FaultProxy stalling = FaultProxy.start(src.url())) {
            // the smallest layer: with one worker moving the largest blobs first, the others are whole in the data file by then
            String lastLayer = app.layers().stream().min(java.util.Comparator.comparingLong(TestImages.Blob::size)).orElseThrow().digest();
            stalling.stallResponseAfter("GET", "/v2/public/app/blobs/" + lastLayer, 100_000, 5);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "save", lst.toString(), "--from", stalling.host(), "--dir", packs.toString(), "-j", "1", "-q"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (stalling.countRequests("GET", "/v2/public/app/blobs/" + lastLayer) == 0 && System.nanoTime() < deadline) Thread.sleep(50);
                assertTrue(stalling.countRequests("GET", "/v2/public/app/blobs/" + lastLayer) > 0, "the save reached the last layer: "
                        + Files.readString(tmp.resolve("out.txt")));
                // wait until blobs are on disk in the data file (a fixed sleep was too short on a loaded machine)
                while (System.nanoTime() < deadline && files(packs).stream()
                        .noneMatch(f -> f.getFileName().toString().matches(".*_0\\.tar\\.partial") && sizeOf(f) > 100_000)) Thread.sleep(50);
            } finally {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "ferry died");
            }
        }
        List<Path> left = files(packs);
        assertFalse(left.isEmpty(), "the killed save had written something");
        for (Path f : left) assertTrue(f.getFileName().toString().endsWith(".partial"), "only unfinished names are left: " + left);
        Path data = left.stream().filter(f -> f.getFileName().toString().matches(".*_0\\.tar\\.partial")).findFirst().orElseThrow();
        assertTrue(Files.size(data) > 100_000, "blobs were written before the kill: " + Files.size(data));

        FerryCli.Result load = new FerryCli().run("load", data.toString(), "--to", "127.0.0.1:9");
        assertEquals(2, load.exit(), load::toString);
        assertTrue(load.err().contains(data + " is an incomplete pack") && load.err().contains("Delete it and run the save again"), load::toString);

        // a data file under its final name with no meta file beside it (what an older ferry left)
        Path orphan = data.resolveSibling(data.getFileName().toString().replace(".partial", ""));
        Files.move(data, orphan);
        FerryCli.Result orphaned = new FerryCli().run("load", orphan.toString(), "--to", "127.0.0.1:9");
        assertEquals(2, orphaned.exit(), orphaned::toString);
        assertTrue(orphaned.err().contains("is a data file of an incomplete pack: its meta file")
                && orphaned.err().contains(orphan.getFileName().toString().replace("_0.tar", "_meta.yaml")), orphaned::toString);

        FerryCli.Result again = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--dir", packs.toString(), "-q");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.err().contains("ferry: warning: " + orphan + " is left from a save that did not finish"), again::toString);
        for (Path f : left) {
            if (!f.equals(data)) assertTrue(again.err().contains(f + " is left from a save that did not finish"), f + " named: " + again);
        }
        Path meta = PackCommandsTest.metaOf(again);
        for (Path f : files(packs)) {
            if (left.contains(f) || f.equals(orphan)) continue;
            assertFalse(f.getFileName().toString().endsWith(".partial"), "the finished save left nothing unfinished: " + f);
        }
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result ok = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(0, ok.exit(), ok::toString);
            assertEquals(app.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/public/app:1", Options.plain())));
        }
    }
}
