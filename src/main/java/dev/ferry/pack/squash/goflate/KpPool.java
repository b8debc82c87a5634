package dev.ferry.pack.squash.goflate;

import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * klauspost compressors kept between pgzip blocks, by level, as pgzip's dictFlatePool keeps them:
 * a block takes one reset for its output ({@link KpDeflater#reset}) instead of allocating and
 * clearing a new one's history and hash tables. A reset compressor writes what a new one writes
 * (klauspost's reset moves its position past every old table entry). At most {@code max} are kept
 * per level; more in use at once are made and dropped.
 */
final class KpPool {
    private final int max;
    private final ConcurrentLinkedQueue<KpDeflater>[] free;
    private final AtomicInteger[] kept;

    @SuppressWarnings("unchecked")
    KpPool(int max) {
        this.max = max;
        free = new ConcurrentLinkedQueue[4];
        kept = new AtomicInteger[4];
        for (int i = 0; i < 4; i++) {
            free[i] = new ConcurrentLinkedQueue<>();
            kept[i] = new AtomicInteger();
        }
    }

    private static int slot(int level) {
        return switch (level) {
            case -1, 5 -> 0;
            case -2 -> 1;
            case 0 -> 2;
            default -> 3;
        };
    }

    /** A compressor at {@code level} writing to {@code out}, as new. */
    KpDeflater take(int level, OutputStream out) {
        int s = slot(level);
        KpDeflater d = free[s].poll();
        if (d == null) return new KpDeflater(out, level);
        kept[s].decrementAndGet();
        d.reset(out);
        return d;
    }

    /** Gives back a compressor whose stream is done (its output is not touched again). */
    void give(int level, KpDeflater d) {
        int s = slot(level);
        if (kept[s].incrementAndGet() <= max) {
            d.reset(OutputStream.nullOutputStream());
            free[s].add(d);
        } else {
            kept[s].decrementAndGet();
        }
    }
}
