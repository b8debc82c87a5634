package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Go's compress/flate compressor (deflate.go of Go 1.19, unchanged in its output since Go 1.7),
 * ported line by line so that for the same input and level it writes the same raw deflate bytes
 * as Go's {@code flate.NewWriter(w, level)} and so as {@code gzip.NewWriterLevel}.
 *
 * <p>The bytes do not depend on how the input is cut into writes: every step waits for a full
 * window (levels 2-9: 258 + 4 bytes of lookahead beyond the position, and the window shifts only
 * when it is full; level 1, 0 and HuffmanOnly: a full 65535-byte block), so only {@link #flush()}
 * (Go's Flush, a sync flush) and {@link #finish()} (Close) depend on where they are called.
 *
 * <p>Memory is fixed: a 64 KiB window and the hash tables (about 700 KiB at levels 2-9).
 */
public final class GoDeflater {
    public static final int NO_COMPRESSION = 0;
    public static final int BEST_SPEED = 1;
    public static final int BEST_COMPRESSION = 9;
    public static final int DEFAULT_COMPRESSION = -1;
    public static final int HUFFMAN_ONLY = -2;

    private static final int WINDOW_SIZE = 1 << 15;
    private static final int WINDOW_MASK = WINDOW_SIZE - 1;
    private static final int BASE_MATCH_LENGTH = 3;
    private static final int MIN_MATCH_LENGTH = 4;
    private static final int MAX_MATCH_LENGTH = 258;
    private static final int BASE_MATCH_OFFSET = 1;
    private static final int MAX_FLATE_BLOCK_TOKENS = 1 << 14;
    private static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int HASH_BITS = 17;
    private static final int HASH_SIZE = 1 << HASH_BITS;
    private static final int HASH_MASK = HASH_SIZE - 1;
    private static final int MAX_HASH_OFFSET = 1 << 24;
    private static final int SKIP_NEVER = Integer.MAX_VALUE;
    private static final int HASHMUL = 0x1e35a7bd;

    /** level, good, lazy, nice, chain, fastSkipHashing of each level (deflate.go's table). */
    private static final int[][] LEVELS = {
            {0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0},
            {2, 4, 0, 16, 8, 5}, {3, 4, 0, 32, 32, 6},
            {4, 4, 4, 16, 16, SKIP_NEVER}, {5, 8, 16, 32, 32, SKIP_NEVER}, {6, 8, 16, 128, 128, SKIP_NEVER},
            {7, 8, 32, 128, 256, SKIP_NEVER}, {8, 32, 128, 258, 1024, SKIP_NEVER}, {9, 32, 258, 258, 4096, SKIP_NEVER}};

    private enum Mode { STORE, HUFFMAN, FAST, DEFLATE }

    private final Mode mode;
    private final int level;
    private int good;
    private int lazy;
    private int nice;
    private int chain;
    private int fastSkipHashing;

    private final HuffmanBitWriter w;
    private boolean sync;
    private DeflateFast bestSpeed;

    private int chainHead;
    private int[] hashHead;
    private int[] hashPrev;
    private int hashOffset;

    private int index;
    private final byte[] window;
    private int windowEnd;
    private int blockStart;
    private boolean byteAvailable;

    private int[] tokens;
    private int ntokens;

    private int length;
    private int offset;
    private int maxInsertIndex;
    private boolean closed;

    /**
     * @param out   receives the raw deflate bytes (never closed here)
     * @param level -2 (HuffmanOnly), -1 (default, that is 6), 0 (stored) to 9, as Go's
     */
    public GoDeflater(OutputStream out, int level) {
        if (level < -2 || level > 9) throw new IllegalStateException("flate: invalid compression level " + level + ": want value in range [-2, 9]");
        w = new HuffmanBitWriter(out);
        if (level == DEFAULT_COMPRESSION) level = 6;
        this.level = level;
        switch (level) {
            case NO_COMPRESSION -> {
                mode = Mode.STORE;
                window = new byte[MAX_STORE_BLOCK_SIZE];
            }
            case HUFFMAN_ONLY -> {
                mode = Mode.HUFFMAN;
                window = new byte[MAX_STORE_BLOCK_SIZE];
            }
            case BEST_SPEED -> {
                mode = Mode.FAST;
                window = new byte[MAX_STORE_BLOCK_SIZE];
                bestSpeed = new DeflateFast();
                tokens = new int[MAX_STORE_BLOCK_SIZE + 1];
            }
            default -> {
                mode = Mode.DEFLATE;
                int[] l = LEVELS[level];
                good = l[1];
                lazy = l[2];
                nice = l[3];
                chain = l[4];
                fastSkipHashing = l[5];
                window = new byte[2 * WINDOW_SIZE];
                hashHead = new int[HASH_SIZE];
                hashPrev = new int[WINDOW_SIZE];
                hashOffset = 1;
                tokens = new int[MAX_FLATE_BLOCK_TOKENS + 1];
                length = MIN_MATCH_LENGTH - 1;
                chainHead = -1;
            }
        }
    }

    /** The level as Go names it (-1 has become 6). */
    public int level() { return level; }

    /** Compressed bytes handed to the output so far. */
    public long bytesWritten() { return w.written(); }

    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IllegalStateException("flate: write after close");
        while (len > 0) {
            step();
            int n = fill(b, off, len);
            off += n;
            len -= n;
        }
    }

    /** Go's Flush: what was written so far, then an empty stored block (a sync flush). */
    public void flush() throws IOException {
        if (closed) throw new IllegalStateException("flate: write after close");
        sync = true;
        step();
        w.writeStoredHeader(0, false);
        w.flush();
        sync = false;
    }

    /** Go's Close: the rest, then an empty final stored block. The output is not closed. */
    public void finish() throws IOException {
        if (closed) return;
        sync = true;
        step();
        w.writeStoredHeader(0, true);
        w.flush();
        closed = true;
    }

    private void step() throws IOException {
        switch (mode) {
            case STORE -> store();
            case HUFFMAN -> storeHuff();
            case FAST -> encSpeed();
            case DEFLATE -> deflate();
        }
    }

    private int fill(byte[] b, int off, int len) {
        if (mode == Mode.DEFLATE) shiftIfFull();
        int n = Math.min(len, window.length - windowEnd);
        System.arraycopy(b, off, window, windowEnd, n);
        windowEnd += n;
        return n;
    }

    private void shiftIfFull() {
        if (index < 2 * WINDOW_SIZE - (MIN_MATCH_LENGTH + MAX_MATCH_LENGTH)) return;
        System.arraycopy(window, WINDOW_SIZE, window, 0, WINDOW_SIZE);
        index -= WINDOW_SIZE;
        windowEnd -= WINDOW_SIZE;
        blockStart = blockStart >= WINDOW_SIZE ? blockStart - WINDOW_SIZE : Integer.MAX_VALUE;
        hashOffset += WINDOW_SIZE;
        if (hashOffset > MAX_HASH_OFFSET) {
            int delta = hashOffset - 1;
            hashOffset -= delta;
            chainHead -= delta;
            for (int i = 0; i < hashPrev.length; i++) hashPrev[i] = hashPrev[i] > delta ? hashPrev[i] - delta : 0;
            for (int i = 0; i < hashHead.length; i++) hashHead[i] = hashHead[i] > delta ? hashHead[i] - delta : 0;
        }
    }

    private void writeBlock(int idx) throws IOException {
        if (idx > 0) {
            boolean known = blockStart <= idx;
            int from = blockStart;
            blockStart = idx;
            if (known) w.writeBlock(tokens, ntokens, false, window, from, idx - from);
            else w.writeBlock(tokens, ntokens, false, null, 0, 0);
        }
    }

    private void writeStoredBlock(byte[] buf, int len) throws IOException {
        w.writeStoredHeader(len, false);
        w.writeBytes(buf, 0, len);
    }

    private static int hash4(byte[] b, int i) {
        int v = (b[i + 3] & 0xff) | (b[i + 2] & 0xff) << 8 | (b[i + 1] & 0xff) << 16 | (b[i] & 0xff) << 24;
        return (v * HASHMUL) >>> (32 - HASH_BITS);
    }

    /** findMatch: returns length << 32 | offset of a match longer than {@code prevLength}, or -1. */
    private long findMatch(int pos, int prevHead, int prevLength, int lookahead) {
        int minMatchLook = Math.min(MAX_MATCH_LENGTH, lookahead);
        int winLen = pos + minMatchLook;
        int niceLen = Math.min(nice, winLen - pos);
        int tries = chain;
        int len = prevLength;
        int off = 0;
        boolean ok = false;
        if (len >= good) tries >>= 2;
        byte wEnd = window[pos + len];
        int minIndex = pos - WINDOW_SIZE;
        for (int i = prevHead; tries > 0; tries--) {
            if (wEnd == window[i + len]) {
                int n = matchLen(i, pos, minMatchLook);
                if (n > len && (n > MIN_MATCH_LENGTH || pos - i <= 4096)) {
                    len = n;
                    off = pos - i;
                    ok = true;
                    if (n >= niceLen) break;
                    wEnd = window[pos + n];
                }
            }
            if (i == minIndex) break;
            i = hashPrev[i & WINDOW_MASK] - hashOffset;
            if (i < minIndex || i < 0) break;
        }
        return ok ? (long) len << 32 | off : -1;
    }

    /** How many of the {@code max} bytes at {@code a} and {@code b} agree (Arrays.mismatch compares many at a time). */
    private int matchLen(int a, int b, int max) {
        if (max <= 0) return 0;
        int m = java.util.Arrays.mismatch(window, a, a + max, window, b, b + max);
        return m < 0 ? max : m;
    }

    private void encSpeed() throws IOException {
        if (windowEnd < MAX_STORE_BLOCK_SIZE) {
            if (!sync) return;
            if (windowEnd < 128) {
                if (windowEnd == 0) return;
                if (windowEnd <= 16) writeStoredBlock(window, windowEnd);
                else w.writeBlockHuff(false, window, 0, windowEnd);
                windowEnd = 0;
                bestSpeed.reset();
                return;
            }
        }
        ntokens = bestSpeed.encode(tokens, 0, window, windowEnd);
        if (ntokens > windowEnd - (windowEnd >> 4)) w.writeBlockHuff(false, window, 0, windowEnd);
        else w.writeBlockDynamic(tokens, ntokens, false, window, 0, windowEnd);
        windowEnd = 0;
    }

    private void deflate() throws IOException {
        if (windowEnd - index < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH && !sync) return;
        maxInsertIndex = windowEnd - (MIN_MATCH_LENGTH - 1);
        while (true) {
            int lookahead = windowEnd - index;
            if (lookahead < MIN_MATCH_LENGTH + MAX_MATCH_LENGTH) {
                if (!sync) break;
                if (lookahead == 0) {
                    if (byteAvailable) {
                        tokens[ntokens++] = window[index - 1] & 0xff;
                        byteAvailable = false;
                    }
                    if (ntokens > 0) {
                        writeBlock(index);
                        ntokens = 0;
                    }
                    break;
                }
            }
            if (index < maxInsertIndex) {
                int h = hash4(window, index) & HASH_MASK;
                chainHead = hashHead[h];
                hashPrev[index & WINDOW_MASK] = chainHead;
                hashHead[h] = index + hashOffset;
            }
            int prevLength = length;
            int prevOffset = offset;
            length = MIN_MATCH_LENGTH - 1;
            offset = 0;
            int minIndex = Math.max(index - WINDOW_SIZE, 0);
            if (chainHead - hashOffset >= minIndex
                    && (fastSkipHashing != SKIP_NEVER && lookahead > MIN_MATCH_LENGTH - 1
                    || fastSkipHashing == SKIP_NEVER && lookahead > prevLength && prevLength < lazy)) {
                long m = findMatch(index, chainHead - hashOffset, MIN_MATCH_LENGTH - 1, lookahead);
                if (m >= 0) {
                    length = (int) (m >>> 32);
                    offset = (int) m;
                }
            }
            if (fastSkipHashing != SKIP_NEVER && length >= MIN_MATCH_LENGTH
                    || fastSkipHashing == SKIP_NEVER && prevLength >= MIN_MATCH_LENGTH && length <= prevLength) {
                if (fastSkipHashing != SKIP_NEVER) tokens[ntokens++] = Tokens.match(length - BASE_MATCH_LENGTH, offset - BASE_MATCH_OFFSET);
                else tokens[ntokens++] = Tokens.match(prevLength - BASE_MATCH_LENGTH, prevOffset - BASE_MATCH_OFFSET);
                if (length <= fastSkipHashing) {
                    int newIndex = fastSkipHashing != SKIP_NEVER ? index + length : index + prevLength - 1;
                    int i = index;
                    for (i++; i < newIndex; i++) {
                        if (i < maxInsertIndex) {
                            int h = hash4(window, i) & HASH_MASK;
                            hashPrev[i & WINDOW_MASK] = hashHead[h];
                            hashHead[h] = i + hashOffset;
                        }
                    }
                    index = i;
                    if (fastSkipHashing == SKIP_NEVER) {
                        byteAvailable = false;
                        length = MIN_MATCH_LENGTH - 1;
                    }
                } else {
                    index += length;
                }
                if (ntokens == MAX_FLATE_BLOCK_TOKENS) {
                    writeBlock(index);
                    ntokens = 0;
                }
            } else {
                if (fastSkipHashing != SKIP_NEVER || byteAvailable) {
                    int i = fastSkipHashing != SKIP_NEVER ? index : index - 1;
                    tokens[ntokens++] = window[i] & 0xff;
                    if (ntokens == MAX_FLATE_BLOCK_TOKENS) {
                        writeBlock(i + 1);
                        ntokens = 0;
                    }
                }
                index++;
                if (fastSkipHashing == SKIP_NEVER) byteAvailable = true;
            }
        }
    }

    private void store() throws IOException {
        if (windowEnd > 0 && (windowEnd == MAX_STORE_BLOCK_SIZE || sync)) {
            writeStoredBlock(window, windowEnd);
            windowEnd = 0;
        }
    }

    private void storeHuff() throws IOException {
        if (windowEnd < window.length && !sync || windowEnd == 0) return;
        w.writeBlockHuff(false, window, 0, windowEnd);
        windowEnd = 0;
    }
}
