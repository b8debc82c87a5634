package dev.ferry.registry;

import okhttp3.Call;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The requests of one job (or of one image of a job): whom to tell about retries, and a way to
 * stop them all. {@link #cancel()} aborts every HTTP call in flight ({@code Call.cancel()}
 * closes its socket, which also wakes a read stalled on a dead connection), wakes retry pauses
 * and waits for a connection slot, and makes every later request fail at once as cancelled.
 *
 * <p>A child shares its parent's calls and cancellation and has its own retry listener, so a
 * retry is reported to the image it concerns.
 */
public final class CallScope {
    private final Root root;
    private final RetryListener retries;

    private CallScope(Root root, RetryListener retries) {
        this.root = root;
        this.retries = retries == null ? RetryListener.NONE : retries;
    }

    /** A new scope of its own. */
    public static CallScope create(RetryListener retries) {
        return new CallScope(new Root(), retries);
    }

    /** A scope nobody cancels and nobody listens to (looking around: tags, catalog). */
    public static CallScope detached() {
        return create(RetryListener.NONE);
    }

    /** A scope sharing this one's calls and cancellation, reporting retries to {@code retries}. */
    public CallScope child(RetryListener retries) {
        return new CallScope(root, retries);
    }

    /** Aborts every call in flight and every later one. Safe to call more than once, from any thread. */
    public void cancel() {
        if (root.cancelled.getCount() == 0) return;
        root.cancelled.countDown();
        for (Call c : root.calls) c.cancel();
    }

    public boolean isCancelled() { return root.cancelled.getCount() == 0; }

    /** The calls in flight now (for tests and diagnostics). */
    public int callsInFlight() { return root.calls.size(); }

    RetryListener retryListener() { return retries; }

    void checkOpen(String op) throws InterruptedIOException {
        if (isCancelled()) throw new InterruptedIOException("cancelled: " + op);
    }

    void track(Call call) {
        root.calls.add(call);
        if (isCancelled()) call.cancel();
    }

    void untrack(Call call) {
        root.calls.remove(call);
    }

    /** Waits {@code d}, or less when the scope is cancelled meanwhile (then throws). */
    void sleep(String op, Duration d) throws InterruptedIOException {
        try {
            if (root.cancelled.await(Math.max(0, d.toMillis()), TimeUnit.MILLISECONDS)) throw new InterruptedIOException("cancelled: " + op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + op);
        }
    }

    /** Blocks until the scope is cancelled or {@code millis} have passed; true when cancelled. */
    boolean awaitCancel(long millis) throws InterruptedException {
        return root.cancelled.await(millis, TimeUnit.MILLISECONDS);
    }

    private static final class Root {
        final Set<Call> calls = ConcurrentHashMap.newKeySet();
        final CountDownLatch cancelled = new CountDownLatch(1);
    }
}
