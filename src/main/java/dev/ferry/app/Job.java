package dev.ferry.app;

import dev.ferry.engine.JobResult;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job of a session: watch it ({@link #subscribe}, {@link #snapshot}), wait for it, or stop it.
 * Its result says how each image ended; a job never fails as a whole for one image's sake.
 */
public final class Job {
    private final String id;
    private final JobKind kind;
    private final String title;
    private final JobEvents events;
    private final CompletableFuture<JobResult> result;
    private final Runnable canceller;

    Job(String id, JobKind kind, String title, JobEvents events, CompletableFuture<JobResult> result, Runnable canceller) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.events = events;
        this.result = result;
        this.canceller = canceller;
    }

    /** The job's number in its session ("1", "2", …). */
    public String id() { return id; }

    public JobKind kind() { return kind; }

    /** A line saying what the job does ("copy a -> b", "sync 12 images to gz"). */
    public String title() { return title; }

    /**
     * Stops the job: HTTP calls in flight are aborted, waits are woken, and no manifest or tag is
     * written after this; the job then ends with its images cancelled. Safe to call at any time,
     * more than once, from any thread.
     */
    public void cancel() { canceller.run(); }

    public boolean isDone() { return result.isDone(); }

    /** The job's end, read-only: completes with the result (cancelled jobs too), or exceptionally when it could not run at all. */
    public CompletionStage<JobResult> completion() { return result.minimalCompletionStage(); }

    /** Every image with its state and bytes, the totals, speed and time left, as of now. */
    public JobSnapshot snapshot() { return events.snapshot(); }

    /** Attaches a subscriber: it first gets the current snapshot, then every later event (see {@link JobSubscriber}). */
    public Subscription subscribe(JobSubscriber subscriber) { return events.subscribe(subscriber); }

    /**
     * Waits until every subscriber has been handed every event so far (after {@link #await}: the
     * last lines of a progress display, before a report is printed); false when {@code timeout} passed first.
     */
    public boolean drain(Duration timeout) throws InterruptedException { return events.drainAll(timeout); }

    /** Waits for the end and returns the result. */
    public JobResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** Waits at most {@code timeout}; null when the job is still running then. */
    public JobResult await(Duration timeout) throws InterruptedException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) return re;
        if (c instanceof Error err) throw err;
        if (c instanceof java.io.IOException io) return new java.io.UncheckedIOException(io.getMessage(), io);
        return new IllegalStateException(c);
    }

    @Override public String toString() { return "job " + id + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + "): " + title; }
}
