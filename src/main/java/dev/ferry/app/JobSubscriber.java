package dev.ferry.app;

/**
 * Receives a job's progress, on a thread of the session that is never a transfer's: first the
 * snapshot of the job at the moment it subscribed, then every event after it, in order, with
 * consecutive progress of one blob merged. A subscriber that is slow only falls behind; one that
 * throws is logged once and goes on receiving. Neither changes the job.
 */
@FunctionalInterface
public interface JobSubscriber {
    /** The state of the job when this subscriber attached; called once, before any event. */
    default void onSnapshot(JobSnapshot snapshot) { }

    void onEvent(JobEvent event);
}
