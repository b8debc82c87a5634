package dev.ferry.tui;

import dev.ferry.app.JobKind;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.engine.JobResult;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release screen's presenter without a screen, against real registries: lines checked as typed with the target
 * names the session maps (cfg.yaml's repository applied), Verify, Transmit with its progress view, Retry failed,
 * Stop on a stalled source, Download then Upload with a rename; what the target holds is read with skopeo.
 */
@Timeout(120)
class ReleasePresenterTest {
    static ReleaseRig rig;
    static Session session;

    @BeforeAll
    static void setUp() throws IOException {
        rig = new ReleaseRig();
        session = rig.session;
    }

    @AfterAll
    static void tearDown() {
        if (rig != null) rig.close();
    }

    /** A presenter on a fresh workspace, and how often it asked for a redraw. */
    record Rig(Workspace ws, ReleasePresenter p, AtomicInteger redraws) {}

    static Rig presenter(String source, String target, String text) {
        Workspace ws = new Workspace(session, Messages.english());
        AtomicInteger n = new AtomicInteger();
        ReleasePresenter p = new ReleasePresenter(ws, n::incrementAndGet);
        p.source(source);
        p.target(target);
        p.text(text);
        return new Rig(ws, p, n);
    }

    static JobResult finish(ReleasePresenter p) throws InterruptedException {
        JobResult r = p.job().orElseThrow().await(Duration.ofSeconds(60));
        assertNotNull(r, "the job ended");
        assertTrue(p.job().orElseThrow().drain(Duration.ofSeconds(5)), "every event reached the model");
        return r;
    }

    @Test
    void linesAreCheckedAsTypedWithTheTargetNameTheSessionMaps() {
        Rig r = presenter("nj", "gz", "# release 3.2\n\napp/one:1\n" + rig.src.host() + "/app/multi:2 -> web/multi:2\nbad name::\napp/x@sha256:12");
        List<LineCheck> lines = r.p().lines();
        assertEquals(6, lines.size());
        assertEquals(LineCheck.State.COMMENT, lines.get(0).state());
        assertEquals(LineCheck.State.BLANK, lines.get(1).state());
        assertEquals(new LineCheck(3, LineCheck.State.VALID, rig.dst.host() + "/customer/one:1"), lines.get(2), "the target's repository replaces the first segment");
        assertEquals(new LineCheck(4, LineCheck.State.VALID, rig.dst.host() + "/web/multi:2"), lines.get(3), "an explicit rename is kept as written");
        assertEquals(LineCheck.State.INVALID, lines.get(4).state());
        assertTrue(lines.get(4).detail().contains("name::"), lines.get(4).detail());
        assertEquals(LineCheck.State.INVALID, lines.get(5).state(), "a digest too short is no image: " + lines.get(5));
        assertNull(r.p().problem());

        r.p().target("docker");
        assertEquals(rig.src.host() + "/app/one:1", r.p().lines().get(2).detail(), "docker keeps the image's own full name");
        r.p().target("nowhere");
        assertTrue(r.p().problem().contains("\"nowhere\" is neither a registry named in cfg.yaml"), r.p().problem());
        assertFalse(r.p().verify(), "nothing starts while the target is unknown");
        assertEquals(r.p().problem(), r.p().notice());
        assertTrue(r.redraws().get() >= 1, "the refused action asked for a redraw");
    }

    /** Why a line is no image, and why the target is unusable, read in the workspace's language. */
    @Test
    void theLinesVerdictsSpeakTheWorkspacesLanguage() {
        Workspace ws = new Workspace(session, Messages.forLocale(java.util.Locale.SIMPLIFIED_CHINESE));
        ReleasePresenter p = new ReleasePresenter(ws, () -> { });
        p.source("nj");
        p.target("gz");
        p.text("app/one:1\nApp/Two:1\napp/x@sha256:12");
        List<LineCheck> lines = p.lines();
        assertEquals(LineCheck.State.VALID, lines.get(0).state(), lines::toString);
        assertEquals(LineCheck.State.INVALID, lines.get(1).state(), lines::toString);
        assertEquals("无效的镜像引用 \"App/Two:1\"：镜像仓库名必须是小写", lines.get(1).detail());
        assertEquals(LineCheck.State.INVALID, lines.get(2).state(), lines::toString);
        assertTrue(lines.get(2).detail().startsWith("无效的镜像引用 \"app/x@sha256:12\"：sha256 摘要必须恰好有 64 位十六进制数字"), lines.get(2).detail());
        p.target("nowhere");
        assertTrue(p.problem().startsWith("“nowhere”既不是 cfg.yaml 中命名的仓库"), p.problem());
    }

    @Test
    void verifySaysFoundMissingOrAtTargetWithPlatformsAndSize() throws Exception {
        Skopeo.copy("docker://" + rig.src.host() + "/app/one:1", Options.plain(), "docker://" + rig.dst.host() + "/v/one:1", Options.plain(), true);
        Rig r = presenter("nj", "gz", "app/one:1 -> v/one:1\napp/multi:2 -> v/multi:2\napp/none:9 -> v/none:9\n");
        assertTrue(r.p().verify(), r.p().notice());
        JobResult res = finish(r.p());
        assertEquals(3, res.images().size());
        ProgressView v = r.p().progress().orElseThrow();
        assertEquals("at target " + Skopeo.digest(rig.atSource("app/one:1")).substring(7, 19), r.p().verdict(1), "known by one HEAD each side");
        assertTrue(r.p().verdict(2).startsWith("found linux/amd64,linux/arm64 "), r.p().verdict(2));
        assertEquals("missing", r.p().verdict(3));
        assertEquals(1, v.counters().invalid());
        assertEquals(2, v.counters().success());
        assertNull(rig.atTarget("v/multi:2"), "verify writes nothing");
        assertTrue(v.log().stream().anyMatch(l -> l.contains("app/none:9") && l.contains("not found")), String.join("\n", v.log()));

        r.p().target("containerd"); // a daemon has no registry to ask: the source alone is looked up (a check job)
        assertTrue(r.p().verify(), r.p().notice());
        finish(r.p());
        assertEquals(JobKind.CHECK, r.p().job().orElseThrow().kind());
        r.p().progress();
        assertEquals("found " + Skopeo.digest(rig.atSource("app/one:1")).substring(7, 19), r.p().verdict(1));
        assertEquals("missing", r.p().verdict(3));
    }

    /** A Verify reads as a check whatever its images' outcome: every one missing is still no transfer of 0 B. */
    @Test
    void aVerifyWhereEveryImageFailedStillReadsAsACheck() throws Exception {
        for (String target : List.of("gz", "containerd")) {
            Rig r = presenter("nj", target, "app/none:9 -> v/none:9\napp/gone:1 -> v/gone:1\n");
            assertTrue(r.p().verify(), r.p().notice());
            JobResult res = finish(r.p());
            assertEquals(2, res.failed(), res.toString());
            List<String> log = r.p().progress().orElseThrow().log();
            String last = log.stream().filter(l -> l.contains("completed")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(String.join("\n", log)));
            assertTrue(last.endsWith("Check completed, 2 images, 2 failed, 0B to move"), target + ": " + String.join("\n", log));
            assertFalse(log.stream().anyMatch(l -> l.contains("Task completed") || l.contains(" moved")), target + ": " + String.join("\n", log));
            assertEquals(JobKind.CHECK, r.p().job().orElseThrow().kind(), "a Verify is a check job, whatever its target: " + target);
        }
    }

    @Test
    void transmitCopiesAndTheViewHasRowsCountersAndLogThenRetryRunsOnlyTheFailedLines() throws Exception {
        Rig r = presenter("nj", "gz", "app/one:1\napp/multi:2 -> t/multi:2\napp/later:1 -> t/later:1\nnot an image\n");
        assertTrue(r.p().transmit(), r.p().notice());
        assertEquals(JobKind.SYNC, r.p().job().orElseThrow().kind());
        JobResult res = finish(r.p());
        assertEquals(1, res.failed());
        assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("customer/one:1")));
        assertEquals(Skopeo.digest(rig.atSource("app/multi:2")), Skopeo.digest(rig.atTarget("t/multi:2")));
        ProgressView v = r.p().progress().orElseThrow();
        assertEquals(List.of("app/one:1", "app/multi:2", "app/later:1"), v.rows().stream().map(ProgressView.Row::name).toList());
        assertEquals(List.of("done", "done", "missing"), v.rows().stream().map(ProgressView.Row::state).toList());
        assertEquals(new ProgressView.Counters(2, 3, 2, 0, 0, 0, 0), v.counters(), "the bad line and the missing image are Invalid");
        assertTrue(v.finished() && v.bytesDone() == v.bytesTotal() && v.bytesTotal() > 400_000, v.toString());
        assertEquals(1, v.failures().size());
        assertEquals("not found", v.failures().get(0).kind());
        assertTrue(v.log().get(v.log().size() - 1).contains("failed: app/later:1: not found"), String.join("\n", v.log()));
        assertTrue(r.p().verdict(1).startsWith("copied "), r.p().verdict(1));
        assertEquals("1 of 3 images failed (see the log); ^R retries them.", r.p().notice());

        Skopeo.copy("docker://" + rig.src.host() + "/app/one:1", Options.plain(), "docker://" + rig.src.host() + "/app/later:1", Options.plain(), true);
        assertTrue(r.p().retryFailed(), r.p().notice());
        JobResult again = finish(r.p());
        assertEquals(1, again.images().size(), "only the failed line ran again");
        assertTrue(again.ok());
        assertEquals(Skopeo.digest(rig.atSource("app/later:1")), Skopeo.digest(rig.atTarget("t/later:1")));
        assertEquals(List.of("app/later:1"), r.p().progress().orElseThrow().rows().stream().map(ProgressView.Row::name).toList());
    }

    @Test
    void stopOnAStalledSourceEndsTheJobAndTagsNothing() throws Exception {
        Rig r = presenter("slow", "gz", "app/one:1 -> s/one:1\napp/multi:2 -> s/multi:2\n");
        assertTrue(r.p().transmit(), r.p().notice());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (r.p().job().orElseThrow().snapshot().bytesDone() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(r.p().running(), "still moving: the source stalls");
        long stopped = System.nanoTime();
        r.p().stop();
        JobResult res = finish(r.p());
        assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(5).toNanos(), "Stop ends a stalled job within seconds");
        assertTrue(res.cancelled());
        assertEquals(List.of("stopped", "stopped"), r.p().progress().orElseThrow().rows().stream().map(ProgressView.Row::state).toList());
        assertNull(rig.atTarget("s/one:1"), "nothing half-copied is tagged");
        assertNull(rig.atTarget("s/multi:2"), "nothing half-copied is tagged");
        assertEquals("Stopped.", r.p().notice());
    }

    @Test
    void downloadThenUploadWithARenameEditedInTheList() throws Exception {
        Rig r = presenter("nj", "gz", "app/one:1\napp/multi:2\n");
        assertTrue(r.p().download(new ReleasePresenter.DownloadOptions("lz4", false, false, null)), r.p().notice());
        assertTrue(finish(r.p()).ok());
        String packLine = r.p().progress().orElseThrow().log().stream().filter(l -> l.contains("Pack: ")).findFirst().orElseThrow();
        String planned = packLine.substring(packLine.indexOf("Pack: ") + 6).strip();
        Path meta = rig.work.resolve(planned);
        assertTrue(Files.isRegularFile(meta), "the pack's meta file was written: " + meta);

        Rig up = presenter("nj", "gz", "");
        List<String> lines = up.p().openPack(meta);
        assertEquals(List.of("app/one:1", "app/multi:2"), lines, up.p().notice());
        assertEquals(rig.dst.host() + "/customer/one:1", up.p().lines().get(0).detail());
        up.p().text("app/one:1 -> delivered/one:1\napp/multi:2\n");
        assertEquals(rig.dst.host() + "/delivered/one:1", up.p().lines().get(0).detail(), "the rename shows as typed");
        up.p().text("app/one:1 -> delivered/one:1\napp/multi:2\napp/other:1\n");
        assertEquals(LineCheck.State.INVALID, up.p().lines().get(2).state());
        assertFalse(up.p().upload(), "a line that names no image of the pack stops the upload");
        up.p().text("# nothing left\n");
        assertFalse(up.p().upload(), "a list without an image of the pack uploads nothing");
        assertEquals("The list names no image of the pack: put back a line for each image to upload.", up.p().notice());
        up.p().text("app/one:1 -> delivered/one:1\n");
        assertTrue(up.p().upload(), "a deleted line is left out of the load: " + up.p().notice());
        JobResult one = finish(up.p());
        assertTrue(one.ok(), one.toString());
        assertEquals(1, one.images().size(), one.toString());
        assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("delivered/one:1")));
        assertNull(rig.atTarget("customer/multi:2"), "the deleted line's image was not loaded");
        up.p().text("app/one:1 -> delivered/one:1\napp/multi:2\n");
        assertTrue(up.p().upload(), up.p().notice());
        JobResult res = finish(up.p());
        assertTrue(res.ok(), res.toString());
        assertEquals(2, res.images().size(), res.toString());
        assertEquals(Skopeo.digest(rig.atSource("app/multi:2")), Skopeo.digest(rig.atTarget("customer/multi:2")));
        up.p().closePack();
        assertTrue(up.p().pack().isEmpty());
    }
}
