package dev.ferry.cli;

import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders engine events on standard error: on a terminal one line redrawn in place; elsewhere (a CI
 * log) a status line every few seconds and retries as they happen. Throughput is bytes over wall
 * time, not a sum of per-stream rates.
 */
final class ProgressPrinter implements EventListener, AutoCloseable {
    private final PrintWriter err;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger blobsDone = new AtomicInteger();
    private final AtomicInteger blobsTotal = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    private volatile int lastWidth;

    ProgressPrinter(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-progress");
            t.setDaemon(true);
            return t;
        });
        long period = interactive ? 200 : 5000;
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @Override public void on(Event e) {
        if (e instanceof Event.ImageResolved r) {
            total.addAndGet(r.bytes());
            blobsTotal.addAndGet(r.blobs());
        } else if (e instanceof Event.BlobStarted) {
            active.incrementAndGet();
        } else if (e instanceof Event.BlobProgress p) {
            done.addAndGet(p.bytes());
        } else if (e instanceof Event.BlobDone d) {
            blobsDone.incrementAndGet();
            if (d.outcome() == Event.BlobOutcome.COPIED) active.decrementAndGet();
            else done.addAndGet(d.size());
        } else if (e instanceof Event.Retrying r) {
            line("retry " + r.attempt() + " in " + Format.seconds(r.delay().toMillis() / 1000.0) + ": " + r.operation() + ": " + r.reason());
        }
    }

    private synchronized void line(String s) {
        if (interactive) clear();
        err.println(s);
        err.flush();
    }

    private void clear() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    private String status() {
        double secs = (System.nanoTime() - start) / 1e9;
        long d = done.get(), t = Math.max(total.get(), d);
        double rate = secs > 0 ? d / secs : 0;
        String pct = t > 0 ? (d * 100 / t) + "%" : "";
        String eta = rate > 0 && t > d ? " ETA " + Format.seconds((t - d) / rate) : "";
        return String.format("%s %s / %s  blobs %d/%d  %s  %s%s", pct, Format.bytes(d), Format.bytes(t),
                blobsDone.get(), blobsTotal.get(), Format.rate(rate), Format.seconds(secs), eta).trim();
    }

    private synchronized void tick() {
        String s = status();
        if (interactive) {
            clear();
            err.print(s);
            lastWidth = s.length();
        } else {
            err.println(s);
        }
        err.flush();
    }

    @Override public synchronized void close() {
        ticker.shutdownNow();
        if (interactive) clear();
        err.flush();
    }
}
