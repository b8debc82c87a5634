package dev.ferry.registry;

import java.time.Duration;

/** Told before a request is tried again, so front ends can show it. */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (operation, attempt, delay, reason) -> {};

    void retrying(String operation, int attempt, Duration delay, String reason);
}
