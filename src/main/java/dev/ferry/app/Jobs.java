package dev.ferry.app;

import dev.ferry.cache.BlobSightings;
import dev.ferry.engine.Engine;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.engine.TransferSlots;
import dev.ferry.registry.ConnectionGate;
import dev.ferry.spi.RepositoryLocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs of a session: numbers them, runs each on the session's threads with an engine that
 * takes its connection slots from the session's gate, and knows which are still running.
 */
final class Jobs {
    /** Finished jobs kept for {@code jobs()} (a shell's "jobs" command); older ones are forgotten. */
    private static final int KEEP_FINISHED = 50;

    private final ExecutorService executor;
    private final ConnectionGate gate;
    private final BlobSightings sightings;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<Job> jobs = new ArrayList<>();

    /** The work of a job around (or instead of) its engine run. */
    @FunctionalInterface
    interface Body {
        JobResult run(Engine engine, EventListener events) throws Exception;
    }

    Jobs(ExecutorService executor, ConnectionGate gate, BlobSightings sightings) {
        this.executor = executor;
        this.gate = gate;
        this.sightings = sightings;
    }

    PendingJob prepare(JobKind kind, String title, JobSubscriber first) {
        return new PendingJob(String.valueOf(ids.incrementAndGet()), kind, title, executor, first);
    }

    /** Starts the engine on {@code tasks}. */
    Job start(PendingJob p, List<ImageTask> tasks, int parallel, int retries, boolean dryRun, Runnable cleanup) {
        return start(p, tasks, parallel, retries, dryRun, cleanup, (engine, l) -> engine.run(tasks));
    }

    /** Starts {@code body} on a session thread; {@code cleanup} runs when it ends, before the job completes. */
    Job start(PendingJob p, List<ImageTask> tasks, int parallel, int retries, boolean dryRun, Runnable cleanup, Body body) {
        p.expect(tasks);
        Engine engine = new Engine(new Engine.Settings(parallel, retries, Duration.ofSeconds(1), dryRun), p.listener(), executor, this::lease, sightings);
        CompletableFuture<JobResult> f = new CompletableFuture<>();
        Object lock = new Object();
        Thread[] runner = new Thread[1];
        boolean[] over = new boolean[1];
        Runnable cancel = () -> {
            engine.cancel();
            p.scope.cancel();
            synchronized (lock) {
                if (runner[0] != null) runner[0].interrupt(); // a long phase outside the engine (verifying a pack) stops too
            }
        };
        Job job = new Job(p.id, p.kind, p.title, p.events, f, cancel);
        synchronized (jobs) {
            jobs.add(job);
            prune();
        }
        executor.execute(() -> {
            synchronized (lock) {
                runner[0] = Thread.currentThread();
            }
            JobResult r = null;
            Throwable failure = null;
            try {
                r = body.run(engine, p.listener());
            } catch (Throwable e) {
                failure = e;
            } finally {
                synchronized (lock) {
                    runner[0] = null;
                    over[0] = true;
                }
                Thread.interrupted(); // a cancel's interrupt stays with this job
                try {
                    cleanup.run();
                } catch (RuntimeException e) {
                    if (failure == null) failure = e;
                }
                p.events.end(engine.isCancelled());
            }
            if (failure != null) f.completeExceptionally(failure);
            else f.complete(r);
        });
        return job;
    }

    /** The slots of one blob transfer: one at its source's registry, one at its target's (two when they are the same). */
    private TransferSlots.Lease lease(ImageTask t, java.util.function.BooleanSupplier cancelled) throws InterruptedException {
        Map<String, Integer> need = new TreeMap<>();
        t.source().location().map(RepositoryLocation::registry).ifPresent(r -> need.merge(r, 1, Integer::sum));
        t.sink().location().map(RepositoryLocation::registry).ifPresent(r -> need.merge(r, 1, Integer::sum));
        if (need.isEmpty()) return () -> { };
        ConnectionGate.Lease l = gate.lease(need, cancelled);
        return l::close;
    }

    private void prune() {
        int finished = 0;
        for (int i = jobs.size() - 1; i >= 0; i--) {
            if (jobs.get(i).isDone() && ++finished > KEEP_FINISHED) jobs.remove(i);
        }
    }

    List<Job> all() {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
    }

    Optional<Job> get(String id) {
        return all().stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** Cancels every running job and waits up to {@code timeout} for them to end; true when all ended. */
    boolean cancelAll(Duration timeout) throws InterruptedException {
        List<Job> running = all().stream().filter(j -> !j.isDone()).toList();
        running.forEach(Job::cancel);
        long end = System.nanoTime() + timeout.toNanos();
        for (Job j : running) {
            long left = end - System.nanoTime();
            if (left <= 0 || j.await(Duration.ofNanos(left)) == null) return false;
        }
        return true;
    }

    /** Ends the session's threads (after {@link #cancelAll}). */
    void shutdown() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2, TimeUnit.SECONDS);
    }
}
