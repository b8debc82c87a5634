package dev.ferry.engine;

import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * At most {@code max} of one job's tasks at a time, in the order of its queue, on threads of an
 * executor shared by every job of a session. {@link #cancel()} refuses new tasks and interrupts
 * the running ones; tasks already queued still run, so that their futures complete (they see the
 * job's cancellation and end at once). The shared threads go back to their pool when the queue is empty.
 */
final class BoundedExecutor implements Executor {
    private final Executor base;
    private final int max;
    private final Queue<Runnable> queue;
    private final Set<Thread> running = new HashSet<>();
    private int workers;
    private boolean shutdown;

    BoundedExecutor(Executor base, int max, Queue<Runnable> queue) {
        if (max < 1) throw new IllegalStateException("max must be at least 1, not " + max); // the engine passes 1 or more
        this.base = base;
        this.max = max;
        this.queue = queue;
    }

    @Override public void execute(Runnable task) {
        synchronized (this) {
            if (shutdown) throw new RejectedExecutionException("cancelled"); // each caller turns it into a cancelled result
            queue.add(task);
            if (workers >= max) return;
            workers++;
        }
        try {
            base.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                workers--;
                queue.remove(task);
            }
            throw e;
        }
    }

    private void drain() {
        Thread me = Thread.currentThread();
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    workers--;
                    running.remove(me);
                    Thread.interrupted(); // an interrupt meant for this job stays with it
                    return;
                }
                running.add(me);
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // a task reports its own failure through its future
            }
        }
    }

    /** Refuses new tasks and interrupts the running ones. */
    synchronized void cancel() {
        shutdown = true;
        for (Thread t : running) t.interrupt();
    }
}
