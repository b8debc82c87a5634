package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.testing.TempDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame and the release screen on Lanterna's virtual terminal, without any registry: where things are at 80x24
 * and 160x48, lines checked as they are typed with their target names, resizing, the notice below 80x24, the mouse.
 */
@Timeout(60)
class TuiLayoutTest {
    static Path work;
    static Session session;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("ferry-tui-layout-");
        Files.writeString(work.resolve("cfg.yaml"), "source:\n- registry: \"http://127.0.0.1:1\"\n  name: nj\n"
                + "target:\n- registry: \"http://127.0.0.1:2\"\n  name: gz\n  repository: customer\n");
        session = Session.builder(Map.of()).workDir(work).config(ConfigLoader.load(work.resolve("cfg.yaml"), Map.of())).build();
    }

    @AfterAll
    static void tearDown() {
        if (session != null) session.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void at80x24TheFrameAndTheReleaseScreenAreWhereTheyBelong() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            String s = tui.await("the header", x -> x.contains("[F2 Release]"));
            List<String> rows = tui.rows();
            System.out.println(s);
            assertTrue(rows.get(0).startsWith(" ferry "), rows.get(0));
            assertTrue(rows.get(0).contains("F1 Help") && rows.get(0).contains("F10 Quit"), rows.get(0));
            assertTrue(rows.get(1).startsWith("Source ") && rows.get(1).contains("nj") && rows.get(1).contains("Target ")
                    && rows.get(1).contains("gz") && rows.get(1).contains("Parallel") && rows.get(1).contains("Retries"), rows.get(1));
            assertTrue(rows.get(23).contains("F5 Verify") && rows.get(23).contains("F6 Transmit") && rows.get(23).contains("F9 Stop"), rows.get(23));
            int buttons = ReleaseLayout.editorRows(22) + 2;
            assertTrue(rows.get(buttons).startsWith("<Verify> <Transmit> <Download> <Upload> < Stop > <Retry failed>"), rows.get(buttons));
        }
    }

    @Test
    void loginAsksForThePasswordInAMaskedDialogFromTheSessionsThread() throws Exception {
        DialogPrompt prompt = new DialogPrompt();
        try (Session s = Session.builder(Map.of()).workDir(work).config(ConfigLoader.load(work.resolve("cfg.yaml"), Map.of())).prompt(prompt).build();
             VirtualTui tui = new VirtualTui(s, 80, 24)) {
            prompt.attach(tui.app.gui(), tui.ws::messages);
            tui.await("the release screen", x -> x.contains("[F2 Release]"));
            tui.ctrl('l');
            tui.await("the registry asked, the target suggested", x -> x.contains("Registry:") && x.contains("127.0.0.1:2"));
            tui.key(KeyType.Enter); // Enter in the field answers
            tui.await("the user asked", x -> x.contains("User for 127.0.0.1:2:"));
            tui.type("deliver");
            tui.key(KeyType.Tab); // or OK
            tui.key(KeyType.Enter);
            tui.await("the password asked", x -> x.contains("Password of deliver at 127.0.0.1:2:"));
            tui.type("S3cret-pw");
            String masked = tui.await("the password masked", x -> x.contains("*********"));
            assertFalse(masked.contains("S3cret-pw"), masked);
            tui.key(KeyType.Enter);
            tui.await("the login told", x -> x.contains("Logged in to 127.0.0.1:2 as deliver, for this session."));
            var creds = s.settings().optionsFor("127.0.0.1:2").credentials();
            assertEquals("deliver", creds.username(), "the session uses the login");
            assertEquals("S3cret-pw", creds.password(), "the dialog's answer reached the session");
            prompt.detach();
            assertTrue(prompt.password("127.0.0.1:2", "deliver").isEmpty(), "after the UI nobody is asked");
        }
    }

    @Test
    void theHeaderAndFooterKeysTakeClicksF1ListsEveryKeyAndQuitGoesAtOnceWithoutAJob() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            tui.await("the release screen", x -> x.contains("[F2 Release]"));
            int[] help = tui.find("F1 Help");
            tui.click(help[0] + 3, help[1]); // the header's keys take clicks
            String s = tui.await("the keys", x -> x.contains("F5  Verify") && x.contains("F10  Quit") && x.contains("^L  Log in"));
            tui.key(KeyType.Enter);
            tui.await("the dialog gone", x -> !x.contains("F5  Verify"));
            int[] verify = tui.find(" Verify  F6");
            tui.click(verify[0] + 3, verify[1]); // the footer's too, on the label as on the key
            tui.await("verify refused for an empty list", x -> x.contains("The list has no image"));
            int[] quit = tui.find("F10 Quit");
            tui.click(quit[0] + 1, quit[1]);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!tui.app.gui().getWindows().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(tui.app.gui().getWindows().isEmpty(), "no job ran: F10 quits without asking");
        }
    }

    @Test
    void aPastedListOfFiveHundredLinesIsCheckedWithoutHoldingTheScreenUp() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24)) {
            tui.await("the release screen", x -> x.contains("[F2 Release]"));
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < 500; i++) list.append("team/app").append(i).append(":1.").append(i).append('\n');
            long start = System.nanoTime();
            tui.type(list.toString());
            tui.await("every line checked", x -> x.contains("500 images, 0 bad lines."));
            assertTrue(System.nanoTime() - start < 15_000_000_000L, "500 pasted lines are checked in seconds");
            assertEquals(500, tui.release().presenter().lines().stream().filter(LineCheck::valid).count());
            assertEquals("127.0.0.1:2/customer/app499:1.499", tui.release().presenter().lines().get(499).detail());
        }
    }

    /** A screen as another part of the UI plugs in: a name, a component, its keys. */
    record NoteScreen(String title, com.googlecode.lanterna.gui2.Label component, List<KeyHint> keys) implements TuiScreen {
        NoteScreen(Workspace ws) {
            this("Browser", new com.googlecode.lanterna.gui2.Label("repositories of " + ws.source()), List.of(new KeyHint("F5", "Open")));
        }
    }

    @Test
    void anotherScreenPlugsInByItsFactoryAndTheHeaderKeysSwitchBetweenThem() throws Exception {
        try (VirtualTui tui = new VirtualTui(session, 80, 24, List.of(ReleaseScreen::new, NoteScreen::new))) {
            String s = tui.await("both screens in the header", x -> x.contains("[F2 Release]") && x.contains(" F3 Browser "));
            tui.key(KeyType.F3);
            s = tui.await("the other screen", x -> x.contains("[F3 Browser]") && x.contains("repositories of nj"));
            List<String> rows = tui.rows();
            assertTrue(rows.get(1).startsWith("repositories of nj"), s);
            assertTrue(rows.get(23).startsWith(" F5 Open") && !rows.get(23).contains("Transmit"), rows.get(23));
            tui.key(KeyType.F2);
            tui.await("the release screen again", x -> x.contains("[F2 Release]") && x.contains("F6 Transmit"));
        }
    }
}
