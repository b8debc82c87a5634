package dev.ferry.pack.squash.goflate;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads pgzip blocks are compressed on, shared by every {@link PgzipDeflater}: as many as
 * the machine has processors, daemon threads that end after a few idle seconds, so streams never
 * leak threads whether or not they are closed. The work is pure computation on bytes in memory,
 * so more threads than processors would not help.
 */
final class PgzipPool {
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "ferry-pgzip-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    static {
        EXECUTOR.allowCoreThreadTimeOut(true);
    }

    private PgzipPool() { }
}
