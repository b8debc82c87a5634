package dev.ferry.app;

import java.time.Duration;

/** A subscriber's attachment to a job. */
public interface Subscription extends AutoCloseable {
    /**
     * Waits until the subscriber has been handed everything sent to it so far (the last events of a
     * finished job, before a report is printed); false when {@code timeout} passed first.
     */
    boolean drain(Duration timeout) throws InterruptedException;

    /** Stops the deliveries; events already queued are dropped. */
    @Override void close();
}
