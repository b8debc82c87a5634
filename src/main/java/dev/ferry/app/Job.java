package dev.ferry.app;

import dev.ferry.engine.Engine;
import dev.ferry.engine.JobResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A running transfer: wait for it, or cancel it. Events go to the listener given when it started. */
public final class Job {
    private final Engine engine;
    private final CompletableFuture<JobResult> result;

    Job(Engine engine, CompletableFuture<JobResult> result) {
        this.engine = engine;
        this.result = result;
    }

    /** Stops the job: transfers are abandoned, nothing half-copied gets tagged. */
    public void cancel() { engine.cancel(); }

    public boolean isDone() { return result.isDone(); }

    /** Waits for the end and returns the result. */
    public JobResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    public CompletableFuture<JobResult> future() { return result; }
}
