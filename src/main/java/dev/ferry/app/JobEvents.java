package dev.ferry.app;

import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The hub of one job's events. The engine hands each event to {@link #on} on its own thread; the
 * hub numbers it, folds it into the job's state and puts it in each subscriber's queue, all under
 * one lock, so a subscriber that attaches late gets a snapshot and exactly the events after it.
 * Each queue is emptied by one task at a time on the session's threads: a subscriber never runs
 * on a transfer thread, sees its events in order, and a slow one only lets its queue grow (blob
 * progress merges while it waits).
 */
final class JobEvents implements EventListener {
    private static final System.Logger LOG = System.getLogger("dev.ferry");

    private final String jobId;
    private final Executor executor;
    private final JobProgress progress;
    private final List<Queue> queues = new CopyOnWriteArrayList<>();
    private long seq;

    JobEvents(String jobId, JobKind kind, List<String[]> images, Executor executor) {
        this.jobId = jobId;
        this.executor = executor;
        this.progress = new JobProgress(jobId, kind, images);
    }

    @Override public void on(Event e) {
        synchronized (this) {
            seq++;
            progress.apply(seq, e);
            JobEvent je = new JobEvent(jobId, seq, e);
            for (Queue q : queues) q.add(je);
        }
    }

    /** Names images (name, source, target) before any event about them, so a snapshot lists them in order. */
    synchronized void expect(List<String[]> images) {
        progress.expect(images);
    }

    synchronized JobSnapshot snapshot() {
        return progress.snapshot();
    }

    /** Marks the job over (when it ended without the engine's own last event). */
    synchronized void end(boolean cancelled) {
        progress.end(cancelled);
    }

    /** Waits until every subscriber has been handed every event so far; false when {@code timeout} passed first. */
    boolean drainAll(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Queue q : queues) {
            if (!q.drain(Duration.ofNanos(Math.max(0, end - System.nanoTime())))) return false;
        }
        return true;
    }

    Subscription subscribe(JobSubscriber s) {
        Queue q = new Queue(s);
        synchronized (this) {
            q.addSnapshot(progress.snapshot());
            queues.add(q);
        }
        return q;
    }

    /** One subscriber's queue, emptied by at most one task at a time. */
    private final class Queue implements Subscription {
        private final JobSubscriber subscriber;
        private final Deque<Object> items = new ArrayDeque<>();
        private boolean scheduled;
        private boolean closed;
        private boolean failedOnce;

        Queue(JobSubscriber subscriber) {
            this.subscriber = subscriber;
        }

        synchronized void addSnapshot(JobSnapshot s) {
            items.add(s);
            schedule();
        }

        synchronized void add(JobEvent e) {
            if (closed) return;
            if (e.event() instanceof Event.BlobProgress p && items.peekLast() instanceof JobEvent last
                    && last.event() instanceof Event.BlobProgress lp && lp.image().equals(p.image()) && lp.digest().equals(p.digest())) {
                items.pollLast();
                e = new JobEvent(e.jobId(), e.seq(), new Event.BlobProgress(p.image(), p.digest(), lp.bytes() + p.bytes()));
            }
            items.add(e);
            schedule();
        }

        private void schedule() {
            if (scheduled || closed) return;
            scheduled = true;
            try {
                executor.execute(this::drainQueue);
            } catch (RejectedExecutionException ex) {
                scheduled = false; // the session is closing: nobody is left to tell
            }
        }

        private void drainQueue() {
            while (true) {
                Object next;
                synchronized (this) {
                    next = closed ? null : items.poll();
                    if (next == null) {
                        scheduled = false;
                        notifyAll();
                        return;
                    }
                }
                try {
                    if (next instanceof JobSnapshot s) subscriber.onSnapshot(s);
                    else subscriber.onEvent((JobEvent) next);
                } catch (RuntimeException | Error ex) {
                    if (!failedOnce) {
                        failedOnce = true;
                        LOG.log(System.Logger.Level.WARNING, "a subscriber of job " + jobId + " failed (the job goes on; this is said once): " + ex, ex);
                    }
                }
            }
        }

        @Override public synchronized boolean drain(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while ((scheduled || !items.isEmpty()) && !closed) {
                long left = end - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        @Override public void close() {
            synchronized (this) {
                closed = true;
                items.clear();
                notifyAll();
            }
            queues.remove(this);
        }
    }
}
