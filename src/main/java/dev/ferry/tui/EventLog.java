package dev.ferry.tui;

import dev.ferry.app.JobKind;
import dev.ferry.app.Messages;
import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A job's events as the lines of the log pane, image-transmit's way: a time, then what happened, in the person's language.
 * What kind of job it is (a check moves nothing, whatever its images' outcome) comes from the job's kind, never from the
 * outcomes.
 */
final class EventLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Messages m;
    private final JobKind kind;

    EventLog(Messages m, JobKind kind) {
        this.m = m;
        this.kind = kind;
    }

    /** The line of an event, or null for those the log leaves out (progress of a blob, a phase still going). */
    String line(Event e) {
        String text = text(e);
        return text == null ? null : stamp(text);
    }

    String stamp(String text) {
        return "[" + LocalTime.now().format(TIME) + "] " + text;
    }

    /** The image as the log names it: its source without the registry, which is the one chosen. */
    private static String n(String image) {
        return ProgressModel.shortName(image);
    }

    private String text(Event e) {
        if (e instanceof Event.JobStarted s) return m.get("tui.release.log_started", m.count(s.images(), Messages.Noun.IMAGE));
        if (e instanceof Event.ImageResolved r) return m.get("tui.release.log_resolved", n(r.image()), String.join(" ", r.platforms()), m.count(r.blobs(), Messages.Noun.BLOB), Units.size(r.bytes()));
        if (e instanceof Event.BlobDone d) {
            String blob = d.digest().toString().substring(0, Math.min(19, d.digest().toString().length()));
            return switch (d.outcome()) {
                case COPIED -> m.get("tui.release.log_blob_copied", blob, Units.size(d.size()), n(d.image()));
                case EXISTS, MOUNTED -> m.get("tui.release.log_blob_there", blob, Units.size(d.size()), n(d.image()));
                case PLANNED, SHARED -> null;
            };
        }
        if (e instanceof Event.Retrying r) return m.get("tui.release.log_retry", n(r.image()), r.operation(), r.reason(), r.attempt());
        if (e instanceof Event.Warning w) return m.get("tui.release.log_warning", w.image().isEmpty() ? "-" : n(w.image()), w.shown());
        if (e instanceof Event.Checking c) return c.done() >= c.total() ? m.get("tui.release.log_checked", m.text(c.what())) : null;
        if (e instanceof Event.ImageFinished f) return finished(f.result());
        if (e instanceof Event.JobFinished j) {
            var r = j.result();
            if (r.cancelled()) return m.get("tui.release.log_job_stopped", m.count(r.images().size(), Messages.Noun.IMAGE), r.failed());
            // a check (Verify) moved nothing: its bytes are what a transfer would move
            return m.get(kind == JobKind.CHECK ? "tui.release.log_check_done" : "tui.release.log_job_done", m.count(r.images().size(), Messages.Noun.IMAGE), r.failed(), Units.size(r.bytesMoved()));
        }
        return null;
    }

    private String finished(ImageResult r) {
        return switch (r.status()) {
            case COPIED -> m.get("tui.release.log_image_copied", n(r.image()), Units.size(r.bytesMoved()));
            case UP_TO_DATE -> m.get("tui.release.log_image_up_to_date", n(r.image()));
            case PLANNED -> m.get("tui.release.log_image_found", n(r.image()));
            case INVALID, FAILED, CANCELLED -> m.get("tui.release.log_image_failed", n(r.image()), m.title(r.kind()), r.error());
        };
    }
}
