package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed completion scripts in real bash, zsh and fish: commands, options and their values from the command
 * tree, and cfg.yaml's names, repositories and tags of a real registry through {@code ferry __complete}.
 */
@Timeout(180)
class CompletionScriptsTest {
    private static RegistryServer registry;
    private static Path work;
    private static Map<String, String> env;

    @BeforeAll
    static void setUp() throws IOException {
        registry = RegistryServer.builder().start();
        work = Files.createTempDirectory("ferry-completion-");
        for (String target : List.of("demo/hello:1.0", "demo/hello:2.0", "demo/other:1")) {
            FerryCli.Result r = new FerryCli().run("copy", "-q", "oci:examples/hello:1.0", registry.host() + "/" + target);
            assertEquals(0, r.exit(), r::toString);
        }
        Files.writeString(work.resolve("cfg.yaml"), "source:\n- registry: \"" + registry.host() + "\"\n  name: nj\n"
                + "target:\n- registry: \"127.0.0.1:1\"\n  name: gz\n");
        // ferry as a person has it on the PATH: a launcher running this build's classes
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(bin.resolve("ferry"), "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' dev.ferry.cli.Main \"$@\"\n");
        bin.resolve("ferry").toFile().setExecutable(true);
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOME", work.toString());
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("DOCKER_CONFIG", Files.createDirectories(work.resolve("docker")).toString());
        env.put("FERRY_COMPLETE_WAIT_MS", "30000"); // this machine is busy with tests: the deadline is tested on its own below
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) registry.close();
        TempDirs.deleteRecursively(work);
    }

    private static Path script(String name) {
        return Path.of("completions", name).toAbsolutePath();
    }

    /** What bash's completion function leaves in COMPREPLY for this line, one a line. */
    private static List<String> bash(String line) {
        String s = "cd '" + work + "' && source '" + script("ferry.bash") + "' && COMP_LINE='" + line + "' && COMP_POINT=${#COMP_LINE}"
                + " && read -ra COMP_WORDS <<< \"$COMP_LINE\" && COMP_CWORD=${#COMP_WORDS[@]} && _ferry && printf '%s\\n' \"${COMPREPLY[@]}\"";
        ProcessResult r = Tools.run(Duration.ofSeconds(60), List.of("bash", "-c", s), env);
        assertTrue(r.ok(), r::describe);
        return r.stdout().lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsOptionsValuesNamesRepositoriesAndTags() {
        ProcessResult p = Tools.run(Duration.ofSeconds(20), List.of("bash", "-c", "source '" + script("ferry.bash") + "' && complete -p ferry"), env);
        assertEquals("complete -F _ferry ferry", p.stdout().strip(), p::describe);
        assertEquals(List.of("sync"), bash("ferry sy"));
        assertEquals(List.of("ls", "stats", "prune", "clear"), bash("ferry cache "));
        assertTrue(bash("ferry copy --pl").contains("--platform"));
        assertTrue(bash("ferry copy --platform ").contains("linux/arm64"));
        assertEquals(List.of("none", "lz4", "xz", "squash", "squash-xz"), bash("ferry save --compress "));
        assertEquals(List.of("text", "json"), bash("ferry tags -o "));
        assertEquals(List.of("gz", "nj"), bash("ferry sync img.lst --from ").stream().sorted().toList());
        assertEquals(List.of("containerd", "containerd:k8s.io", "docker", "gz", "nj"), bash("ferry sync img.lst --to ").stream().sorted().toList());
        assertEquals(List.of("k8s.io"), bash("ferry load meta.yaml --to containerd:")); // bash replaces what follows the :
        assertEquals(List.of("@gz/", "@nj/"), bash("ferry copy @").stream().sorted().toList());
        assertEquals(List.of("@nj/demo/hello", "@nj/demo/other"), bash("ferry inspect @nj/demo/"));
        // bash replaces only what follows the word's last : (COMP_WORDBREAKS), so that is what it is given
        assertEquals(List.of("1.0", "2.0"), bash("ferry copy @nj/demo/hello:").stream().sorted().toList());
        String port = registry.host().substring(registry.host().indexOf(':') + 1);
        assertEquals(List.of(port + "/demo/hello", port + "/demo/other"), bash("ferry tags " + registry.host() + "/d"));
    }

    @Test
    void theRegistryIsAskedOnceWhileItsAnswerIsFresh() {
        assertEquals(List.of("@nj/demo/other"), bash("ferry tags @nj/demo/o"));
        long catalogs = registry.countRequests("GET", "/v2/_catalog.*");
        assertEquals(List.of("@nj/demo/hello", "@nj/demo/other"), bash("ferry tags @nj/"));
        assertEquals(catalogs, registry.countRequests("GET", "/v2/_catalog.*"), "the second Tab read the cache");
    }

    @Test
    void fishCompletesFromTheSameModel() {
        Tools.require("fish");
        String s = "cd '" + work + "'; source '" + script("ferry.fish") + "'; complete -C 'ferry sy'; echo ==;"
                + " complete -C 'ferry save --compress '; echo ==; complete -C 'ferry sync --from '; echo ==;"
                + " complete -C 'ferry copy @nj/demo/'; echo ==; complete -C 'ferry tags @nj/demo/hello:'";
        ProcessResult r = Tools.run(Duration.ofSeconds(90), List.of("fish", "--no-config", "-c", s), env);
        assertTrue(r.ok(), r::describe);
        List<List<String>> parts = new ArrayList<>();
        parts.add(new ArrayList<>());
        for (String l : r.stdout().lines().toList()) {
            if (l.equals("==")) parts.add(new ArrayList<>());
            else parts.get(parts.size() - 1).add(l.split("\t")[0]);
        }
        assertEquals(List.of("sync"), parts.get(0), r::describe);
        assertEquals(List.of("lz4", "none", "squash", "squash-xz", "xz"), parts.get(1), r::describe);
        assertEquals(List.of("gz", "nj"), parts.get(2).stream().sorted().toList(), r::describe);
        assertEquals(List.of("@nj/demo/hello", "@nj/demo/other"), parts.get(3), r::describe);
        assertEquals(List.of("@nj/demo/hello:1.0", "@nj/demo/hello:2.0"), parts.get(4), r::describe);
    }

    @Test
    void zshCompletesNativelyInARealTerminal() throws Exception {
        Tools.require("zsh");
        Path zdot = Files.createDirectories(work.resolve("zdot"));
        Files.writeString(zdot.resolve(".zshrc"), "fpath=(" + script("_ferry").getParent() + " $fpath)\n"
                + "autoload -U compinit && compinit -u -d " + zdot.resolve(".zcompdump") + "\nPROMPT='%% '\ncd '" + work + "'\n");
        String socket = terminal("zsh", List.of("ZDOTDIR=" + zdot, "zsh", "-i"));
        try {
            waitFor(socket, "%");
            type(socket, "ferry sy\t");
            assertTrue(waitFor(socket, "ferry sync").contains("% ferry sync"));
            newLine(socket, "%");
            type(socket, "ferry save --compress \t");
            String screen = waitFor(socket, "lz4");
            assertTrue(screen.contains("none") && screen.contains("xz"), screen);
            newLine(socket, "%");
            type(socket, "ferry copy @nj/demo/\t");
            screen = waitFor(socket, "@nj/demo/other");
            assertTrue(screen.contains("@nj/demo/hello"), screen);
            newLine(socket, "%");
            type(socket, "ferry copy @nj/demo/hello:\t");
            screen = waitFor(socket, "2.0");
            assertTrue(screen.contains("1.0"), screen);
        } finally {
            Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "kill-server"));
        }
    }

    /** readline as a person meets it: what it inserts and lists, which COMPREPLY alone does not show (an @ kept in the word). */
    @Test
    void bashCompletesInARealTerminal() throws Exception {
        Path rc = Files.writeString(work.resolve("bashrc"), "PS1='$ '\nsource '" + script("ferry.bash") + "'\ncd '" + work + "'\n");
        String socket = terminal("bash", List.of("bash", "--noprofile", "--rcfile", rc.toString(), "-i"));
        try {
            waitFor(socket, "$");
            type(socket, "ferry copy @n\t");
            assertTrue(waitFor(socket, "$ ferry copy @nj/").contains("$ ferry copy @nj/"));
            type(socket, "demo/\t\t");
            String screen = waitFor(socket, "@nj/demo/other");
            assertTrue(screen.contains("@nj/demo/hello") && screen.contains("$ ferry copy @nj/demo/"), screen);
            type(socket, "h\t");
            waitFor(socket, "$ ferry copy @nj/demo/hello");
            type(socket, ":\t\t");
            screen = waitFor(socket, "2.0");
            assertTrue(screen.contains("1.0") && screen.contains("$ ferry copy @nj/demo/hello:"), screen);
        } finally {
            Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "kill-server"));
        }
    }

    /** A tmux session running {@code command} (after env's assignments) in this test's environment; its socket name. */
    private static String terminal(String name, List<String> command) {
        Tools.require("tmux");
        String socket = "ferry-" + name + "-" + ProcessHandle.current().pid();
        List<String> envArgs = new ArrayList<>(List.of("env", "-i", "TERM=xterm"));
        env.forEach((k, v) -> envArgs.add(k + "=" + v));
        envArgs.addAll(command);
        List<String> start = new ArrayList<>(List.of("tmux", "-L", socket, "new-session", "-d", "-x", "100", "-y", "20"));
        start.add(String.join(" ", envArgs.stream().map(a -> "'" + a + "'").toList()));
        assertTrue(Tools.run(Duration.ofSeconds(20), start).ok());
        return socket;
    }

    /** Ctrl-C, then a clear screen with a fresh prompt. */
    private static void newLine(String socket, String prompt) throws InterruptedException {
        assertTrue(Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "send-keys", "C-c")).ok());
        Thread.sleep(300);
        assertTrue(Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "send-keys", "C-l")).ok());
        for (int i = 0; i < 50 && !Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "capture-pane", "-p")).stdout().strip().equals(prompt); i++) {
            Thread.sleep(100);
        }
    }

    private static void type(String socket, String keys) {
        assertTrue(Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "send-keys", "-l", keys)).ok());
    }

    private static String waitFor(String socket, String text) throws InterruptedException {
        String screen = "";
        for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end; Thread.sleep(100)) {
            screen = Tools.run(Duration.ofSeconds(10), List.of("tmux", "-L", socket, "capture-pane", "-p")).stdout();
            if (screen.contains(text)) return screen;
        }
        throw new AssertionError("no '" + text + "' on the screen:\n" + screen);
    }

    @Test
    void aSlowRegistrysAnswerIsThereForTheNextTab() throws Exception {
        try (FaultProxy slow = FaultProxy.start(registry.url())) {
            slow.delay("GET", "/v2/_catalog.*", Duration.ofMillis(2500), 10);
            Map<String, String> quick = new HashMap<>(env);
            quick.remove("FERRY_COMPLETE_WAIT_MS");
            List<String> ask = List.of(work.resolve("bin/ferry").toString(), "__complete", "image", slow.host() + "/");
            ProcessResult first = Tools.run(Duration.ofSeconds(30), ask, quick);
            assertEquals("", first.stdout(), first::describe);
            // the question went on in the background, whose output the shell does not wait for
            assertTrue(first.elapsed().toMillis() < CompleteCommand.DEADLINE.toMillis() + 1500, () -> "took " + first.elapsed());
            ProcessResult later = first;
            for (long end = System.nanoTime() + Duration.ofSeconds(40).toNanos(); System.nanoTime() < end && later.stdout().isEmpty(); ) {
                Thread.sleep(500);
                later = Tools.run(Duration.ofSeconds(30), ask, quick);
            }
            assertEquals(List.of(slow.host() + "/demo/hello", slow.host() + "/demo/other"), later.stdout().lines().sorted().toList(), later::describe);
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerGivesNothingWithinASecond() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept()); // accepted, never answered
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> quick = new HashMap<>(env);
            quick.remove("FERRY_COMPLETE_WAIT_MS");
            ProcessResult r = Tools.run(Duration.ofSeconds(30), List.of(work.resolve("bin/ferry").toString(), "__complete", "image",
                    "127.0.0.1:" + silent.getLocalPort() + "/"), quick);
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals("", r.stdout() + r.stderr(), r::describe);
            // the deadline counts from the process's start; what is left is the JVM's exit
            assertTrue(r.elapsed().toMillis() < CompleteCommand.DEADLINE.toMillis() + 1500, () -> "took " + r.elapsed());
            for (Socket s : held) s.close();
        }
    }
}
