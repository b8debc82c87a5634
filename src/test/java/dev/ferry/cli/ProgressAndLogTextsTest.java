package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact English lines of the progress printer and the run log, for the events of a job with
 * every outcome: what a person (and a script reading a CI log) sees must not change by accident.
 */
class ProgressAndLogTextsTest {
    static final Digest TOP = Digest.parse("sha256:" + "ab".repeat(32));
    static final Digest BLOB = Digest.parse("sha256:" + "cd".repeat(32));

    @TempDir Path dir;

    static ImageResult result(String name, ImageResult.Status status, Digest target, String error) {
        return new ImageResult("r/" + name, "src/" + name + ":1", "dst/" + name + ":1", status, TOP, target, List.of("linux/amd64"),
                2, 1, 1, 3 * 1024 * 1024 + 5, 1536, 12.34, error);
    }

    static final List<ImageResult> RESULTS = List.of(
            result("a", ImageResult.Status.COPIED, TOP, null),
            result("b", ImageResult.Status.UP_TO_DATE, TOP, null),
            result("c", ImageResult.Status.PLANNED, null, null),
            result("d", ImageResult.Status.INVALID, null, "manifest unknown"),
            result("e", ImageResult.Status.FAILED, null, "HTTP 500 from push blob"),
            result("f", ImageResult.Status.CANCELLED, null, "cancelled"));

    static List<Event> events() {
        List<Event> es = new java.util.ArrayList<>();
        es.add(new Event.JobStarted(12345));
        es.add(new Event.ImageResolved("r/a", TOP, List.of("linux/amd64", "linux/arm64"), 3, 2048));
        es.add(new Event.BlobDone("r/a", BLOB, 1024, Event.BlobOutcome.COPIED));
        es.add(new Event.BlobDone("r/a", BLOB, 1024, Event.BlobOutcome.EXISTS));
        es.add(new Event.BlobDone("r/a", BLOB, 1024, Event.BlobOutcome.MOUNTED));
        es.add(new Event.BlobDone("r/a", BLOB, 1024, Event.BlobOutcome.PLANNED));
        es.add(new Event.Warning("r/a", "cache: not caching blob, it doesn't fit"));
        es.add(new Event.Retrying("r/a", "push blob " + BLOB.shortForm(), 2, Duration.ofMillis(1500), "HTTP 503"));
        for (ImageResult r : RESULTS) es.add(new Event.ImageFinished(r));
        es.add(new Event.JobFinished(new JobResult(RESULTS, 1234.5, false)));
        es.add(new Event.JobFinished(new JobResult(RESULTS, 0.25, true)));
        return es;
    }

    ProgressPrinter printer(PrintWriter err, boolean interactive, boolean lineEvents) {
        return new ProgressPrinter(err, Messages.english(), interactive, lineEvents);
    }

    RunLog openLog(Path file, PrintWriter warnings) {
        return RunLog.open(file, "test", warnings, Messages.english());
    }

    @Test
    void batchProgressInACiLog() {
        StringWriter sw = new StringWriter();
        try (ProgressPrinter p = printer(new PrintWriter(sw), false, true)) {
            events().forEach(p::on);
        }
        List<String> lines = sw.toString().lines().toList();
        assertEquals(List.of(
                "warning: cache: not caching blob, it doesn't fit",
                "retry 2 in 1.5 s: push blob sha256:cdcdcdcdcdcd: HTTP 503",
                "copied     src/a:1 -> dst/a:1  sha256:abababababab  3.0 MB moved, 1.5 KB skipped, 12.3 s",
                "up to date src/b:1 -> dst/b:1  sha256:abababababab  3.0 MB moved, 1.5 KB skipped, 12.3 s",
                "would copy src/c:1 -> dst/c:1    3.0 MB moved, 1.5 KB skipped, 12.3 s",
                "invalid src/d:1 -> dst/d:1: manifest unknown",
                "failed  src/e:1 -> dst/e:1: HTTP 500 from push blob",
                "failed  src/f:1 -> dst/f:1: cancelled"), lines.subList(0, lines.size() - 1));
        String status = lines.get(lines.size() - 1);
        assertTrue(status.matches("Invalid:1 Total:12345 Success:3 Failed:2 Doing:12339 Down:[0-9.]+ [KMGT]?B/s Up:[0-9.]+ [KMGT]?B/s, "
                + "Total Down:0 B Up:1.0 KB Time:[0-9.]+ s"), status);
    }

    @Test
    void barsOnATerminal() {
        StringWriter sw = new StringWriter();
        try (ProgressPrinter p = printer(new PrintWriter(sw), true, false)) {
            p.on(new Event.JobStarted(2));
            p.on(new Event.ImageResolved("reg/app/web:1", TOP, List.of("linux/amd64"), 2, 2048));
            p.on(new Event.BlobProgress("reg/app/web:1", BLOB, 1024));
            p.on(new Event.Warning("", "w"));
        }
        String[] parts = sw.toString().split("\n", -1);
        assertEquals("\r\033[Jwarning: w", parts[0]);
        assertEquals("  [#####.....]  50%    1.0 KB / 2.0 KB    reg/app/web:1", parts[1]);
        // no ETA before the speed has been measured for a few seconds (it said "8 min" on the first tick)
        assertTrue(parts[2].matches("(?s)images 0/2 done, 0 failed  1.0 KB read  [0-9.]+ [KMGT]?B/s  [0-9.]+ s\\r.*"), parts[2]);
    }

    /** A load's check (a squash pack's layers rebuilt and pushed take most of its time) is a bar of its bytes, not a silent "0/0 done". */
    @Test
    void aLongCheckBeforeTheImagesIsABarOfItsBytesUntilItIsDone() {
        StringWriter sw = new StringWriter();
        Text what = Text.of("load.checking", "img_full_1_meta.yaml");
        try (ProgressPrinter p = printer(new PrintWriter(sw), true, false)) {
            p.on(new Event.Checking("", what, 1024, 4096, "bytes"));
            p.on(new Event.Warning("", "w"));
            p.on(new Event.Checking("", what, 4096, 4096, "bytes"));
            p.on(new Event.Warning("", "v"));
        }
        String out = sw.toString();
        String[] parts = out.split("\n", -1);
        assertEquals("\r\033[Jwarning: w", parts[0]);
        assertEquals("  [###.......]  25%    1.0 KB / 4.0 KB    check of img_full_1_meta.yaml", parts[1]);
        String after = out.substring(out.indexOf("warning: v"));
        assertFalse(after.contains("check of"), "the bar goes once the check is done: " + after);
        assertTrue(after.contains("images 0/0 done"), after);
    }

    @Test
    void linesFitTheTerminalAndNamesAreShortenedInTheMiddle() {
        ProgressLines lines = new ProgressLines(Messages.english());
        String name = "10.45.80.1/very/long/department/path/application:2026.11.3 -> 10.45.46.109/very/long/department/path/application:2026.11.3";
        for (int columns : new int[]{40, 80, 100, 200}) {
            String bar = lines.bar(name, 10, 20, columns);
            assertTrue(dev.ferry.app.DisplayWidth.of(bar) < columns, columns + ": " + bar);
            if (columns >= 80) assertTrue(bar.contains("/application:2026.11.3"), columns + ": " + bar);
        }
        assertTrue(lines.bar(name, 10, 20, 200).endsWith(name), "whole at 200 columns");
        assertTrue(lines.bar(name, 10, 20, 80).endsWith("  10.45.80.1/ver…/application:2026.11.3"), lines.bar(name, 10, 20, 80));
        assertEquals("10.45…/application:2026.11.3", ProgressLines.shorten("10.45.80.1/very/long/path/application:2026.11.3", 28));
        // wide characters take two columns
        assertEquals("仓库…/应用:1", dev.ferry.app.DisplayWidth.middle("仓库中心/部门/应用:1", 12));
        assertEquals(12, dev.ferry.app.DisplayWidth.of("仓库…/应用:1"));
    }

    @Test
    void theRunLog() throws IOException {
        Path file = dir.resolve("run.log");
        StringWriter warnings = new StringWriter();
        try (RunLog log = openLog(file, new PrintWriter(warnings))) {
            events().forEach(log::on);
        }
        assertEquals("", warnings.toString());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().allMatch(l -> l.matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d] .*")), lines::toString);
        assertEquals(String.join("\n",
                "job started: 12345 images",
                "resolved r/a: " + TOP + " linux/amd64,linux/arm64 3 blobs 2.0 KB",
                "blob sha256:cdcdcdcdcdcd (1.0 KB) copied for r/a",
                "blob sha256:cdcdcdcdcdcd (1.0 KB) exists for r/a",
                "blob sha256:cdcdcdcdcdcd (1.0 KB) mounted for r/a",
                "blob sha256:cdcdcdcdcdcd (1.0 KB) planned for r/a",
                "warning: cache: not caching blob, it doesn't fit",
                "retry 2 after 1500 ms: push blob sha256:cdcdcdcdcdcd: HTTP 503",
                "copied src/a:1 -> dst/a:1 " + TOP + " moved 3145733 B, skipped 1536 B in 12.3 s",
                "up_to_date src/b:1 -> dst/b:1 " + TOP + " moved 3145733 B, skipped 1536 B in 12.3 s",
                "planned src/c:1 -> dst/c:1 moved 3145733 B, skipped 1536 B in 12.3 s",
                "invalid src/d:1 -> dst/d:1 moved 3145733 B, skipped 1536 B in 12.3 s: manifest unknown",
                "failed src/e:1 -> dst/e:1 moved 3145733 B, skipped 1536 B in 12.3 s: HTTP 500 from push blob",
                "cancelled src/f:1 -> dst/f:1 moved 3145733 B, skipped 1536 B in 12.3 s: cancelled",
                "job finished in 1234.5 s: 6 images, 3 failed",
                "job finished in 0.3 s: 6 images, 3 failed (cancelled)"),
                lines.stream().map(l -> l.substring(22)).collect(Collectors.joining("\n")));
    }

    @Test
    void aLogThatCannotBeWrittenIsAWarning() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        StringWriter warnings = new StringWriter();
        RunLog log = openLog(notADir.resolve("run.log"), new PrintWriter(warnings, true));
        assertEquals(null, log);
        String w = warnings.toString().strip();
        assertTrue(w.startsWith("ferry: warning: cannot write the log file " + notADir.resolve("run.log") + " (")
                && w.endsWith("); going on without it"), w);
    }

    @Test
    void imagesThatFailBeforeTheEngineStartsAreCountedInTheTotal() {
        // a load whose images wait for a parent pack: they fail before the engine says how many it runs (here none)
        StringWriter sw = new StringWriter();
        try (ProgressPrinter p = printer(new PrintWriter(sw), false, true)) {
            for (String n : List.of("x", "y", "z")) p.on(new Event.ImageFinished(result(n, ImageResult.Status.FAILED, null, "load the parent pack first")));
            p.on(new Event.JobStarted(0));
        }
        String status = sw.toString().lines().filter(l -> l.startsWith("Invalid:")).reduce((a, b) -> b).orElseThrow();
        assertTrue(status.startsWith("Invalid:0 Total:3 Success:0 Failed:3 Doing:0 "), status);
    }
}
