package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tmux;
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
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress display of a real {@code ferry sync} in real terminals (tmux panes of 80x24, 100x30 and 200x50, the
 * last one narrowed to 80x24 in the middle of the run), its source slowed by a FaultProxy: on every captured screen no
 * drawn line is wider than the pane (wrapped rows joined; a finished image's scrolled line only when its names cannot
 * be shortened and keep their last part and tag), there is one overall line and one bar per image at most, long
 * names are shortened in the middle keeping the repository's last part and the tag, and when the sync is over no bar
 * is left on the screen. The three syncs run side by side (~15 s).
 */
@Timeout(120)
class TmuxProgressTest {
    static final Tmux TMUX = new Tmux("ferry-progress-test");
    static final int IMAGES = 6;
    static final Pattern BAR = Pattern.compile("^\\s*\\[[#.]+]\\s+\\d+%");
    static Path work;
    static RegistryServer src;
    static FaultProxy slow;
    static final List<RegistryServer> targets = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("tmux");
        work = Files.createTempDirectory("ferry-progress-tmux-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 2, 100_000, false);
        src = RegistryServer.builder().start();
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= IMAGES; i++) {
            String name = "dept/service-long-name-" + i + ":2026.11." + i;
            Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/" + name, Options.plain(), false);
            list.append(name).append('\n');
        }
        Files.writeString(work.resolve("release.lst"), list.toString());
        slow = FaultProxy.start(src.url());
        slow.delay("GET", ".*/blobs/sha256:.*", Duration.ofMillis(900), 1000);
        for (int i = 0; i < 3; i++) targets.add(RegistryServer.builder().start());
    }

    @AfterAll
    static void tearDown() {
        tmux("kill-server");
        if (slow != null) slow.close();
        if (src != null) src.close();
        targets.forEach(RegistryServer::close);
        TempDirs.deleteRecursively(work);
    }

    static ProcessResult tmux(String... args) {
        return TMUX.run(args);
    }

    static String screen(String pane) {
        return TMUX.screen(pane);
    }

    static void sync(String pane, int columns, int rows, RegistryServer target) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "cd " + work + " && env -u CI -u COLUMNS DOCKER_CONFIG=" + work.resolve("docker") + " " + java + " -cp "
                + System.getProperty("java.class.path") + " dev.ferry.cli.Main sync release.lst --from " + slow.host() + " --to "
                + target.host() + " -j 2 --log " + work.resolve(pane + ".log") + "; echo exit=$?; sleep 60";
        tmux("new-session", "-d", "-x", String.valueOf(columns), "-y", String.valueOf(rows), "-s", pane, command);
    }

    /** What one pane showed while its sync ran. */
    record Seen(List<String> screens, List<String> afterResize, String last) {}

    static Seen watch(String pane, Runnable midway) throws InterruptedException {
        List<String> screens = new ArrayList<>(), afterResize = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String s = screen(pane);
        boolean resized = midway == null;
        while (!s.contains("exit=") && System.nanoTime() < deadline) {
            (resized && midway != null ? afterResize : screens).add(s);
            if (!resized && s.lines().filter(l -> BAR.matcher(l).find()).count() >= 2) {
                midway.run();
                resized = true;
                Thread.sleep(700); // a tick or two at the new width
            }
            Thread.sleep(150);
            s = screen(pane);
        }
        assertTrue(s.contains("exit=0"), "the sync ended well:\n" + s);
        return new Seen(screens, afterResize, s);
    }

    static Seen watching(String pane, Runnable midway) {
        try {
            return watch(pane, midway);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void checkScreens(List<String> screens, int columns, String what) {
        for (String s : screens) {
            for (String l : s.lines().toList()) {
                // what is drawn in place fits; a finished image's line scrolls, and when its names cannot be shortened
                // without losing their last part and tag it is whole (and wraps)
                boolean drawn = BAR.matcher(l).find() || l.startsWith("images ");
                boolean wholeDoneLine = l.startsWith("copied ") && l.contains(slow.host() + "/dept/service-long-name-");
                assertTrue(DisplayWidth.of(l) <= columns || !drawn && (wholeDoneLine || !l.startsWith("copied ")), what + ": a line wider than " + columns + ":\n" + l + "\nin\n" + s);
                if (l.startsWith("copied ")) assertTrue(Pattern.compile("/service-long-name-(\\d):2026\\.11\\.\\1 -> .*/service-long-name-\\1:2026\\.11\\.\\1 ")
                        .matcher(l).find(), what + ": a finished image's names lost their last part:\n" + l);
            }
            assertTrue(s.lines().filter(l -> l.startsWith("images ")).count() <= 1, what + ": more than one overall line:\n" + s);
            for (int i = 1; i <= IMAGES; i++) {
                String name = "service-long-name-" + i + ":";
                assertTrue(s.lines().filter(l -> BAR.matcher(l).find() && l.contains(name)).count() <= 1, what + ": piled-up bars of image " + i + ":\n" + s);
            }
        }
    }

    static boolean anyBar(List<String> screens, Pattern shape) {
        return screens.stream().flatMap(String::lines).anyMatch(l -> BAR.matcher(l).find() && shape.matcher(l).find());
    }

    @Test
    void fitsEveryLineToThePaneAndLeavesNothingStale() throws Exception {
        sync("w80", 80, 24, targets.get(0));
        sync("w100", 100, 30, targets.get(1));
        sync("w200", 200, 50, targets.get(2));
        var f200 = java.util.concurrent.CompletableFuture.supplyAsync(() -> watching("w200", () -> tmux("resize-window", "-t", "w200", "-x", "80", "-y", "24")));
        var f100 = java.util.concurrent.CompletableFuture.supplyAsync(() -> watching("w100", null));
        Seen w80 = watch("w80", null);
        Seen w100 = f100.join(), w200 = f200.join();

        checkScreens(w80.screens(), 80, "80x24");
        checkScreens(w100.screens(), 100, "100x30");
        checkScreens(w200.screens(), 200, "200x50");
        // after the narrowing, what ferry draws fits the new width (lines it wrote before may be re-wrapped by tmux)
        for (String s : w200.afterResize()) {
            List<String> drawn = s.lines().filter(l -> BAR.matcher(l).find() || l.startsWith("images ")).toList();
            for (String l : drawn) assertTrue(DisplayWidth.of(l) <= 80, "after the resize, a line wider than 80:\n" + l + "\nin\n" + s);
            assertTrue(drawn.stream().filter(l -> l.startsWith("images ")).count() <= 1, "after the resize, stale overall lines:\n" + s);
        }

        Pattern whole = Pattern.compile(Pattern.quote(slow.host() + "/dept/service-long-name-") + "\\d:2026\\.11\\.\\d -> "
                + Pattern.quote(targets.get(2).host() + "/dept/service-long-name-") + "\\d:2026\\.11\\.\\d");
        assertTrue(anyBar(w200.screens(), whole), "whole names at 200 columns:\n" + String.join("\n----\n", w200.screens()));
        // narrower: shortened in the middle, the last part of the repository and the tag kept
        Pattern shortened = Pattern.compile("…/service-long-name-\\d:2026\\.11\\.\\d");
        assertTrue(anyBar(w80.screens(), shortened), "shortened names at 80 columns:\n" + String.join("\n----\n", w80.screens()));
        // at 100 columns "SOURCE -> TARGET" does not fit, the source alone does
        assertTrue(anyBar(w100.screens(), Pattern.compile(Pattern.quote(slow.host()) + "/dept/service-long-name-\\d:2026\\.11\\.\\d$")),
                "the source's name at 100 columns:\n" + String.join("\n----\n", w100.screens()));
        assertFalse(anyBar(w100.screens(), whole), "no whole SOURCE -> TARGET at 100 columns");
        assertTrue(anyBar(w200.afterResize(), shortened), "shortened names after narrowing to 80:\n" + String.join("\n----\n", w200.afterResize()));

        for (Seen seen : List.of(w80, w100, w200)) {
            assertFalse(seen.last().lines().anyMatch(l -> BAR.matcher(l).find()), "a bar left on the screen:\n" + seen.last());
            assertEquals(IMAGES, seen.last().lines().filter(l -> l.startsWith("copied ")).count(), seen.last());
            assertTrue(seen.last().contains("Done: " + IMAGES + " images, " + IMAGES + " ok (0 up to date), 0 failed, 0 invalid"), seen.last());
        }
        System.out.println("TmuxProgressTest: 80x24 during the sync:\n" + w80.screens().stream()
                .filter(x -> x.lines().filter(l -> BAR.matcher(l).find()).count() >= 2).reduce((a, b) -> b).orElse(""));
        System.out.println("TmuxProgressTest: 200x50 during the sync:\n" + w200.screens().stream()
                .filter(x -> x.lines().filter(l -> BAR.matcher(l).find()).count() >= 2).reduce((a, b) -> b).orElse(""));
        System.out.println("TmuxProgressTest: 200x50 narrowed to 80x24, at the end:\n" + w200.last());
    }

    /** Runs {@code shell} in a new 80x24 pane and returns the screen once it says {@code exit=}. */
    static String run(String pane, String shell) throws InterruptedException {
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", pane, "cd " + work + " && " + shell + "; echo exit=$?; sleep 60");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String s = screen(pane);
        while (!s.contains("exit=") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = screen(pane);
        }
        return s;
    }

    @Test
    void syncWithNoListOnATerminalSaysHowToGiveOneAndAPipeStillWorks() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String ferry = "env -u CI DOCKER_CONFIG=" + work.resolve("docker") + " " + java + " -cp " + System.getProperty("java.class.path") + " dev.ferry.cli.Main";
        long start = System.nanoTime();
        String bare = run("nolist", ferry + " sync --from " + src.host() + " --to " + targets.get(0).host() + " -q --log " + work.resolve("n.log"));
        assertTrue(bare.contains("no image list given, and standard input is the terminal") && bare.contains("exit=2"), bare);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "it did not wait for the terminal");
        String piped = run("piped", "echo dept/service-long-name-1:2026.11.1 | " + ferry + " sync --from " + src.host() + " --to "
                + targets.get(0).host() + " -q --log " + work.resolve("p.log"));
        assertTrue(piped.contains("Done: 1 image, 1 ok") && piped.contains("exit=0"), piped);
    }
}
