package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Session;
import dev.ferry.testing.Skopeo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release screen on Lanterna's virtual terminal against real registries: a list typed key by key, Verify and
 * Transmit by function keys (80x24) and by mouse clicks (160x48), the target read with skopeo; Stop on a stalled
 * source tags nothing; quitting while a job runs asks; an Upload of a pack chosen in the file dialog.
 */
@Timeout(120)
class TuiReleaseTest {
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

    static String row(String screen, int y) {
        return screen.split("\n", -1)[y];
    }

    @Test
    void at80x24AListTypedKeyByKeyIsVerifiedAndTransmitted() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.type("# release\napp/one:1 -> vt/one:1\napp/multi:2\nno such::image\n");
            String s = tui.await("the lines checked", x -> x.contains("bad ") && x.contains("/customer/multi:2"));
            assertTrue(row(s, 2).startsWith("# release"), row(s, 2));
            int checks = row(s, 3).indexOf("ok " + rig.dst.host() + "/vt/one:1");
            assertTrue(checks > 30, "each line's target beside it, on its row:\n" + s);
            assertTrue(row(s, 4).substring(checks).startsWith("ok " + rig.dst.host() + "/customer/multi:2"), row(s, 4));
            assertTrue(row(s, 5).substring(checks).startsWith("bad "), row(s, 5));
            assertTrue(s.contains("2 images, 1 bad line."), s);

            tui.key(KeyType.F5);
            s = tui.await("the verify's verdicts", x -> x.contains("found linux/amd64,linux/arm64") && x.contains("Done."));
            assertTrue(row(s, 3).substring(checks).startsWith("found linux/amd64 "), row(s, 3));
            assertNull(rig.atTarget("vt/one:1"), "verify writes nothing");
            s = tui.await("the verify's log line", x -> x.contains("Check completed"));
            assertTrue(s.contains("to move") && !s.contains("Task completed"), "a dry run says what it would move, not that it moved:\n" + s);

            tui.key(KeyType.F6);
            s = tui.await("the transfer done", x -> x.contains("Transmit 2 to gz") && x.contains("Done.") && x.contains("Task completed"));
            System.out.println("80x24 after Transmit:\n" + s);
            assertTrue(s.contains("Invalid:1 Total:2 Success:2 Failed:0 Doing:0"), s);
            assertTrue(s.lines().anyMatch(l -> l.startsWith("app/one:1") && l.contains(" done ") && l.contains("[")), s);
            assertTrue(row(s, 3).substring(checks).startsWith("copied "), row(s, 3));
            assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("vt/one:1")));
            assertEquals(Skopeo.digest(rig.atSource("app/multi:2")), Skopeo.digest(rig.atTarget("customer/multi:2")));

            assertTrue(!s.contains("Start processing"), "the log shows its newest lines:\n" + s);
            int[] last = tui.find("Task completed");
            for (int i = 0; i < 5; i++) {
                tui.terminal.addInput(new com.googlecode.lanterna.input.MouseAction(com.googlecode.lanterna.input.MouseActionType.SCROLL_UP, 4,
                        new com.googlecode.lanterna.TerminalPosition(last[0], last[1])));
            }
            s = tui.await("the log scrolled back by the mouse wheel", x -> x.contains("Start processing, 2 images"));
            tui.click(last[0], last[1]); // the log takes the focus: End goes to it
            tui.key(KeyType.End);
            tui.await("the log following again", x -> x.contains("Task completed") && !x.contains("Start processing"));
        }
    }

    @Test
    void at160x48TheMouseClicksTransmitAndTheLayoutUsesTheRoom() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 160, 48)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.type("app/one:1 -> wide/one:1\n");
            String s = tui.await("the line checked", x -> x.contains("ok " + rig.dst.host() + "/wide/one:1"));
            List<String> rows = tui.rows();
            assertTrue(rows.get(47).contains("F5 Verify"), rows.get(47));
            int buttons = ReleaseLayout.editorRows(46) + 2;
            assertTrue(rows.get(buttons).startsWith("<Verify> <Transmit>"), "the buttons below a taller editor:\n" + s);
            int[] at = tui.find("<Transmit>");
            assertNotNull(at);
            long before = tui.release().paints();
            long started = System.nanoTime();
            tui.click(at[0] + 2, at[1]);
            s = tui.await("the transfer done", x -> x.contains("Transmit 1 to gz") && x.contains("Done."));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(tui.release().paints() - before <= Redraw.PER_SECOND * (seconds + 1), "at most ~10 redraws a second");
            assertTrue(s.contains("Invalid:0 Total:1 Success:1"), s);
            assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("wide/one:1")));

            tui.terminal.setTerminalSize(new TerminalSize(70, 20));
            tui.await("the too-small notice", x -> x.startsWith("ferry needs at least 80x24, now 70x20"));
            tui.terminal.setTerminalSize(new TerminalSize(100, 30));
            s = tui.await("the frame again", x -> x.contains("[F2 Release]") && x.contains("Done."));
            assertTrue(tui.rows().get(29).contains("F5 Verify"), s);
        }
    }

    @Test
    void stopInTheMiddleTagsNothingAndQuittingWhileAJobRunsAsksFirst() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.onGui(() -> tui.ws.source("slow"));
            tui.type("app/one:1 -> stop/one:1\napp/multi:2 -> stop/multi:2\n");
            tui.await("the lines checked", x -> x.contains("Source slow") && x.contains("/stop/multi:2"));
            tui.key(KeyType.F6);
            tui.await("an image moving", x -> x.contains(" moving ") && x.contains("Doing:"));
            tui.key(KeyType.F10);
            String s = tui.await("the question", x -> x.contains("Quit and cancel it?"));
            tui.key(KeyType.Enter); // No is the first button
            tui.await("the question gone", x -> !x.contains("Quit and cancel it?"));
            tui.key(KeyType.F9);
            s = tui.await("the job stopped", x -> x.contains("Stopped.") && x.contains("Stopped, 2 images"));
            assertTrue(s.lines().filter(l -> l.contains(" stopped ")).count() == 2, s);
            assertNull(rig.atTarget("stop/one:1"), "nothing half-copied is tagged");
            assertNull(rig.atTarget("stop/multi:2"), "nothing half-copied is tagged");
        }
    }

    @Test
    void downloadWithItsChoicesThenUploadAPackChosenInTheFileDialog() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.type("app/one:1\n");
            tui.key(KeyType.F7);
            String s = tui.await("the download's choices", x -> x.contains("Compression:") && x.contains("One data file"));
            int[] lz4 = tui.find("< > lz4");
            tui.click(lz4[0] + 1, lz4[1]);
            int[] single = tui.find("[ ] One data file");
            tui.click(single[0] + 1, single[1]);
            tui.await("lz4 and one file chosen", x -> x.contains("<o> lz4") && x.contains("[x] One data file"));
            int[] okay = tui.find("<  OK  >");
            tui.click(okay[0] + 3, okay[1]);
            s = tui.await("the pack saved", x -> x.contains("Download 1") && x.contains("Done."));
            Path meta;
            try (var files = Files.walk(rig.work.resolve("data"))) {
                meta = files.filter(f -> f.getFileName().toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
            }
            assertTrue(Files.isRegularFile(meta), meta.toString());
            try (var files = Files.list(meta.getParent())) {
                assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".tar.lz4")).count(), "one data file, lz4");
            }

            tui.key(KeyType.F8);
            String file = meta.getFileName().toString();
            tui.await("the file dialog at the newest pack", x -> x.contains("The pack to upload") && x.contains(file.substring(0, 20)));
            int[] ok = tui.find("<  OK  >");
            tui.click(ok[0] + 3, ok[1]);
            s = tui.await("the pack's images in the editor", x -> x.contains("1 image. Rename a line") && !x.contains("The pack to upload"));
            assertTrue(row(s, 2).startsWith("app/one:1 ") && row(s, 2).contains("ok " + rig.dst.host() + "/customer/one:1"), s);
            tui.key(KeyType.End);
            tui.type(" -> up/one:1");
            tui.await("the rename's target", x -> x.contains("ok " + rig.dst.host() + "/up/one:1"));
            tui.key(KeyType.F8);
            s = tui.await("the upload done", x -> x.contains("Upload " + file) && x.contains("Done."));
            System.out.println("80x24 after Upload:\n" + s);
            assertTrue(s.contains("Invalid:0 Total:1 Success:1 Failed:0"), s);
            assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("up/one:1")));
        }
    }
}
