package dev.ferry.app;

import java.time.Duration;
import java.time.Instant;

/**
 * What a registry last said of its pull limit (Docker Hub's {@code ratelimit-limit} / {@code ratelimit-remaining}):
 * {@code limit} pulls (0 when not said) per {@code window} (null when not said), {@code remaining} of them left when
 * {@code seen}; {@code freeAt} is when a spent limit gives a pull back.
 */
public record PullLimit(String registry, int limit, int remaining, Duration window, Instant seen, Instant freeAt) {
    /** A window or wait as a person reads it: {@code 6 h}, {@code 45 min}, {@code 30 s}. */
    public static String span(Duration d) {
        return dev.ferry.registry.PullLimits.human(d);
    }
}
