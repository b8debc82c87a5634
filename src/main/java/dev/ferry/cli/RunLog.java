package dev.ferry.cli;

import dev.ferry.app.Messages;
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
    private final Messages messages;

    private RunLog(Path file, PrintWriter out, Messages messages) {
        this.file = file;
        this.out = out;
        this.messages = messages;
    }

    /** Opens {@code explicit}, or {@code data/ferry-COMMAND-YYYYMMDD-HHMMSS.log}; null (with a warning) when it cannot be written. */
    static RunLog open(Path explicit, String command, PrintWriter warnings, Messages messages) {
        Path file = explicit != null ? explicit
                : Path.of("data", "ferry-" + command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
            return new RunLog(file, w, messages);
        } catch (IOException e) {
            warnings.println(messages.get("log.cannot_write", file, e.getMessage()));
            return null;
        }
    }

    Path file() { return file; }

    void line(String s) {
        synchronized (out) {
            out.println("[" + now() + "] " + s);
        }
    }

    private long stampSecond = Long.MIN_VALUE;
    private String stamp;

    /** The time of a line, to the second: formatted once a second, not once a line (a job writes several lines a blob). */
    private String now() {
        long second = System.currentTimeMillis() / 1000;
        if (second != stampSecond) {
            stampSecond = second;
            stamp = LocalDateTime.now().format(TIME);
        }
        return stamp;
    }

    @Override public void on(Event e) {
        if (e instanceof Event.JobStarted j) line(messages.get("log.job_started", messages.count(j.images(), Messages.Noun.IMAGE)));
        else if (e instanceof Event.ImageResolved r) {
            line(messages.get("log.resolved", r.image(), r.digest(), String.join(",", r.platforms()), messages.count(r.blobs(), Messages.Noun.BLOB), Format.bytes(r.bytes())));
        } else if (e instanceof Event.BlobDone d) line(blobLine(d));
        else if (e instanceof Event.Warning w) line(messages.get("log.warning", w.shown()));
        else if (e instanceof Event.Retrying r) line(messages.get("log.retry", r.attempt(), r.delay().toMillis(), r.operationText(), r.reasonText()));
        else if (e instanceof Event.ImageFinished f) line(imageLine(f.result()));
        else if (e instanceof Event.JobFinished j) {
            JobResult r = j.result();
            Object[] args = {dev.ferry.app.Units.decimals(r.seconds(), 1), messages.count(r.images().size(), Messages.Noun.IMAGE), r.failed()};
            line(r.cancelled() ? messages.get("log.job_finished_cancelled", args) : messages.get("log.job_finished", args));
        }
    }

    private String blobLine(Event.BlobDone d) {
        Object[] args = {d.digest().shortForm(), Format.bytes(d.size()), d.image()};
        return switch (d.outcome()) {
            case COPIED -> messages.get("log.blob_copied", args);
            case EXISTS -> messages.get("log.blob_exists", args);
            case MOUNTED -> messages.get("log.blob_mounted", args);
            case PLANNED -> messages.get("log.blob_planned", args);
            case SHARED -> messages.get("log.blob_shared", args);
        };
    }

    private String imageLine(ImageResult r) {
        Object[] args = {status(r.status()), r.source(), r.target(), r.targetDigest() == null ? "" : " " + r.targetDigest(),
                r.bytesMoved(), r.bytesSkipped(), dev.ferry.app.Units.decimals(r.seconds(), 1), r.errorText()};
        return r.error() == null ? messages.get("log.image", args) : messages.get("log.image_error", args);
    }

    private String status(ImageResult.Status s) {
        return switch (s) {
            case COPIED -> messages.get("log.status.copied");
            case UP_TO_DATE -> messages.get("log.status.up_to_date");
            case PLANNED -> messages.get("log.status.planned");
            case INVALID -> messages.get("log.status.invalid");
            case FAILED -> messages.get("log.status.failed");
            case CANCELLED -> messages.get("log.status.cancelled");
        };
    }

    @Override public void close() {
        out.close();
    }
}
