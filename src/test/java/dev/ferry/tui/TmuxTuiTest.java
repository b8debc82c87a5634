package dev.ferry.tui;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry tui} in a real terminal (tmux, 80x24, TERM=linux inside): start, type a list, transmit from a source
 * whose blobs come slowly (the progress is seen while it moves), resize the window larger and below 80x24 and back,
 * quit; and a dumb terminal refused with exit 2. Asserts on the captured screens. Bounded: ~15 s.
 */
@Timeout(120)
class TmuxTuiTest {
    static ReleaseRig rig;
    static FaultProxy slowish;
    static Path cfg;
    static final String SOCKET = "ferry-tui-test-" + ProcessHandle.current().pid();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("tmux");
        rig = new ReleaseRig();
        slowish = FaultProxy.start(rig.src.url());
        slowish.delay("GET", ".*/blobs/sha256:.*", Duration.ofMillis(1500), 1_000_000);
        cfg = rig.work.resolve("tmux-cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"http://" + slowish.host() + "\"\n  name: nj\n"
                + "target:\n- registry: \"http://" + rig.dst.host() + "\"\n  name: gz\n  repository: customer\n");
    }

    @AfterAll
    static void tearDown() {
        tmux("kill-server");
        if (slowish != null) slowish.close();
        if (rig != null) rig.close();
    }

    static ProcessResult tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", SOCKET));
        cmd.addAll(List.of(args));
        return Tools.run(Duration.ofSeconds(10), cmd);
    }

    static String screen(String pane) {
        return tmux("capture-pane", "-p", "-t", pane).stdout().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
    }

    static String await(String pane, String what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String s = screen(pane);
        while (!test.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = screen(pane);
        }
        assertTrue(test.test(s), "the screen never showed " + what + ":\n" + s);
        return s;
    }

    static String start(String name, String env, int columns, int rows) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "cd " + rig.work + " && env -u CI " + env + " " + java + " -cp " + System.getProperty("java.class.path")
                + " dev.ferry.cli.Main tui --config " + cfg + "; echo exit=$?; sleep 30";
        tmux("new-session", "-d", "-x", String.valueOf(columns), "-y", String.valueOf(rows), "-s", name, command);
        return name;
    }

    @Test
    void typeTransmitResizeAndQuitInARealTerminal() throws Exception {
        String pane = start("tui", "TERM=linux", 80, 24);
        await(pane, "the release screen", s -> s.contains("[F2 Release]") && s.contains("F5 Verify"));
        for (String line : List.of("app/one:1", "app/multi:2 -> tmux/multi:2")) {
            tmux("send-keys", "-t", pane, "-l", line);
            tmux("send-keys", "-t", pane, "Enter");
        }
        String s = await(pane, "the lines checked", x -> x.contains("ok " + rig.dst.host() + "/tmux/multi:2") && x.contains("2 images, 0 bad lines."));
        tmux("send-keys", "-t", pane, "F6");
        s = await(pane, "the transfer under way", x -> x.contains("Transmit 2 to gz") && x.contains(" moving ") && x.contains("Doing:"));
        System.out.println("tmux 80x24, during the transfer:\n" + s);
        assertEquals(24, s.lines().count(), s);
        s = await(pane, "the transfer done", x -> x.contains("Done.") && x.contains("Success:2"));
        System.out.println("tmux 80x24, after the transfer:\n" + s);
        assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("customer/one:1")));
        assertEquals(Skopeo.digest(rig.atSource("app/multi:2")), Skopeo.digest(rig.atTarget("tmux/multi:2")));

        tmux("resize-window", "-t", pane, "-x", "120", "-y", "32");
        s = await(pane, "the screen redrawn at 120x32", x -> x.lines().count() == 32 && x.lines().toList().get(31).contains("F5 Verify")
                && x.contains("Success:2"));
        tmux("resize-window", "-t", pane, "-x", "60", "-y", "20");
        s = await(pane, "the too-small notice", x -> x.startsWith("ferry needs at least 80x24, now 60x20"));
        assertTrue(!s.contains("F5 Verify"), s);
        tmux("resize-window", "-t", pane, "-x", "80", "-y", "24");
        await(pane, "the screen back at 80x24", x -> x.contains("[F2 Release]") && x.lines().toList().get(23).contains("F5 Verify"));
        tmux("send-keys", "-t", pane, "F10");
        s = await(pane, "ferry gone", x -> x.contains("exit=0"));
    }

    @Test
    void aDumbTerminalIsRefusedWithExit2() throws Exception {
        String pane = start("dumb", "TERM=dumb", 80, 24);
        String s = await(pane, "the refusal", x -> x.contains("exit="));
        assertTrue(s.contains("ferry tui needs a terminal (TERM is dumb)") && s.contains("exit=2"), s);
    }
}
