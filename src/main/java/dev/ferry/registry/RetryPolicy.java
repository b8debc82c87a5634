package dev.ferry.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to try again: exponential backoff with full jitter, capped, and a
 * registry's {@code Retry-After} honoured up to {@link #MAX_RETRY_AFTER}; a registry that asks
 * for a longer wait is not waited for in silence: the request fails at once, saying how long.
 */
public record RetryPolicy(int retries, Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(20));
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);
    /** The longest {@code Retry-After} that is waited for. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    public RetryPolicy {
        if (retries < 0) throw new IllegalStateException("retries must not be negative"); // --retries and cfg.yaml are checked first
    }

    public RetryPolicy withRetries(int n) { return new RetryPolicy(n, initialDelay, maxDelay); }

    /** Whether a registry's {@code Retry-After} (null: none) is short enough to wait for. */
    public static boolean waitsFor(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(MAX_RETRY_AFTER) <= 0;
    }

    /**
     * The pause before retry number {@code attempt} (1-based); {@code retryAfter} overrides when
     * given (never more than {@link #MAX_RETRY_AFTER}: callers fail a longer one, see {@link #waitsFor}).
     */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return Duration.ofMillis(Math.min(Math.max(retryAfter.toMillis(), 0), MAX_RETRY_AFTER.toMillis()));
        }
        long base = initialDelay.toMillis() << Math.min(Math.max(attempt, 1) - 1, 16);
        long capped = Math.min(base, maxDelay.toMillis());
        // full jitter, never below a quarter of the step so retries do not bunch up at zero
        long low = capped / 4;
        return Duration.ofMillis(low + ThreadLocalRandom.current().nextLong(Math.max(1, capped - low + 1)));
    }
}
