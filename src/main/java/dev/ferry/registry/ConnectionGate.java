package dev.ferry.registry;

import java.io.InterruptedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * At most {@code limit} connections to each registry at once, across every job of a session
 * (cfg.yaml's {@code maxconn}, or {@code --parallel} for a one-command session).
 *
 * <p>A request takes a slot for as long as its answer is open. A blob transfer instead takes a
 * {@link Lease} of its slots at the source and the target registry together, in a fixed order,
 * before it starts; the requests it then makes from its thread need no further slot. Taking all
 * of a transfer's slots at once, always in the same order, is what keeps two transfers in opposite
 * directions (or a copy inside one registry) from waiting on each other for ever. Extra
 * connections for parallel byte ranges are only borrowed when slots are free.
 */
public final class ConnectionGate {
    private final int limit;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, Integer>> held = ThreadLocal.withInitial(HashMap::new);

    /** @param limit connections to each registry at most; 0 for no limit */
    public ConnectionGate(int limit) {
        if (limit < 0) throw new IllegalStateException("limit must not be negative"); // the session checks maxconn first
        this.limit = limit;
    }

    public static ConnectionGate unlimited() {
        return new ConnectionGate(0);
    }

    /** Connections to each registry at most (0: no limit). */
    public int limit() { return limit; }

    private Semaphore slots(String registry) {
        return slots.computeIfAbsent(registry, r -> new Semaphore(limit, true));
    }

    /** Slots of a registry taken now (for tests and diagnostics). */
    public int inUse(String registry) {
        return limit == 0 ? 0 : limit - slots(registry).availablePermits();
    }

    /** Slots held for one transfer; closing gives them back. Close it on the thread that took it. */
    public final class Lease implements AutoCloseable {
        private final Map<String, Integer> taken;
        private boolean closed;

        private Lease(Map<String, Integer> taken) {
            this.taken = taken;
            Map<String, Integer> h = held.get();
            taken.forEach((r, n) -> h.merge(r, n, Integer::sum));
        }

        @Override public void close() {
            if (closed) return;
            closed = true;
            Map<String, Integer> h = held.get();
            taken.forEach((r, n) -> {
                h.computeIfPresent(r, (k, v) -> v - n <= 0 ? null : v - n);
                slots(r).release(n);
            });
        }
    }

    /**
     * Takes {@code need} slots (registry to count; a count above the limit is cut to it) together,
     * waiting as long as it takes unless {@code cancelled} says so.
     *
     * @throws InterruptedException when interrupted or cancelled while waiting (nothing is held then)
     */
    public Lease lease(Map<String, Integer> need, BooleanSupplier cancelled) throws InterruptedException {
        Map<String, Integer> taken = new TreeMap<>();
        if (limit == 0) return new Lease(taken);
        try {
            for (var e : new TreeMap<>(need).entrySet()) {
                int n = Math.min(Math.max(e.getValue(), 0), limit);
                if (n == 0) continue;
                Semaphore s = slots(e.getKey());
                while (!s.tryAcquire(n, 100, TimeUnit.MILLISECONDS)) {
                    if (cancelled.getAsBoolean()) throw new InterruptedException("cancelled");
                }
                taken.put(e.getKey(), n);
            }
        } catch (InterruptedException e) {
            taken.forEach((r, n) -> slots(r).release(n));
            throw e;
        }
        return new Lease(taken);
    }

    /** What a request must give back when its answer is closed. */
    interface Slot {
        Slot NONE = () -> { };

        void release();
    }

    /** A slot for one request, unless this thread holds a lease on the registry already. */
    Slot request(String registry, CallScope scope, String op) throws InterruptedIOException {
        if (limit == 0 || held.get().getOrDefault(registry, 0) > 0) return Slot.NONE;
        Semaphore s = slots(registry);
        try {
            while (!s.tryAcquire(1, 100, TimeUnit.MILLISECONDS)) scope.checkOpen(op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + op);
        }
        boolean[] done = new boolean[1];
        return () -> {
            synchronized (done) {
                if (done[0]) return;
                done[0] = true;
            }
            s.release();
        };
    }

    /** Takes up to {@code max} free slots without waiting; returns how many (all of them when there is no limit). */
    int borrow(String registry, int max) {
        if (limit == 0) return max;
        Semaphore s = slots(registry);
        int n = 0;
        while (n < max && s.tryAcquire()) n++;
        return n;
    }

    void giveBack(String registry, int n) {
        if (limit != 0 && n > 0) slots(registry).release(n);
    }

    /** Runs {@code body} on this thread as if it held a lease on {@code registry} (for borrowed slots). */
    <T> T covered(String registry, java.util.concurrent.Callable<T> body) throws Exception {
        Map<String, Integer> h = held.get();
        h.merge(registry, 1, Integer::sum);
        try {
            return body.call();
        } finally {
            h.computeIfPresent(registry, (k, v) -> v - 1 <= 0 ? null : v - 1);
        }
    }
}
