package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed man pages render in man and groff without a warning, and say what --help says. */
@Timeout(120)
class ManPagesTest {

    private static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("man"))) {
            return s.filter(p -> p.toString().endsWith(".1")).sorted().toList();
        }
    }

    @Test
    void everyPageRendersWithoutWarnings() throws IOException {
        Tools.require("groff");
        Tools.require("man");
        List<Path> pages = pages();
        assertTrue(pages.size() >= 10, "ferry.1 and one page per command: " + pages);
        for (Path p : pages) {
            ProcessResult g = Tools.run(Duration.ofSeconds(30), List.of("groff", "-ww", "-man", "-Tutf8", p.toString()));
            assertTrue(g.ok() && g.stderr().isEmpty(), g::describe);
            ProcessResult m = Tools.run(Duration.ofSeconds(30), List.of("man", "-l", "--warnings", p.toString()), Map.of("MANWIDTH", "80"));
            assertTrue(m.ok() && m.stderr().isEmpty(), m::describe);
        }
    }

    @Test
    void aCommandsPageHasItsSynopsisOptionsAndExamples() {
        Tools.require("man");
        ProcessResult m = Tools.run(Duration.ofSeconds(30), List.of("man", "-l", "man/ferry-save.1"), Map.of("MANWIDTH", "80"));
        assertTrue(m.ok(), m::describe);
        String text = m.stdout();
        for (String expected : List.of("ferry save [OPTIONS] [LIST]", "--compress KIND", "-j, --parallel N",
                "ferry save release.lst --from nj --compress lz4", "ferry(1)")) {
            assertTrue(text.contains(expected), () -> "'" + expected + "' in\n" + text);
        }
        ProcessResult top = Tools.run(Duration.ofSeconds(30), List.of("man", "-l", "man/ferry.1"), Map.of("MANWIDTH", "80"));
        for (String c : List.of("ferry-copy(1)", "ferry-sync(1)", "ferry-cache-ls(1)")) assertTrue(top.stdout().contains(c), top::describe);
        assertEquals(-1, top.stdout().indexOf("__complete"), "hidden commands have no page");
    }
}
