package dev.ferry.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared locks one handle keeps on the blobs it served or stored (one per blob) until it is
 * closed, so no prune of any process removes what a running job uses.
 */
final class Pins {
    private final LockTable locks;
    private final Map<Long, LockTable.Lease> held = new HashMap<>();
    private volatile boolean closed;

    Pins(LockTable locks) {
        this.locks = locks;
    }

    /** Keeps {@code shared} until {@link #releaseAll()}; closes it when the blob is pinned already or the handle closed. */
    void keep(LockTable.Lease shared) {
        boolean keep;
        synchronized (held) {
            keep = !closed && !held.containsKey(shared.offset);
            if (keep) held.put(shared.offset, shared);
        }
        if (!keep) shared.close();
    }

    /** After a blob was stored under the exclusive lock: let readers in, keep it pinned. */
    void afterWrite(LockTable.Lease exclusive) {
        long offset = exclusive.offset;
        exclusive.close();
        if (closed) return;
        try {
            LockTable.Lease shared = locks.tryShared(offset);
            if (shared != null) keep(shared);
        } catch (IOException e) {
            // not pinned: at worst another process may evict it before this job reads it again
        }
    }

    /** Lets go of the pin on one blob (it was discarded elsewhere: the pin must not block its download). */
    void drop(long offset) {
        LockTable.Lease l;
        synchronized (held) {
            l = held.remove(offset);
        }
        if (l != null) l.close();
    }

    /** Marks the handle closed: no pin is taken after it. False when it was closed already. */
    boolean close() {
        synchronized (held) {
            if (closed) return false;
            closed = true;
            return true;
        }
    }

    boolean isClosed() { return closed; }

    /** Releases every pin. */
    void releaseAll() {
        List<LockTable.Lease> all;
        synchronized (held) {
            all = new ArrayList<>(held.values());
            held.clear();
        }
        all.forEach(LockTable.Lease::close);
    }
}
