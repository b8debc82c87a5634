package dev.ferry.pack.squash;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Finds the deflate level (Java's Deflater, that is zlib, at levels 1 to 9; level 0 writes stored blocks whose sizes depend on how the writer buffered, so it is not tried) that turns a layer's
 * uncompressed bytes into exactly its original deflate stream. Every candidate compresses the
 * bytes as they stream and is compared with the original as it goes; a candidate drops out at its
 * first differing byte, which for a wrong level is within the first block. After the first
 * 4 MiB at most two candidates go on (levels that agree that far are, in practice, the same).
 */
final class DeflateMatcher {
    /** Tried in this order: the levels layers are most often made with first. */
    static final int[] LEVELS = {6, 1, 9, 2, 3, 4, 5, 7, 8};
    private static final long NARROW_AFTER = 4L << 20;
    private static final int MAX_AHEAD = 16 << 20;

    private final List<Candidate> alive = new ArrayList<>();
    private final byte[] out = new byte[1 << 16];
    /** The original bytes from {@code windowStart}: what the slowest candidate has not yet been compared with. */
    private byte[] window = new byte[1 << 20];
    private long windowStart;
    private int windowLen;
    private long plainSeen;

    private static final class Candidate {
        final int level;
        final Deflater deflater;
        long matched;
        byte[] ahead = new byte[0];
        int aheadLen;

        Candidate(int level) {
            this.level = level;
            this.deflater = new Deflater(level, true);
        }
    }

    DeflateMatcher() {
        for (int l : LEVELS) alive.add(new Candidate(l));
    }

    boolean anyAlive() { return !alive.isEmpty(); }

    /** Bytes of the original stream after the gzip header (the deflate data, then whatever follows it). */
    void original(byte[] b, int off, int len) {
        if (alive.isEmpty()) return;
        if (windowLen + len > window.length) {
            long min = alive.stream().mapToLong(c -> c.matched).min().orElse(windowStart + windowLen);
            int drop = (int) (min - windowStart);
            System.arraycopy(window, drop, window, 0, windowLen - drop);
            windowLen -= drop;
            windowStart = min;
            if (windowLen + len > window.length) {
                if (windowLen + len > MAX_AHEAD * 2) { // a candidate lags far behind: not the one
                    stop();
                    return;
                }
                window = java.util.Arrays.copyOf(window, Math.max(window.length * 2, windowLen + len));
            }
        }
        System.arraycopy(b, off, window, windowLen, len);
        windowLen += len;
        for (Candidate c : new ArrayList<>(alive)) compareAhead(c);
    }

    /** Uncompressed bytes, in order. */
    void plain(byte[] b, int off, int len) {
        if (alive.isEmpty()) return;
        plainSeen += len;
        for (Candidate c : new ArrayList<>(alive)) {
            c.deflater.setInput(b, off, len);
            while (alive.contains(c) && !c.deflater.needsInput()) drain(c, Deflater.NO_FLUSH);
        }
        if (plainSeen > NARROW_AFTER) {
            while (alive.size() > 2) alive.remove(alive.size() - 1).deflater.end();
        }
    }

    /**
     * The uncompressed bytes ended; {@code deflateLength} is the original deflate stream's length.
     * Returns the level that reproduced it exactly, or -1.
     */
    int finish(long deflateLength) {
        for (Candidate c : new ArrayList<>(alive)) {
            c.deflater.finish();
            while (alive.contains(c) && !c.deflater.finished()) drain(c, Deflater.NO_FLUSH);
        }
        int found = -1;
        for (Candidate c : alive) {
            if (found < 0 && c.aheadLen == 0 && c.matched == deflateLength && c.deflater.getBytesWritten() == deflateLength) found = c.level;
        }
        stop();
        return found;
    }

    void stop() {
        for (Candidate c : alive) c.deflater.end();
        alive.clear();
    }

    private void drain(Candidate c, int flush) {
        int n = c.deflater.deflate(out, 0, out.length, flush);
        if (n == 0) return;
        if (c.aheadLen + n > c.ahead.length) {
            if (c.aheadLen + n > MAX_AHEAD) {
                drop(c);
                return;
            }
            c.ahead = java.util.Arrays.copyOf(c.ahead, Math.max(c.ahead.length * 2, c.aheadLen + n));
        }
        System.arraycopy(out, 0, c.ahead, c.aheadLen, n);
        c.aheadLen += n;
        compareAhead(c);
    }

    /** Compares what the candidate wrote with the original bytes there are so far. */
    private void compareAhead(Candidate c) {
        long have = windowStart + windowLen - c.matched;
        int n = (int) Math.min(have, c.aheadLen);
        int from = (int) (c.matched - windowStart);
        for (int i = 0; i < n; i++) {
            if (c.ahead[i] != window[from + i]) {
                drop(c);
                return;
            }
        }
        c.matched += n;
        System.arraycopy(c.ahead, n, c.ahead, 0, c.aheadLen - n);
        c.aheadLen -= n;
    }

    private void drop(Candidate c) {
        alive.remove(c);
        c.deflater.end();
    }
}
