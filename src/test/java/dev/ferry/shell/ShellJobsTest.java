package dev.ferry.shell;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background jobs in one shell session against real registries: {@code sync … &}, {@code jobs}, {@code cancel} (a
 * source stalled by a fault proxy, so the job is surely running; the target tag is absent afterwards) and
 * {@code wait} (the job's report). Bounded: each cancel ends within seconds; ~10 s in all.
 */
@Timeout(90)
class ShellJobsTest {
    static Path work;
    static RegistryServer src, dst;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-shell-jobs-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 2, 300_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/app/web:1.0", Options.plain(), true);
        Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/app/api:2.0", Options.plain(), true);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void aBackgroundSyncIsListedByJobsAndCancelLeavesNoTargetTag() throws IOException {
        Path list = work.resolve("stalled.lst");
        Files.writeString(list, "app/web:1.0\n");
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            proxy.stallResponseAfter("GET", ".*/blobs/sha256:.*", 1000, 1000);
            ShellRun.Result r = new ShellRun().run("shell", "-c", "sync " + list + " --from " + proxy.host() + " --to " + dst.host() + " &; "
                    + "jobs; cancel 1; jobs");
            assertEquals(0, r.exit(), r::toString);
            List<String> lines = r.out().lines().toList();
            assertEquals("[1] sync " + list + " --from " + proxy.host() + " --to " + dst.host(), lines.get(0), r::toString);
            assertTrue(lines.get(1).matches("\\[1] sync 1 images: running, 0/1 images, [0-9.]+ [KM]?B of [0-9.]+ [KM]?B \\([0-9]+%\\), .*/s"), r::toString);
            assertEquals("[1] cancelled: sync 1 images", lines.get(2), r::toString);
            // the last jobs, and the one line that says the background command ended (at the next command, in either order)
            assertEquals(List.of("[1] cancelled: sync " + list + " --from " + proxy.host() + " --to " + dst.host(), "[1] sync 1 images: cancelled, 1/1 images finished"),
                    lines.subList(3, 5).stream().sorted().toList(), r::toString);
            assertEquals(5, lines.size(), r::toString);
        }
        var inspect = Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + dst.host() + "/app/web:1.0"));
        assertNotEquals(0, inspect.exitCode(), "the cancelled sync tagged nothing: " + inspect);
    }

    @Test
    void aScriptWaitsAtItsEndForWhatItSentToTheBackground() throws IOException {
        Path list = work.resolve("end.lst");
        Files.writeString(list, "app/web:1.0 -> end/web:1.0\n");
        ShellRun.Result r = new ShellRun().run("shell", "-c", "sync " + list + " --from " + src.host() + " --to " + dst.host() + " -q &");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Done: 1 image, 1 ok (0 up to date), 0 failed"), r::toString);
        assertTrue(r.out().endsWith("[1] done: sync " + list + " --from " + src.host() + " --to " + dst.host() + " -q\n"), r::toString);
        String digest = Skopeo.digest(Skopeo.inspectRaw(src.host() + "/app/web:1.0", Options.plain()));
        assertEquals(digest, Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/end/web:1.0", Options.plain())));
    }

    @Test
    void aBackgroundSyncThatEndsIsNoticedAndWaitShowsItsReport() throws IOException {
        Path list = work.resolve("quick.lst");
        Files.writeString(list, "app/api:2.0\n");
        ShellRun.Result r = new ShellRun().run("shell", "-c", "sync " + list + " --from " + src.host() + " --to " + dst.host() + " -q &; wait 1; jobs");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Done: 1 image, 1 ok (0 up to date), 0 failed"), r::toString); // the report the CLI prints, kept until wait
        assertTrue(r.out().contains("[1] sync ") && r.out().contains(": done, 1 image,"), r::toString);
        String digest = Skopeo.digest(Skopeo.inspectRaw(src.host() + "/app/api:2.0", Options.plain()));
        assertEquals(digest, Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/app/api:2.0", Options.plain())));
    }
}
