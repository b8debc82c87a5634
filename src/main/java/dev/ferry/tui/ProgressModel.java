package dev.ferry.tui;

import dev.ferry.app.JobEvent;
import dev.ferry.app.JobKind;
import dev.ferry.app.JobSnapshot;
import dev.ferry.app.JobSubscriber;
import dev.ferry.app.Messages;
import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of one job for the release screen. As a {@link JobSubscriber} it is fed on a session thread and only
 * appends to its log and raises a flag ({@code changed}, which must not block); the screen asks for a
 * {@link #view} on the GUI thread, at most a few times a second, built from the job's own snapshot (the rows, bytes
 * and speed are the session's, not counted again here).
 */
final class ProgressModel implements JobSubscriber {
    static final int LOG_LINES = 2000;

    private final Messages m;
    private final EventLog lines;
    private final JobKind kind;
    private final String title;
    private final long invalidLines;
    private final Runnable changed;
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final Map<String, long[]> speeds = new HashMap<>(); // image -> {nanos, bytes, bytes per second}; GUI thread only

    /**
     * @param invalidLines lines of the list that are no image (image-transmit counts them as Invalid)
     * @param changed      told after each event, on the session's thread: it must only take note
     */
    ProgressModel(Messages m, JobKind kind, String title, long invalidLines, Runnable changed) {
        this.m = m;
        this.lines = new EventLog(m, kind);
        this.kind = kind;
        this.title = title;
        this.invalidLines = invalidLines;
        this.changed = changed;
    }

    @Override public void onSnapshot(JobSnapshot snapshot) {
        changed.run();
    }

    @Override public void onEvent(JobEvent event) {
        String line = lines.line(event.event());
        if (line != null) add(line);
        if (event.event() instanceof Event.JobFinished j) {
            for (ImageResult r : j.result().images()) {
                if (!r.ok()) add("  " + m.get("tui.release.log_failure", shortName(r.image()), m.title(r.kind()), r.error()));
            }
        }
        changed.run();
    }

    /** Adds a line of the UI's own (the job could not start, a pack was opened). */
    void note(String text) {
        add(lines.stamp(text));
        changed.run();
    }

    private synchronized void add(String line) {
        log.addLast(line);
        while (log.size() > LOG_LINES) log.removeFirst();
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** What to draw now, from the job's snapshot {@code s}; call on the GUI thread. */
    ProgressView view(JobSnapshot s) {
        long now = System.nanoTime();
        List<ProgressView.Row> rows = new ArrayList<>();
        List<ProgressView.Failure> failures = new ArrayList<>();
        long invalid = invalidLines, success = 0, failed = 0, doing = 0;
        for (JobSnapshot.ImageProgress i : s.images()) {
            ImageResult r = i.result();
            if (r != null && r.status() == ImageResult.Status.INVALID) invalid++;
            else if (r != null && r.ok()) success++;
            else if (r != null) failed++;
            else if (i.phase() != JobSnapshot.Phase.WAITING) doing++;
            if (r != null && !r.ok()) failures.add(new ProgressView.Failure(i.image(), m.title(r.kind()), r.error()));
            rows.add(new ProgressView.Row(shortName(i.source().isEmpty() ? i.image() : i.source()), state(i), tone(i),
                    i.bytesDone(), i.bytesTotal(), speed(i, now)));
        }
        double rate = s.bytesPerSecond();
        boolean down = kind != JobKind.LOAD && kind != JobKind.CHECK, up = kind != JobKind.SAVE && kind != JobKind.CHECK;
        var counters = new ProgressView.Counters(invalid, s.images().size(), success, failed, doing, down ? rate : 0, up ? rate : 0);
        return new ProgressView(title, List.copyOf(rows), counters, s.bytesDone(), s.bytesTotal(), rate, s.eta(),
                Duration.between(s.started(), Instant.now()), s.finished(), s.cancelled(), log(), List.copyOf(failures));
    }

    /** An image's speed, smoothed over the views: its bytes since the last view, over the time between them. */
    private double speed(JobSnapshot.ImageProgress i, long now) {
        long[] sp = speeds.computeIfAbsent(i.image(), k -> new long[]{now, i.bytesDone(), 0});
        if (i.phase() == JobSnapshot.Phase.FINISHED) return 0;
        long dt = now - sp[0];
        if (dt >= 200_000_000L) {
            double instant = (i.bytesDone() - sp[1]) / (dt / 1e9);
            sp[2] = (long) (sp[2] == 0 ? instant : (sp[2] + instant) / 2);
            sp[0] = now;
            sp[1] = i.bytesDone();
        }
        return sp[2];
    }

    private String state(JobSnapshot.ImageProgress i) {
        if (i.result() == null) {
            return switch (i.phase()) {
                case WAITING -> m.get("tui.release.state_waiting");
                case RESOLVED -> m.get("tui.release.state_resolved");
                case MOVING, FINISHED -> m.get("tui.release.state_moving");
            };
        }
        return switch (i.result().status()) {
            case COPIED -> m.get("tui.release.state_copied");
            case UP_TO_DATE -> m.get("tui.release.state_up_to_date");
            case PLANNED -> m.get("tui.release.state_found");
            case INVALID -> m.get("tui.release.state_missing");
            case FAILED -> m.get("tui.release.state_failed");
            case CANCELLED -> m.get("tui.release.state_stopped");
        };
    }

    private static ProgressView.Tone tone(JobSnapshot.ImageProgress i) {
        if (i.result() != null) return i.result().ok() ? ProgressView.Tone.GOOD : ProgressView.Tone.BAD;
        return i.phase() == JobSnapshot.Phase.WAITING ? ProgressView.Tone.PLAIN : ProgressView.Tone.BUSY;
    }

    /** A source without its registry ({@code corpus/debian:12}): the row is narrow, the registry is the one chosen. */
    static String shortName(String image) {
        String s = image;
        int arrow = s.indexOf(" -> ");
        if (arrow > 0) s = s.substring(0, arrow);
        int slash = s.indexOf('/');
        if (slash > 0) {
            String first = s.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) s = s.substring(slash + 1);
        }
        return s;
    }
}
