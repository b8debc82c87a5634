package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    static final int SAMPLES = 500;

    static LongSummaryStatistics sample(RetryPolicy p, int attempt) {
        return IntStream.range(0, SAMPLES).mapToLong(i -> p.delay(attempt, null).toMillis()).summaryStatistics();
    }

    @Test
    void delaysStayWithinTheJitterBoundsOfEachStep() {
        RetryPolicy p = RetryPolicy.DEFAULT;   // 500 ms, doubling, capped at 20 s
        long[] steps = {500, 1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000};
        for (int attempt = 1; attempt <= steps.length; attempt++) {
            long step = steps[attempt - 1];
            LongSummaryStatistics s = sample(p, attempt);
            assertTrue(s.getMin() >= step / 4, "attempt " + attempt + ": " + s);
            assertTrue(s.getMax() <= step, "attempt " + attempt + ": " + s);
        }
    }

    @Test
    void delaysGrow() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        // the shortest pause of a later retry is at least the longest of the first one
        assertTrue(sample(p, 3).getMin() >= sample(p, 1).getMax());
        assertTrue(sample(p, 5).getMin() >= sample(p, 3).getMax());
        // and on average they double
        double a2 = sample(p, 2).getAverage();
        double a4 = sample(p, 4).getAverage();
        assertTrue(a4 > 3 * a2, a2 + " -> " + a4);
    }

    @Test
    void delaysAreCapped() {
        RetryPolicy p = new RetryPolicy(100, Duration.ofMillis(100), Duration.ofSeconds(3));
        for (int attempt : new int[] {6, 10, 17, 30, 64, 100}) {
            LongSummaryStatistics s = sample(p, attempt);
            assertTrue(s.getMax() <= 3000, "attempt " + attempt + ": " + s);
            assertTrue(s.getMin() >= 750, "attempt " + attempt + ": " + s);
        }
    }

    @Test
    void delaysAreJittered() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) seen.add(RetryPolicy.DEFAULT.delay(3, null).toMillis());
        assertTrue(seen.size() > 20, "expected spread-out delays, got " + seen);
    }

    @Test
    void retryAfterIsHonoured() {
        assertEquals(Duration.ofSeconds(7), RetryPolicy.DEFAULT.delay(1, Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(7), RetryPolicy.DEFAULT.delay(3, Duration.ofSeconds(7)), "regardless of the attempt");
        assertEquals(Duration.ofMillis(1500), RetryPolicy.DEFAULT.delay(1, Duration.ofMillis(1500)));
        assertEquals(Duration.ZERO, RetryPolicy.DEFAULT.delay(2, Duration.ZERO));
    }

    @Test
    void retryAfterIsWaitedForUpToFiveMinutesAndALongerOneIsNot() {
        assertEquals(Duration.ofSeconds(80), RetryPolicy.DEFAULT.delay(1, Duration.ofSeconds(80)), "beyond the backoff's own maximum");
        assertEquals(Duration.ofMinutes(5), RetryPolicy.DEFAULT.delay(1, Duration.ofMinutes(5)));
        assertTrue(RetryPolicy.waitsFor(null));
        assertTrue(RetryPolicy.waitsFor(Duration.ofMinutes(5)));
        assertFalse(RetryPolicy.waitsFor(Duration.ofMinutes(5).plusSeconds(1)), "a longer wait fails at once instead of sleeping");
        assertEquals(RetryPolicy.MAX_RETRY_AFTER, RetryPolicy.DEFAULT.delay(1, Duration.ofHours(1)), "never sleeps longer than the cap");
    }

    @Test
    void negativeRetryAfterMeansNow() {
        assertEquals(Duration.ZERO, RetryPolicy.DEFAULT.delay(1, Duration.ofSeconds(-5)));
    }

    @Test
    void noneNeverWaits() {
        assertEquals(0, RetryPolicy.NONE.retries());
        for (int attempt = 1; attempt < 5; attempt++) assertEquals(Duration.ZERO, RetryPolicy.NONE.delay(attempt, null));
    }

    @Test
    void withRetriesAndValidation() {
        RetryPolicy p = RetryPolicy.DEFAULT.withRetries(7);
        assertEquals(7, p.retries());
        assertEquals(RetryPolicy.DEFAULT.initialDelay(), p.initialDelay());
        assertEquals(RetryPolicy.DEFAULT.maxDelay(), p.maxDelay());
        assertThrows(IllegalStateException.class, () -> RetryPolicy.DEFAULT.withRetries(-1)); // the flags refuse a negative count first: only ferry's own code can get here
    }
}
