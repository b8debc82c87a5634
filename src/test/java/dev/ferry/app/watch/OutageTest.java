package dev.ferry.app.watch;

import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outage state a watch's rounds move on: one beginning, one end, backoff, and failures that no later round would cure told once. */
class OutageTest {
    private static int n;

    private static RoundReport round(RoundReport.Failure... failed) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * ++n);
        return new RoundReport(n, t, t.plusSeconds(1), 1, List.of(), List.of(failed), false, null);
    }

    static final RoundReport.Failure DOWN = new RoundReport.Failure("nj/app", ErrorKind.NETWORK, "connection refused");
    static final RoundReport.Failure GONE = new RoundReport.Failure("nj/app:v3 -> gz/app:v3", ErrorKind.NOT_FOUND, "manifest unknown");

    @Test
    void anOutageBeginsOnceContinuesSilentlyAndEndsOnce() {
        Outage o = new Outage();
        assertEquals(Outage.Change.NONE, o.after(round()));
        assertEquals(Outage.Change.BEGAN, o.after(round(DOWN)));
        assertEquals("connection refused", o.reason());
        assertEquals(Outage.Change.CONTINUES, o.after(round(DOWN)));
        assertEquals(Outage.Change.CONTINUES, o.after(round(DOWN)));
        assertEquals(3, o.failedRounds());
        assertEquals(Outage.Change.ENDED, o.after(round()));
        assertEquals(3, o.lastRounds());
        assertEquals(Duration.ofSeconds(181), o.lastLength(), "from the first failing round's start to the recovering round's end");
        assertFalse(o.active());
    }

    @Test
    void backsOffDoublingUpToTheCap() {
        Outage o = new Outage();
        Duration i = Duration.ofSeconds(60);
        Duration cap = Duration.ofMinutes(10);
        assertEquals(i, o.delay(i, cap));
        List<Long> seen = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            o.after(round(DOWN));
            seen.add(o.delay(i, cap).toSeconds());
        }
        assertEquals(List.of(120L, 240L, 480L, 600L, 600L, 600L), seen);
        assertEquals(i, o.delay(i, Duration.ofSeconds(1)), "a cap below the interval is the interval");
    }

    @Test
    void aFailureNoLaterRoundWouldCureIsToldOnceAndIsNoOutage() {
        Outage o = new Outage();
        assertEquals(Outage.Change.NONE, o.after(round(GONE)));
        assertEquals(List.of(GONE), o.freshFailures());
        assertEquals(Outage.Change.NONE, o.after(round(GONE)));
        assertEquals(List.of(), o.freshFailures(), "told once");
        assertEquals(Duration.ofSeconds(60), o.delay(Duration.ofSeconds(60), Duration.ofMinutes(10)), "no backoff for it");
        assertEquals(Outage.Change.BEGAN, o.after(round(GONE, DOWN)));
        assertEquals("connection refused", o.reason());
        assertEquals(Outage.Change.ENDED, o.after(round()));
        assertEquals(Outage.Change.NONE, o.after(round(GONE)));
        assertEquals(List.of(GONE), o.freshFailures(), "back after a round without it: told again");
        assertTrue(Outage.passing(DOWN) && !Outage.passing(GONE));
    }
}
