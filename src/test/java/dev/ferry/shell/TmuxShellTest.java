package dev.ferry.shell;

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
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry shell} in a real pseudo-terminal (tmux, 80x24), asserting on the captured screen: the prompt, Tab
 * completion of a tag, Ctrl-C cancelling a copy from a stalled source while the shell stays alive (and nothing is
 * tagged), the status line of a background job, and leaving. Bounded: every wait has a deadline; ~20 s.
 */
@Timeout(120)
class TmuxShellTest {
    static Path work;
    static RegistryServer src, dst, locked;
    static FaultProxy slow;
    static Path cfg;
    static final Tmux TMUX = new Tmux("ferry-shell-test");
    static final String PANE = "shell";

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("tmux");
        work = Files.createTempDirectory("ferry-shell-tmux-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 2, 200_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/corpus/debian:bookworm", Options.plain(), true);
        Skopeo.pushOciDir(work.resolve("images"), "one", src.host() + "/corpus/debian:1.2", Options.plain(), true);
        locked = RegistryServer.builder().htpasswd("deliver", "S3cret-pw").start();
        Skopeo.pushOciDir(work.resolve("images"), "one", locked.host() + "/team/app:7", Options.plain().creds("deliver", "S3cret-pw"), true);
        slow = FaultProxy.start(src.url());
        slow.stallResponseAfter("GET", ".*/blobs/sha256:.*", 1000, 1000);
        cfg = work.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"http://" + src.host() + "\"\n  name: nj\n- registry: \"http://" + slow.host()
                + "\"\n  name: slow\ntarget:\n- registry: \"http://" + dst.host() + "\"\n  name: gz\n");
        Files.writeString(work.resolve("release.lst"), "corpus/debian:1.2\n");
    }

    @AfterAll
    static void tearDown() {
        tmux("kill-server");
        if (slow != null) slow.close();
        if (src != null) src.close();
        if (dst != null) dst.close();
        if (locked != null) locked.close();
        TempDirs.deleteRecursively(work);
    }

    static ProcessResult tmux(String... args) {
        return TMUX.run(args);
    }

    /** The screen as the person sees it, wrapped lines joined (-J), trailing blanks dropped. */
    static String screen() {
        return screen(PANE);
    }

    static String screen(String pane) {
        return TMUX.screen(pane);
    }

    /** Waits (10 s at most) until the screen shows what {@code test} looks for; returns that screen. */
    static String await(String what, Predicate<String> test) throws InterruptedException {
        return await(PANE, what, test);
    }

    static String await(String pane, String what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String s = screen(pane);
        while (!test.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = screen(pane);
        }
        assertTrue(test.test(s), "screen never showed " + what + ":\n" + s);
        return s;
    }

    static void type(String text) {
        type(PANE, text);
    }

    static void type(String pane, String text) {
        tmux("send-keys", "-t", pane, "-l", text);
    }

    static void key(String key) {
        key(PANE, key);
    }

    static void key(String pane, String key) {
        tmux("send-keys", "-t", pane, key);
    }

    /** The last line written above the status line (which says "jobs: …" while jobs run). */
    static String lastLine(String screen) {
        List<String> lines = screen.lines().filter(l -> !l.isBlank() && !l.startsWith("jobs: [")).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void ferryWithoutArgumentsOnATerminalSaysHowToStartTheShellAndDoesNotWait() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "bare", "env -u CI " + java + " -cp " + System.getProperty("java.class.path")
                + " dev.ferry.cli.Main; echo exit=$?; sleep 30");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String s = "";
        while (!s.contains("exit=") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = tmux("capture-pane", "-p", "-J", "-t", "bare").stdout();
        }
        tmux("kill-session", "-t", "bare");
        assertTrue(s.contains("Run 'ferry shell' for an interactive shell") && s.contains("exit=0"), s);
    }

    static String start(String name) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "cd " + work + " && env -u CI XDG_CONFIG_HOME=" + work.resolve("home-" + name) + " DOCKER_CONFIG=" + work.resolve("docker")
                + " " + java + " -cp " + System.getProperty("java.class.path") + " dev.ferry.cli.Main shell --config " + cfg;
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", name, command);
        return name;
    }

    @Test
    void loginAsksMaskedAndKeepsNothingInTheHistoryAndCtrlDAsksWhileJobsRun() throws Exception {
        String pane = start("login");
        await(pane, "the prompt", s -> s.lines().anyMatch(l -> l.equals("ferry>")));
        type(pane, "login " + locked.host());
        key(pane, "Enter");
        await(pane, "the user prompt", s -> s.contains("User for " + locked.host() + ":"));
        type(pane, "deliver");
        key(pane, "Enter");
        await(pane, "the password prompt", s -> s.contains("Password of deliver at " + locked.host() + ":"));
        type(pane, "S3cret-pw");
        String masked = await(pane, "the masked password", s -> s.contains("Password of deliver at " + locked.host() + ": *********"));
        assertFalse(masked.contains("S3cret-pw"), masked);
        key(pane, "Enter");
        type(pane, "ls " + locked.host() + "/team/app");
        key(pane, "Enter");
        String listed = await(pane, "the tags, read with the login", s -> s.contains("ls " + locked.host() + "/team/app\n7\n"));
        assertFalse(listed.contains("S3cret-pw"), listed);

        type(pane, "sync release.lst --from slow --to gz &");
        key(pane, "Enter");
        // keys sent before the prompt is back may be dropped as the terminal returns to raw mode: wait for it
        await(pane, "the job started and the prompt", s -> s.contains("[1] sync release.lst") && lastLine(s).equals("ferry>"));
        Thread.sleep(200);
        key(pane, "C-d");
        await(pane, "the question", s -> s.contains("A job is running; leave and cancel it? [y/N]"));
        type(pane, "n");
        key(pane, "Enter");
        await(pane, "the prompt again", s -> lastLine(s).equals("ferry>"));
        type(pane, "pwd");
        key(pane, "Enter");
        await(pane, "the shell still there", s -> s.contains("pwd\n(no registry open)") && lastLine(s).equals("ferry>"));
        Thread.sleep(200);
        key(pane, "C-d");
        await(pane, "the question again", s -> s.lines().filter(l -> l.contains("leave and cancel it?")).count() == 2);
        type(pane, "y");
        key(pane, "Enter");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (tmux("has-session", "-t", pane).exitCode() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertNotEquals(0, tmux("has-session", "-t", pane).exitCode(), "the shell left, cancelling the job");
        String history = Files.readString(work.resolve("home-login/ferry/history"));
        assertTrue(history.contains("login " + locked.host()), history);
        assertFalse(history.contains("S3cret-pw") || history.contains(":deliver\n"), history);
        assertNotEquals(0, Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + dst.host() + "/corpus/debian:1.2")).exitCode(),
                "the cancelled sync tagged nothing");
    }

    @Test
    void promptTabCompletionCtrlCAndTheStatusLineInARealTerminal() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "cd " + work + " && env -u CI XDG_CONFIG_HOME=" + work.resolve("home") + " DOCKER_CONFIG=" + work.resolve("docker")
                + " " + java + " -cp " + System.getProperty("java.class.path") + " dev.ferry.cli.Main shell --config " + cfg;
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", PANE, command);
        await("the prompt", s -> s.lines().anyMatch(l -> l.equals("ferry>")));
        type("open @nj");
        key("Enter");
        type("cd corpus/debian");
        key("Enter");
        await("the prompt of the repository", s -> s.lines().anyMatch(l -> l.equals("ferry @nj/corpus/debian>")));

        type("inspect :bookw");
        long start = System.nanoTime();
        key("Tab");
        // cd fetched the tags in the background; should they still be on their way (a cold JVM on a busy machine), this
        // Tab gives nothing after at most 200 ms, and the next one has them: the prompt never waits for the registry
        Predicate<String> completed = s -> s.contains("ferry @nj/corpus/debian> inspect :bookworm");
        long tabDeadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!completed.test(screen()) && System.nanoTime() < tabDeadline) Thread.sleep(20);
        int tabs = 1;
        if (!completed.test(screen())) {
            key("Tab");
            tabs++;
        }
        await("the completed tag", completed);
        System.out.println("TmuxShellTest: Tab to the completed tag on the screen: " + (System.nanoTime() - start) / 1_000_000 + " ms, " + tabs + " Tab(s)");
        key("Enter");
        await("the inspect output", s -> s.contains("linux/amd64  sha256:"));

        // Ctrl-C cancels a copy whose source stalls; the shell stays, nothing is tagged
        key("C-l");
        type("copy @slow/corpus/debian:bookworm @gz");
        key("Enter");
        Thread.sleep(1500);
        assertFalse(lastLine(screen()).startsWith("ferry @nj"), "the copy is still running:\n" + screen());
        key("C-c");
        String cancelled = await("the cancelled copy and a new prompt", s -> s.contains("cancelled; nothing was tagged") && lastLine(s).equals("ferry @nj/corpus/debian>"));
        assertTrue(cancelled.contains("ferry: copy " + slow.host() + "/corpus/debian:bookworm -> " + dst.host() + "/corpus/debian:bookworm cancelled"), cancelled);
        ProcessResult inspect = Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + dst.host() + "/corpus/debian:bookworm"));
        assertNotEquals(0, inspect.exitCode(), "nothing tagged: " + inspect);
        type("pwd");
        key("Enter");
        await("the shell still answering", s -> s.contains("pwd\n@nj/corpus/debian\n"));

        // the status line shows a background job while the person types
        key("C-l");
        type("sync release.lst --from slow --to gz &");
        key("Enter");
        await("the job started", s -> s.contains("[2] sync release.lst --from slow --to gz"  /* job 1 was the copy */));
        String status = await("the status line", s -> s.lines().reduce((a, b) -> b).orElse("").startsWith("jobs: [2] sync 0/1"));
        System.out.println("TmuxShellTest: the screen with the status line:\n" + status);
        type("jobs");
        key("Enter");
        await("jobs", s -> s.contains("[2] sync 1 images: running, 0/1 images"));
        // fg watches it; Ctrl-Z goes back to the prompt and leaves it running; fg again, and Ctrl-C cancels it
        key("C-l");
        type("fg 2");
        key("Enter");
        await("fg's progress line", s -> s.contains("fg 2\n[2] sync 1 images: running"));
        key("C-z");
        await("back at the prompt", s -> s.contains("[2] still running in the background") && lastLine(s).equals("ferry @nj/corpus/debian>"));
        type("fg 2");
        key("Enter");
        Thread.sleep(300);
        key("C-c");
        String after = await("the job cancelled by Ctrl-C in fg", s -> s.contains("Cancelled: 1 image, 0 ok (0 up to date), 1 failed") && lastLine(s).equals("ferry @nj/corpus/debian>"));
        System.out.println("TmuxShellTest: after fg and Ctrl-C:\n" + after);
        type("jobs");
        key("Enter");
        await("the job listed as cancelled", s -> s.contains("[2] sync 1 images: cancelled"));

        type("exit");
        key("Enter");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tmux("has-session", "-t", PANE).exitCode() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertNotEquals(0, tmux("has-session", "-t", PANE).exitCode(), "exit left the shell");
        assertTrue(Files.isRegularFile(work.resolve("home/ferry/history")), "history kept under the config directory");
        assertEquals(List.of(), Files.list(work).filter(p -> p.getFileName().toString().contains("history")).toList(), "no history in the working directory");
    }
}
