package dev.ferry.app.watch;

import dev.ferry.spi.ErrorKind;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the watch is in an outage: from the first round that failed to the next that did not.
 * Each round moves it on; what it says decides what is told (one notice when an outage begins, one
 * when it ends, none for the rounds in between) and how long the watch waits (backing off).
 *
 * <p>Only what may pass makes an outage: a registry down, refusing, limiting or failing, the
 * network, a full disk. A failure that the next round would meet the same way — an image that is
 * gone, a manifest ferry cannot copy, bad input — is told once, when it first appears
 * ({@link #freshFailures()}), and neither makes nor prolongs an outage nor slows the watch down.
 */
public final class Outage {
    /** What a round changed. */
    public enum Change { NONE, BEGAN, CONTINUES, ENDED }

    /** Kinds a later round would meet the same way: they are reported, but are no outage. */
    static final Set<ErrorKind> LASTING = EnumSet.of(ErrorKind.NOT_FOUND, ErrorKind.UNSUPPORTED, ErrorKind.BAD_INPUT, ErrorKind.DIGEST_MISMATCH);

    private Instant since;
    private int failedRounds;
    private String reason;
    private Set<String> lasting = new HashSet<>();
    private List<RoundReport.Failure> fresh = List.of();

    /** Whether {@code f} is of a kind that makes an outage. */
    public static boolean passing(RoundReport.Failure f) {
        return f.kind() == null || !LASTING.contains(f.kind());
    }

    /** Moves on with the round's report. */
    public synchronized Change after(RoundReport r) {
        Set<String> now = new HashSet<>();
        List<RoundReport.Failure> first = new ArrayList<>();
        RoundReport.Failure passing = null;
        for (RoundReport.Failure f : r.failed()) {
            if (passing(f)) {
                if (passing == null) passing = f;
                continue;
            }
            String key = f.what() + "\n" + f.kind() + "\n" + f.reason();
            if (now.add(key) && !lasting.contains(key)) first.add(f);
        }
        if (!r.cancelled()) lasting = now;
        fresh = List.copyOf(first);
        if (r.cancelled()) return since == null ? Change.NONE : Change.CONTINUES;
        if (passing != null) {
            failedRounds++;
            if (since == null) {
                since = r.started();
                reason = passing.reason();
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

    /** The failures of the last round that cannot pass and were not in the round before: each is told once. */
    public synchronized List<RoundReport.Failure> freshFailures() { return fresh; }

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
