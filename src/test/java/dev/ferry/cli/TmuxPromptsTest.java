package dev.ferry.cli;

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
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompts a person answers in a real terminal (tmux, 80x24): {@code ferry login} asks for the user and then the
 * password naming both and the registry, echoes nothing of it, checks it there and keeps it; a command given
 * {@code --creds USER} names the registry in its prompt too. ~10 s.
 */
@Timeout(90)
class TmuxPromptsTest {
    static final Tmux TMUX = new Tmux("ferry-prompts-test");
    static Path work;
    static RegistryServer locked;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        Tools.require("tmux");
        work = Files.createTempDirectory("ferry-prompts-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 1000, false);
        locked = RegistryServer.builder().htpasswd("deliver", "S3cret-pw").start();
        Skopeo.pushOciDir(work.resolve("images"), "one", locked.host() + "/team/app:7", Options.plain().creds("deliver", "S3cret-pw"), false);
    }

    @AfterAll
    static void tearDown() {
        TMUX.run("kill-server");
        if (locked != null) locked.close();
        TempDirs.deleteRecursively(work);
    }

    static String start(String pane, String args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TMUX.run("new-session", "-d", "-x", "80", "-y", "24", "-s", pane, "cd " + work + " && env -u CI DOCKER_CONFIG=" + work.resolve("docker") + " "
                + java + " -cp " + System.getProperty("java.class.path") + " dev.ferry.cli.Main " + args + "; echo exit=$?; sleep 60");
        return pane;
    }

    static String await(String pane, String what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String s = TMUX.screen(pane);
        while (!test.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = TMUX.screen(pane);
        }
        assertTrue(test.test(s), "the screen never showed " + what + ":\n" + s);
        return s;
    }

    @Test
    void loginAsksForUserAndPasswordNamingTheRegistryAndKeepsThem() throws Exception {
        String pane = start("login", "login " + locked.host());
        await(pane, "the user prompt", s -> s.contains("User for " + locked.host() + ":"));
        TMUX.run("send-keys", "-t", pane, "-l", "deliver");
        TMUX.run("send-keys", "-t", pane, "Enter");
        await(pane, "the password prompt", s -> s.contains("Password of deliver at " + locked.host() + ":"));
        TMUX.run("send-keys", "-t", pane, "-l", "S3cret-pw");
        TMUX.run("send-keys", "-t", pane, "Enter");
        String done = await(pane, "the login kept", s -> s.contains("exit="));
        assertTrue(done.contains("Logged in to " + locked.host() + " as deliver") && done.contains("exit=0"), done);
        assertFalse(done.contains("S3cret-pw"), "the password is not echoed:\n" + done);
        assertTrue(Files.readString(work.resolve("docker/config.json")).contains(locked.host()));

        String tags = start("creds", "tags --creds deliver " + locked.host() + "/team/app");
        await(tags, "the password prompt of --creds", s -> s.contains("Password of deliver at " + locked.host() + ":"));
        TMUX.run("send-keys", "-t", tags, "-l", "S3cret-pw");
        TMUX.run("send-keys", "-t", tags, "Enter");
        String listed = await(tags, "the tags", s -> s.contains("exit="));
        assertTrue(listed.contains("\n7\n") && listed.contains("exit=0"), listed);
    }
}
