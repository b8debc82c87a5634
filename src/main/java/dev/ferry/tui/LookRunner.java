package dev.ferry.tui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Quick looks at a registry off the GUI thread: each runs on one of two threads of a screen's own (idle ones end
 * after two seconds, {@link #close} ends them) and its result or failure is handed over on the GUI thread ({@code ui});
 * the result of a look that a later one (or {@link #drop}) superseded is dropped, so the screen shows only what the
 * person asked for last.
 */
final class LookRunner implements AutoCloseable {
    /** A look: a session call that may fail. */
    interface Call<T> {
        T run() throws Exception;
    }

    private final Executor ui;
    private final ExecutorService threads;
    private final AtomicInteger generation = new AtomicInteger();

    LookRunner(Executor ui, String name) {
        this.ui = ui;
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.threads = pool;
    }

    /**
     * Runs {@code call} and then, on the GUI thread, {@code onResult} or {@code onFailure} unless a later look or
     * {@link #drop} came meanwhile. The future completes once that is done (or dropped).
     */
    <T> CompletableFuture<Void> run(Call<T> call, Consumer<T> onResult, Consumer<Exception> onFailure) {
        int gen = generation.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        threads.execute(() -> {
            T result = null;
            Exception failure = null;
            try {
                result = call.run();
            } catch (Exception e) {
                failure = e;
            }
            T r = result;
            Exception f = failure;
            ui.execute(() -> {
                try {
                    if (gen != generation.get()) return; // the person went elsewhere meanwhile
                    if (f != null) onFailure.accept(f);
                    else onResult.accept(r);
                } finally {
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /** Drops the result of the look running, if any. */
    void drop() {
        generation.incrementAndGet();
    }

    @Override public void close() {
        drop();
        threads.shutdownNow();
    }
}
