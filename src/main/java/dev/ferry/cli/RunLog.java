package dev.ferry.cli;

import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The log file of a run: one timestamped line per image resolved, blob moved, retry and result.
 * Built from engine events only, so it never sees a password or token.
 */
final class RunLog implements EventListener, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final PrintWriter out;
    private final Path file;

    private RunLog(Path file, PrintWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Opens {@code explicit}, or {@code data/ferry-COMMAND-YYYYMMDD-HHMMSS.log}; null (with a warning) when it cannot be written. */
    static RunLog open(Path explicit, String command, PrintWriter warnings) {
        Path file = explicit != null ? explicit
                : Path.of("data", "ferry-" + command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
            return new RunLog(file, w);
        } catch (IOException e) {
            warnings.println("ferry: warning: cannot write the log file " + file + " (" + e.getMessage() + "); going on without it");
            return null;
        }
    }

    Path file() { return file; }

    void line(String s) {
        synchronized (out) {
            out.println("[" + LocalDateTime.now().format(TIME) + "] " + s);
        }
    }

    @Override public void on(Event e) {
        if (e instanceof Event.JobStarted j) line("job started: " + j.images() + " images");
        else if (e instanceof Event.ImageResolved r) line("resolved " + r.image() + ": " + r.digest() + " " + String.join(",", r.platforms())
                + " " + r.blobs() + " blobs " + Format.bytes(r.bytes()));
        else if (e instanceof Event.BlobDone d) line("blob " + d.digest().shortForm() + " (" + Format.bytes(d.size()) + ") "
                + d.outcome().name().toLowerCase() + " for " + d.image());
        else if (e instanceof Event.Warning w) line("warning: " + w.message());
        else if (e instanceof Event.Retrying r) line("retry " + r.attempt() + " after " + r.delay().toMillis() + " ms: " + r.operation() + ": " + r.reason());
        else if (e instanceof Event.ImageFinished f) {
            ImageResult r = f.result();
            line(r.status().name().toLowerCase() + " " + r.source() + " -> " + r.target()
                    + (r.targetDigest() == null ? "" : " " + r.targetDigest())
                    + " moved " + r.bytesMoved() + " B, skipped " + r.bytesSkipped() + " B in " + String.format("%.1f", r.seconds()) + " s"
                    + (r.error() == null ? "" : ": " + r.error()));
        } else if (e instanceof Event.JobFinished j) {
            JobResult r = j.result();
            line("job finished in " + String.format("%.1f", r.seconds()) + " s: " + r.images().size() + " images, " + r.failed() + " failed"
                    + (r.cancelled() ? " (cancelled)" : ""));
        }
    }

    @Override public void close() {
        out.close();
    }
}
