package dev.ferry.shell;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completion candidates from registries (repositories, tags), fetched in the background and kept for a short time.
 * A lookup waits {@link #WAIT} at most: a slow, unreachable or catalog-less registry gives no candidates, never an
 * error and never a frozen prompt; what arrives later is there for the next Tab.
 */
final class CandidateCache implements AutoCloseable {
    static final Duration WAIT = Duration.ofMillis(200);
    static final Duration TTL = Duration.ofSeconds(30);

    private record Entry(CompletableFuture<List<String>> values, long fetchedAt) {
        boolean fresh(long now) { return now - fetchedAt < TTL.toNanos(); }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ExecutorService fetchers;

    CandidateCache() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor e = new ThreadPoolExecutor(4, 4, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ferry-complete-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        this.fetchers = e;
    }

    /** The values under {@code key}, fetching them with {@code fetch} when absent or old; empty when they take longer than {@link #WAIT}. */
    List<String> get(String key, Callable<List<String>> fetch) {
        Entry e = entry(key, fetch);
        try {
            return e.values().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
            return List.of();
        } catch (InterruptedException i) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception other) {
            return List.of();
        }
    }

    /** Starts fetching {@code key} now, without waiting: where the person just went, Tab will likely ask next. */
    void prefetch(String key, Callable<List<String>> fetch) {
        entry(key, fetch);
    }

    private Entry entry(String key, Callable<List<String>> fetch) {
        long now = System.nanoTime();
        return entries.compute(key, (k, old) -> old != null && old.fresh(now) ? old
                : new Entry(CompletableFuture.supplyAsync(() -> {
                    try {
                        return List.copyOf(fetch.call());
                    } catch (Exception | LinkageError failed) {
                        return List.of(); // completion is a help, not a report: no error text at the prompt
                    }
                }, fetchers), now));
    }

    @Override public void close() {
        fetchers.shutdownNow();
    }
}
