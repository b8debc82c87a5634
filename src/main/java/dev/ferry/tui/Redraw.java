package dev.ferry.tui;

import com.googlecode.lanterna.gui2.TextGUIThread;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Redraws a screen at most {@link #PER_SECOND} times a second, on the GUI thread: anyone (a session thread with a
 * job's event) may {@link #request} a redraw, which only raises a flag; a timer turns raised flags into one task
 * on the GUI thread, never queueing a second before the first ran. While {@code busy} it redraws twice a second
 * anyway, so speeds and times left move on when no event comes.
 */
final class Redraw implements AutoCloseable {
    static final int PER_SECOND = 10;

    private final Supplier<TextGUIThread> thread;
    private final Runnable paint;
    private final BooleanSupplier busy;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong paints = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-tui-redraw");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastPaint;

    /** @param busy asked on the GUI thread's behalf from the timer: must be cheap and thread-safe */
    Redraw(Supplier<TextGUIThread> thread, Runnable paint, BooleanSupplier busy) {
        this.thread = thread;
        this.paint = paint;
        this.busy = busy;
        timer.scheduleWithFixedDelay(this::tick, 1000 / PER_SECOND, 1000 / PER_SECOND, TimeUnit.MILLISECONDS);
    }

    /** Something changed: redraw soon. Never blocks. */
    void request() {
        dirty.set(true);
    }

    /** How many redraws ran. */
    long paints() {
        return paints.get();
    }

    private void tick() {
        try {
            tickOnce();
        } catch (RuntimeException e) {
            queued.set(false); // a timer task that throws is never run again: this one must not
        }
    }

    private void tickOnce() {
        TextGUIThread t = thread.get();
        if (t == null) return;
        long now = System.nanoTime();
        boolean due = dirty.get() || busy.getAsBoolean() && now - lastPaint >= 500_000_000L;
        if (!due || !queued.compareAndSet(false, true)) return;
        dirty.set(false);
        try {
            t.invokeLater(() -> {
                queued.set(false);
                lastPaint = System.nanoTime();
                paints.incrementAndGet();
                paint.run();
            });
        } catch (IllegalStateException e) {
            queued.set(false); // the GUI thread has stopped
        }
    }

    @Override public void close() {
        timer.shutdownNow();
    }
}
