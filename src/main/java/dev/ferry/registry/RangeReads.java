package dev.ferry.registry;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What parallel byte-range reads of large blobs share within a session: the threads that fetch
 * ranges, and a memory budget of chunks in flight (a quarter of the heap, at least two chunks, at
 * most 32) that every ranged read of every job draws from. Idle threads end after a few seconds.
 */
public final class RangeReads implements AutoCloseable {
    final Semaphore budget;
    final ExecutorService pool;

    public RangeReads() {
        this((int) Math.max(2, Math.min(32, Runtime.getRuntime().maxMemory() / 4 / BlobReads.RANGE_CHUNK)));
    }

    RangeReads(int chunks) {
        this.budget = new Semaphore(chunks);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "ferry-range-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Chunks that may still be taken now (for tests). */
    public int freeChunks() { return budget.availablePermits(); }

    @Override public void close() {
        pool.shutdownNow();
    }
}
