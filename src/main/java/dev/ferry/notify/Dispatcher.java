package dev.ferry.notify;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends notices to every channel on a thread of its own, so a slow or dead receiver never holds up
 * a transfer: {@link #submit} returns at once. Each channel gets each notice up to
 * {@code attempts} times, waiting {@code firstPause}, then twice as long, between tries; one that
 * still fails is reported to {@code failures} (with the channel's label, never its URL or token)
 * and dropped. At most {@link #QUEUE} notices wait; beyond that the oldest goes.
 */
public final class Dispatcher {
    static final int QUEUE = 100;

    /** A notice one channel did not take. */
    public record Failure(String channel, String event, int attempts, String reason) {}

    private final List<Channel> channels;
    private final int attempts;
    private final Duration firstPause;
    private final Consumer<Failure> failures;
    private final LinkedBlockingQueue<Notice> queue = new LinkedBlockingQueue<>(QUEUE);
    private final Thread worker;
    private final Object idle = new Object();
    /** Notices submitted and not yet delivered or given up: queued, or in the worker's hands. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closing;

    public Dispatcher(List<Channel> channels, int attempts, Duration firstPause, Consumer<Failure> failures) {
        this.channels = List.copyOf(channels);
        this.attempts = Math.max(1, attempts);
        this.firstPause = firstPause;
        this.failures = failures;
        this.worker = new Thread(this::work, "ferry-notify");
        worker.setDaemon(true);
        if (!this.channels.isEmpty()) worker.start();
    }

    public boolean isEmpty() {
        return channels.isEmpty();
    }

    /** Queues {@code n} for every channel. */
    public void submit(Notice n) {
        if (channels.isEmpty() || closing) return;
        pending.incrementAndGet();
        while (!queue.offer(n)) {
            if (queue.poll() != null) pending.decrementAndGet();
        }
    }

    /**
     * Waits up to {@code timeout} for what was submitted to be sent (or given up), then stops the
     * sender. Returns whether every notice was dealt with; {@code false} when time ran out first
     * (what was still waiting is neither delivered nor reported as failed).
     */
    public boolean close(Duration timeout) {
        closing = true;
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending.get() > 0 && worker.isAlive()) {
                long left = end - System.nanoTime();
                if (left <= 0) break;
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        boolean done = pending.get() == 0;
        worker.interrupt();
        return done;
    }

    private void work() {
        try {
            while (true) {
                Notice n = queue.poll(200, TimeUnit.MILLISECONDS);
                if (n == null) {
                    if (closing) return;
                    continue;
                }
                try {
                    for (Channel c : channels) deliver(c, n);
                } finally {
                    synchronized (idle) {
                        pending.decrementAndGet();
                        idle.notifyAll();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void deliver(Channel c, Notice n) throws InterruptedException {
        Duration pause = firstPause;
        String reason = null;
        for (int i = 1; i <= attempts; i++) {
            try {
                c.send(n);
                return;
            } catch (IOException | RuntimeException e) {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (i < attempts) {
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2);
            }
        }
        failures.accept(new Failure(c.label(), n.event(), attempts, dev.ferry.ref.Redaction.redact(reason)));
    }
}
