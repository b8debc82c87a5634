package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * klauspost/compress 1.15's flate compressor (flate/deflate.go) at the levels ported: -1/5 (its
 * default, the fast level-5 encoder), -2 (HuffmanOnly) and 0 (stored). As in Go, a 64 KiB block
 * (32 KiB for HuffmanOnly) is encoded only when the window is full or at a flush, so the bytes do
 * not depend on how the input is cut into writes.
 */
final class KpDeflater {
    private static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int MAX_MATCH_OFFSET = 1 << 15;

    private enum Mode { STORE, HUFFMAN, FAST }

    private final Mode mode;
    private final KpBitWriter w;
    private final byte[] window;
    private int windowEnd;
    private boolean sync;
    private final KpLevel5 fast;
    private final KpTokens tokens = new KpTokens();

    /** Whether this port has {@code level} (Go's numbering). */
    static boolean supports(int level) {
        return level == -1 || level == 5 || level == -2 || level == 0;
    }

    KpDeflater(OutputStream out, int level) {
        if (!supports(level)) throw new IllegalStateException("klauspost level " + level + " is not ported");
        w = new KpBitWriter(out);
        switch (level) {
            case 0 -> {
                mode = Mode.STORE;
                window = new byte[MAX_STORE_BLOCK_SIZE];
                fast = null;
            }
            case -2 -> {
                mode = Mode.HUFFMAN;
                w.logNewTablePenalty = 10;
                window = new byte[32 << 10];
                fast = null;
            }
            default -> {
                mode = Mode.FAST;
                w.logNewTablePenalty = 7;
                window = new byte[MAX_STORE_BLOCK_SIZE];
                fast = new KpLevel5();
            }
        }
    }

    /** klauspost's reset for a new stream into {@code out} (the level stays): what ResetDict does before its dictionary. */
    void reset(OutputStream out) {
        w.reset(out);
        sync = false;
        windowEnd = 0;
        tokens.reset();
        if (fast != null) fast.reset();
    }

    /** NewWriterDict / ResetDict: the last 32 KiB of {@code dict} become history without output. */
    void dictionary(byte[] dict, int off, int len) {
        if (mode != Mode.FAST) return;
        if (len > MAX_MATCH_OFFSET) {
            off += len - MAX_MATCH_OFFSET;
            len = MAX_MATCH_OFFSET;
        }
        byte[] b = java.util.Arrays.copyOfRange(dict, off, off + len);
        fast.encode(tokens, b, len);
        tokens.reset();
    }

    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (windowEnd == window.length || sync) step();
            int n = Math.min(len, window.length - windowEnd);
            System.arraycopy(b, off, window, windowEnd, n);
            windowEnd += n;
            off += n;
            len -= n;
        }
    }

    /** Flush: a sync flush (what is buffered, then an empty stored block). */
    void flush() throws IOException {
        sync = true;
        step();
        w.writeStoredHeader(0, false);
        w.flush();
        sync = false;
    }

    /** Close: what is buffered, then an empty final block. */
    void finish() throws IOException {
        sync = true;
        step();
        w.writeStoredHeader(0, true);
        w.flush();
    }

    private void step() throws IOException {
        switch (mode) {
            case STORE -> {
                if (windowEnd > 0 && (windowEnd == MAX_STORE_BLOCK_SIZE || sync)) {
                    storedBlock();
                    windowEnd = 0;
                }
            }
            case HUFFMAN -> {
                if (windowEnd < window.length && !sync || windowEnd == 0) return;
                w.writeBlockHuff(false, window, 0, windowEnd, sync);
                windowEnd = 0;
            }
            case FAST -> storeFast();
        }
    }

    private void storedBlock() throws IOException {
        w.writeStoredHeader(windowEnd, false);
        // writeBytes through the bit writer keeps its byte order
        w.writeStoredBytes(window, 0, windowEnd);
    }

    private void storeFast() throws IOException {
        if (windowEnd < window.length) {
            if (!sync) return;
            if (windowEnd < 128) {
                if (windowEnd == 0) return;
                if (windowEnd <= 32) storedBlock();
                else w.writeBlockHuff(false, window, 0, windowEnd, true);
                tokens.reset();
                windowEnd = 0;
                fast.reset();
                return;
            }
        }
        fast.encode(tokens, window, windowEnd);
        if (tokens.n == 0) storedBlock();
        else if (tokens.n > windowEnd - (windowEnd >> 4)) w.writeBlockHuff(false, window, 0, windowEnd, sync);
        else w.writeBlockDynamic(tokens, false, window, 0, windowEnd, sync);
        tokens.reset();
        windowEnd = 0;
    }
}
