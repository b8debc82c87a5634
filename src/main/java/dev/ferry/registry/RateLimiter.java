package dev.ferry.registry;

import java.util.concurrent.TimeUnit;

/** At most {@code qps} requests a second, spread evenly; callers wait for their slot. */
final class RateLimiter {
    private final long intervalNanos;
    private long next;

    RateLimiter(double qps) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / qps);
    }

    void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }
}
