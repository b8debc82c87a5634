package dev.ferry.registry;

import dev.ferry.ref.Text;

import java.time.Duration;

/** Told before a request is tried again, so front ends can show it; and of what does not fail a request but should be known. */
@FunctionalInterface
public interface RetryListener {
    RetryListener NONE = (operation, attempt, delay, reason) -> {};

    void retrying(String operation, int attempt, Duration delay, String reason);

    /** The same, with what is retried and why as catalogue texts (for a face to write in the person's language). */
    default void retrying(Text operation, int attempt, Duration delay, Text reason) {
        retrying(operation.english(), attempt, delay, reason.english());
    }

    /**
     * Something the person should know that does not stop the work (plain HTTP to a remote registry), said once; a
     * catalogue text, for a face to write in the person's language.
     */
    default void warning(Text message) {
    }
}
