package dev.ferry.shell;

import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tab completion against a real registry (names from cfg.yaml, repositories from _catalog, tags from tags/list) and
 * against an unreachable one (a closed loopback port): no candidates within 300 ms and not a word of error. Through a
 * real JLine reader on a dumb terminal; bounded, ~5 s.
 */
@Timeout(60)
class ShellCompletionTest {
    static Path work;
    static RegistryServer registry;
    static Path cfg;
    static long longestMillis;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-shell-complete-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 30_000, false);
        registry = RegistryServer.builder().start();
        for (String ref : List.of("corpus/debian:bookworm", "corpus/debian:bullseye", "corpus/python:3.12", "tools/jq:1.7")) {
            Skopeo.pushOciDir(work.resolve("images"), "one", registry.host() + "/" + ref, Options.plain(), true);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // closed again when the test asks it: nothing listens there
        }
        cfg = work.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"http://" + registry.host() + "\"\n  name: nj\ntarget:\n- registry: \"http://127.0.0.1:" + closed
                + "\"\n  name: gone\n");
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) registry.close();
        TempDirs.deleteRecursively(work);
        System.out.println("ShellCompletionTest: the longest completion took " + longestMillis + " ms");
    }

    /** A shell and a JLine reader on a dumb terminal whose every output byte the test sees. */
    record Rig(Shell shell, ShellCompleter completer, LineReader reader, ByteArrayOutputStream screen, Session session) implements AutoCloseable {
        List<String> complete(String line) {
            List<Candidate> out = new ArrayList<>();
            completer.complete(reader, new DefaultParser().parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE), out);
            longestMillis = Math.max(longestMillis, completer.longestMillis());
            return out.stream().map(Candidate::value).distinct().sorted().toList();
        }

        /**
         * As the person pressing Tab again: the first Tab may come back empty when the registry's answer takes longer
         * than the cache waits (a loaded machine); it arrives in the background for the next one. Two seconds at most.
         */
        List<String> eventually(String line) throws InterruptedException {
            long deadline = System.nanoTime() + 2_000_000_000L;
            List<String> got = complete(line);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                got = complete(line);
            }
            return got;
        }

        @Override public void close() {
            shell.close();
            session.close();
        }
    }

    static Rig rig() throws IOException {
        Session session = Session.builder(Map.of()).config(ConfigLoader.load(cfg, Map.of())).build();
        Shell shell = new Shell(session, Map.of(), "en_US");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        DumbTerminal t = new DumbTerminal(new ByteArrayInputStream(new byte[0]), screen);
        var nul = new PrintWriter(java.io.Writer.nullWriter());
        var tree = ShellTree.build(shell, shell.context(nul, nul, InputStream.nullInputStream()));
        ShellCompleter c = new ShellCompleter(shell, () -> tree);
        LineReader reader = LineReaderBuilder.builder().terminal(t).completer(c).build();
        shell.reader = reader;
        return new Rig(shell, c, reader, screen, session);
    }

    @Test
    void registryNamesRepositoriesAndTagsComeFromCfgAndTheRegistry() throws Exception {
        try (Rig r = rig()) {
            assertEquals(List.of("@gone", "@nj"), r.complete("open @"));
            assertEquals(List.of("@gone/", "@nj/"), r.complete("inspect @"));
            assertEquals(List.of("@nj/corpus/debian", "@nj/corpus/python", "@nj/tools/jq"), r.eventually("inspect @nj/"));
            assertEquals(List.of("@nj/corpus/debian:bookworm", "@nj/corpus/debian:bullseye"), r.eventually("inspect @nj/corpus/debian:b"));
            r.shell.state.open("@nj", r.session.settings().names());
            assertEquals(List.of("corpus/debian", "corpus/python", "tools/jq"), r.eventually("cd "));
            r.shell.state.cd("corpus");
            assertEquals(List.of("debian", "python"), r.eventually("ls "));
            assertEquals(List.of("debian:bookworm", "debian:bullseye"), r.eventually("ls debian:"));
            assertEquals(List.of("debian:bookworm", "debian:bullseye"), r.eventually("inspect debian:b"));
            assertEquals(List.of("debian", "python"), r.eventually("copy "));
            r.shell.state.cd("debian");
            assertEquals(List.of(":bookworm", ":bullseye"), r.eventually("copy :"));
            assertEquals(List.of("nj", "gone").stream().sorted().toList(), r.complete("sync img.lst --to "));
            assertEquals(List.of("linux/amd64"), r.eventually("copy :bookworm @gone --platform "));
            assertTrue(r.complete("").containsAll(List.of("copy", "sync", "ls", "cd", "diff", "jobs", "fg", "exit")));
            assertTrue(r.complete("copy --").containsAll(List.of("--platform", "--dry-run", "--output")));
            assertEquals(List.of("JSON", "TEXT"), r.complete("tags -o ").stream().map(s -> s.toUpperCase()).sorted().toList());
            assertTrue(r.completer.longestMillis() < 300, r.completer.longestMillis() + " ms");
            assertEquals("", r.screen.toString(), "completion prints nothing itself");
        }
    }

    @Test
    void anUnreachableRegistryGivesNoCandidatesWithin300MsAndNoErrorText() throws IOException {
        java.io.PrintStream realErr = System.err, realOut = System.out;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        try (Rig r = rig()) {
            System.setErr(new java.io.PrintStream(stray, true));
            System.setOut(new java.io.PrintStream(stray, true));
            r.shell.state.open("@gone", r.session.settings().names());
            for (String line : List.of("cd ", "ls corpus/", "copy @gone/x:", "inspect @gone/")) {
                long start = System.nanoTime();
                List<String> got = r.complete(line);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(List.of(), got, line);
                assertTrue(ms < 300, line + ": " + ms + " ms");
            }
            // what was typed before in this session still completes
            r.reader.getHistory().add("inspect @gone/app/web:3.2");
            assertEquals(List.of("@gone/app/web:3.2"), r.complete("inspect @gone/app/w"));
            Thread.sleep(1500); // the background look-ups end (refused) meanwhile: still nothing printed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        assertEquals("", stray.toString(), "no error text anywhere");
    }
}
