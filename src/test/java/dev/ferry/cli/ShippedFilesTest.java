package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.ferry.cli.dist.GeneratedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the repository ships beside the code stays true: the example image, the README's quick start, completions. */
@Timeout(120)
class ShippedFilesTest {

    @Test
    void theExampleImageIsWhatItsScriptMakes(@TempDir Path tmp) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessResult r = Tools.run(Duration.ofMinutes(1), List.of(java.toString(), "examples/MakeHello.java", tmp.resolve("hello").toString()));
        assertEquals(0, r.exitCode(), r::describe);
        List<Path> made;
        try (Stream<Path> s = Files.walk(tmp.resolve("hello"))) {
            made = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (Stream<Path> s = Files.walk(Path.of("examples/hello"))) {
            assertEquals(made.size(), s.filter(Files::isRegularFile).count(), "same number of files");
        }
        for (Path p : made) {
            Path shipped = Path.of("examples/hello").resolve(tmp.resolve("hello").relativize(p).toString());
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(shipped), shipped + " is reproducible");
        }
    }

    @Test
    void theQuickStartCopyWorksAndSkopeoAgrees(@TempDir Path tmp) {
        Tools.require("skopeo");
        Path target = tmp.resolve("ferry-demo");
        FerryCli.Result r = new FerryCli().run("copy", "oci:examples/hello:1.0", "oci:" + target + ":1.0");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("platforms linux/amd64, linux/arm64/v8"), r::toString);
        ProcessResult original = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci:examples/hello:1.0"));
        ProcessResult copied = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci:" + target + ":1.0"));
        assertTrue(copied.ok(), copied::describe);
        assertEquals(Skopeo.digest(original.stdoutBytes()), Skopeo.digest(copied.stdoutBytes()));
        ProcessResult all = Skopeo.run(List.of("skopeo", "copy", "--all", "oci:" + target + ":1.0", "oci:" + tmp.resolve("check") + ":x"));
        assertTrue(all.ok(), all::describe);
    }

    @Test
    void theCommittedCompletionsAndManPagesMatchTheCommandTree() throws IOException {
        Map<Path, String> generated = GeneratedFiles.all();
        List<String> stale = new java.util.ArrayList<>();
        for (var e : generated.entrySet()) {
            Path p = e.getKey();
            if (!Files.isRegularFile(p) || !Files.readString(p).equals(e.getValue())) stale.add(p.toString());
        }
        try (Stream<Path> s = Files.list(Path.of("man"))) {
            s.filter(p -> !generated.containsKey(p)).forEach(p -> stale.add(p + " (no such command)"));
        }
        assertEquals(List.of(), stale, "completions/ and man/ are stale: regenerate them with " + GeneratedFiles.REGENERATE);
    }
}
