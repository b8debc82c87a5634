package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry --version}: the version, the commit the build was made from and the Java that runs it. */
class VersionTest {

    @Test
    void namesVersionCommitAndTheJavaRunningIt() {
        FerryCli.Result v = new FerryCli().run("--version");
        assertEquals(0, v.exit(), v::toString);
        List<String> lines = v.out().lines().toList();
        assertEquals(3, lines.size(), v::toString);
        assertTrue(lines.get(0).startsWith("ferry " + dev.ferry.app.Version.get() + " (commit "), v::toString);
        assertTrue(!dev.ferry.app.Version.get().equals("dev"), "the build filtered version.properties");
        ProcessResult head = Tools.run(Duration.ofSeconds(10), List.of("git", "rev-parse", "--short=12", "HEAD"));
        if (head.ok()) {
            // built in this checkout: git describe --long always carries the commit's hash
            assertTrue(lines.get(0).contains(head.stdout().strip()), () -> v + " names HEAD " + head.stdout());
        } else {
            assertTrue(lines.get(0).endsWith("(commit unknown)"), v::toString);
        }
        assertEquals("Java " + System.getProperty("java.runtime.version") + " from " + System.getProperty("java.vendor")
                + ", at " + System.getProperty("java.home"), lines.get(1));
        assertTrue(lines.get(2).startsWith(System.getProperty("os.name") + " "), v::toString);
    }
}
