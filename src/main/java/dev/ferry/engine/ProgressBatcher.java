package dev.ferry.engine;

import java.util.function.LongConsumer;

/**
 * Turns the byte counts of a stream's reads (a few KiB each) into progress events of at least
 * 1 MiB or every 100 ms, whichever comes first: a progress bar needs no more, and one event per
 * read of a 300 MB job is some 40,000 events through every listener. Used by one thread at a time.
 */
final class ProgressBatcher implements LongConsumer {
    static final long BYTES = 1 << 20;
    static final long NANOS = 100_000_000L;

    private final LongConsumer emit;
    private long pending;
    private long emitted;
    private long last = System.nanoTime();

    ProgressBatcher(LongConsumer emit) {
        this.emit = emit;
    }

    @Override public void accept(long n) {
        pending += n;
        if (pending >= BYTES) {
            flush();
        } else {
            long now = System.nanoTime();
            if (now - last >= NANOS) flush();
        }
    }

    /** Emits what has not been emitted yet. */
    void flush() {
        last = System.nanoTime();
        if (pending == 0) return;
        long n = pending;
        pending = 0;
        emitted += n;
        emit.accept(n);
    }

    /** The bytes reported so far (what a failed attempt takes back). */
    long emitted() {
        return emitted;
    }
}
