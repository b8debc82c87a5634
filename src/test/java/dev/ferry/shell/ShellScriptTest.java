package dev.ferry.shell;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Script mode: {@code ferry shell FILE}, {@code -c} and standard input run without a prompt, stop at the first failing
 * command with its line number and exit status, and go on after {@code set errexit off}. One registry, ~5 s.
 */
@Timeout(90)
class ShellScriptTest {
    static Path work;
    static RegistryServer registry;
    final ShellRun ferry = new ShellRun();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-shell-script-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 40_000, false);
        registry = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), "one", registry.host() + "/app/web:1.0", Options.plain(), true);
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) registry.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void aScriptStopsAtTheFirstFailingCommandWithItsLineNumberAndExitStatus() throws IOException {
        Path script = work.resolve("release.fsh");
        Files.writeString(script, "# a release procedure\nopen " + registry.host() + "\n\nls app/web\ninspect app/web:nope\nls\n");
        ShellRun.Result r = ferry.run("shell", script.toString());
        assertEquals(1, r.exit(), r::toString);
        assertEquals("1.0\n", r.out(), r::toString); // the ls after the failure did not run
        assertTrue(r.err().contains(script + ":5: inspect: exit status 1"), r::toString);
        assertTrue(r.err().startsWith("ferry: "), r::toString);
    }

    @Test
    void badUsageStopsTheScriptWithExitStatus2() {
        ShellRun.Result r = ferry.run("shell", "-c", "open " + registry.host() + "; cd app; copy :1.0; ls");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("-c:3: copy: exit status 2"), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void errexitOffGoesOnAndTheLastCommandsStatusCounts() {
        ShellRun.Result r = ferry.run("shell", "-c", "set errexit off; open " + registry.host() + "; inspect app/web:nope; ls app/web");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("1.0\n", r.out(), r::toString);
        assertTrue(r.err().contains("ferry: "), r::toString);
        assertTrue(!r.err().contains("exit status"), r::toString);
    }

    @Test
    void standardInputThatIsNotATerminalIsAScriptToo() {
        ShellRun.Result r = ferry.withInput("open " + registry.host() + "/app\npwd\nls\nnosuchcommand\nls\n", "shell");
        assertEquals(2, r.exit(), r::toString);
        assertEquals(registry.host() + "/app\nweb\n", r.out(), r::toString);
        assertTrue(r.err().contains("<stdin>:4: nosuchcommand: exit status 2"), r::toString);
    }

    @Test
    void aHeredocIsTheStandardInputOfTheCommandBeforeIt() {
        ShellRun.Result r = ferry.withInput("plan --from " + registry.host() + " --to 127.0.0.1:5999 <<EOF\n"
                + "app/web:1.0\nlibrary/x:2 -> other/x:2\nEOF\npwd\n", "shell");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains(registry.host() + "/app/web:1.0 -> 127.0.0.1:5999/app/web:1.0"), r::toString);
        assertTrue(r.out().contains("127.0.0.1:5999/other/x:2"), r::toString);
        assertTrue(r.out().endsWith("(no registry open)\n"), r::toString);
    }

    @Test
    void theShellInsideTheShellIsRefused() {
        ShellRun.Result r = ferry.run("shell", "-c", "shell");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("you are in the shell already"), r::toString);
    }
}
