package dev.ferry.app.watch;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the watch is in an outage: from the first round that failed to the next that did not.
 * Each round moves it on; what it says decides what is told (one notice when an outage begins, one
 * when it ends, none for the rounds in between) and how long the watch waits (backing off).
 */
public final class Outage {
    /** What a round changed. */
    public enum Change { NONE, BEGAN, CONTINUES, ENDED }

    private Instant since;
    private int failedRounds;
    private String reason;

    /** Moves on with the round's report. */
    public synchronized Change after(RoundReport r) {
        if (r.cancelled()) return since == null ? Change.NONE : Change.CONTINUES;
        if (!r.ok()) {
            failedRounds++;
            if (since == null) {
                since = r.started();
                reason = r.reason();
                return Change.BEGAN;
            }
            return Change.CONTINUES;
        }
        if (since == null) return Change.NONE;
        lastLength = Duration.between(since, r.ended());
        lastRounds = failedRounds;
        since = null;
        failedRounds = 0;
        reason = null;
        return Change.ENDED;
    }

    private Duration lastLength = Duration.ZERO;
    private int lastRounds;

    public synchronized boolean active() { return since != null; }

    public synchronized Instant since() { return since; }

    /** Rounds failed in a row (0 when none is failing). */
    public synchronized int failedRounds() { return failedRounds; }

    /** The reason the outage began with. */
    public synchronized String reason() { return reason; }

    /** How long the last outage that ended lasted, and how many rounds failed in it. */
    public synchronized Duration lastLength() { return lastLength; }

    public synchronized int lastRounds() { return lastRounds; }

    /**
     * How long to wait before the next round: the interval, doubled for each round failed in a
     * row, at most {@code cap} (and never less than the interval).
     */
    public synchronized Duration delay(Duration interval, Duration cap) {
        if (failedRounds == 0) return interval;
        Duration max = cap.compareTo(interval) < 0 ? interval : cap;
        Duration d = interval;
        for (int i = 0; i < failedRounds && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(max) > 0 ? max : d;
    }
}
