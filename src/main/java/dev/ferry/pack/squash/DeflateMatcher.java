package dev.ferry.pack.squash;

import dev.ferry.pack.squash.goflate.GoDeflater;
import dev.ferry.pack.squash.goflate.PgzipDeflater;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Finds the compressor and level that turn a layer's uncompressed bytes into exactly its original
 * deflate stream: Java's Deflater (zlib) at levels 1 to 9 (level 0 writes stored blocks whose
 * sizes depend on how the writer buffered, so it is not tried), Go's compress/flate
 * ({@link GoDeflater}: docker's and buildkit's layers) at -2 (HuffmanOnly) and 0 to 9, and
 * klauspost/pgzip ({@link PgzipDeflater}: umoci's, skopeo's and podman's layers) at its default
 * level with 1 MiB and 256 KiB blocks (and -2, 0). Every candidate compresses the bytes as they
 * stream, in the one pass that decompresses the layer, and is compared with the original as it
 * goes; a candidate drops out at its first differing byte, which for a wrong one is within the
 * first block. After the first 4 MiB at most two candidates go on (candidates that agree that far
 * are, in practice, the same).
 */
final class DeflateMatcher {
    /** zlib's levels in this order: the levels layers are most often made with first. */
    static final int[] LEVELS = {6, 1, 9, 2, 3, 4, 5, 7, 8};
    /** Go's: its default (6), then the rest; -2 is HuffmanOnly. */
    static final int[] GO_LEVELS = {6, 1, 9, 2, 3, 4, 5, 7, 8, 0, GoDeflater.HUFFMAN_ONLY};
    /** pgzip's: its default (-1, that is 5) first; block sizes: containers/image's default (1 MiB), umoci's (256 KiB). */
    static final int[] PGZIP_LEVELS = {5, -2, 0};
    static final int[] PGZIP_BLOCKS = {1 << 20, 256 << 10};
    private static final long NARROW_AFTER = 4L << 20;
    private static final int MAX_AHEAD = 16 << 20;

    private final List<Candidate> alive = new ArrayList<>();
    /** The original bytes from {@code windowStart}: what the slowest candidate has not yet been compared with. */
    private byte[] window = new byte[1 << 20];
    private long windowStart;
    private int windowLen;
    private long plainSeen;

    /** Thrown through a Go compressor by its output when the candidate has dropped out, to stop it at once. */
    private static final class Dropped extends RuntimeException {
        Dropped() { super(null, null, false, false); }
    }

    private static final Dropped DROPPED = new Dropped();

    /** One compressor at one level, its output not yet compared and how much of the original it matched. */
    private abstract class Candidate {
        final GzipForm.Family family;
        final int level;
        final int blockSize;
        long matched;
        long written;
        byte[] ahead = new byte[0];
        int aheadLen;
        boolean dropped;

        Candidate(GzipForm.Family family, int level, int blockSize) {
            this.family = family;
            this.level = level;
            this.blockSize = blockSize;
        }

        /** An output that hands the bytes to {@link #output} and stops the compressor once the candidate dropped out. */
        OutputStream sink() {
            return new OutputStream() {
                @Override public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override public void write(byte[] b, int off, int len) {
                    if (!output(b, off, len)) throw DROPPED;
                }
            };
        }

        void run(IoStep step) {
            if (dropped) return;
            try {
                step.run();
            } catch (Dropped d) {
                // it dropped out at its first differing byte
            } catch (IOException e) {
                throw new IllegalStateException(e); // the output above never fails
            }
        }

        abstract void plain(byte[] b, int off, int len);

        abstract void finish();

        abstract void end();

        /** Output of the candidate: compared with the original as far as it goes, the rest kept. Returns false once it dropped out. */
        boolean output(byte[] b, int off, int n) {
            if (dropped) return false;
            written += n;
            if (aheadLen + n > ahead.length) {
                if (aheadLen + n > MAX_AHEAD) {
                    drop(this);
                    return false;
                }
                ahead = java.util.Arrays.copyOf(ahead, Math.max(ahead.length * 2, aheadLen + n));
            }
            System.arraycopy(b, off, ahead, aheadLen, n);
            aheadLen += n;
            return compareAhead(this);
        }
    }

    private final class Zlib extends Candidate {
        final Deflater deflater;
        final byte[] out = new byte[1 << 16];

        Zlib(int level) {
            super(GzipForm.Family.ZLIB, level, 0);
            deflater = new Deflater(level, true);
        }

        @Override void plain(byte[] b, int off, int len) {
            deflater.setInput(b, off, len);
            while (!dropped && !deflater.needsInput()) drain();
        }

        @Override void finish() {
            deflater.finish();
            while (!dropped && !deflater.finished()) drain();
        }

        private void drain() {
            int n = deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
            if (n > 0) output(out, 0, n);
        }

        @Override void end() { deflater.end(); }
    }

    private final class Go extends Candidate {
        final GoDeflater deflater;

        Go(int level) {
            super(GzipForm.Family.GO, level, 0);
            deflater = new GoDeflater(sink(), level);
        }

        @Override void plain(byte[] b, int off, int len) {
            run(() -> deflater.write(b, off, len));
        }

        @Override void finish() {
            run(deflater::finish);
        }

        @Override void end() { }
    }

    private final class Pgzip extends Candidate {
        final PgzipDeflater deflater;

        Pgzip(int level, int blockSize) {
            super(GzipForm.Family.PGZIP, level, blockSize);
            deflater = new PgzipDeflater(sink(), level, blockSize);
        }

        @Override void plain(byte[] b, int off, int len) {
            run(() -> deflater.write(b, off, len));
        }

        @Override void finish() {
            run(deflater::finish);
        }

        @Override void end() { deflater.abandon(); }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    DeflateMatcher() {
        for (int l : LEVELS) alive.add(new Zlib(l));
        for (int l : GO_LEVELS) alive.add(new Go(l));
        for (int l : PGZIP_LEVELS) for (int b : PGZIP_BLOCKS) alive.add(new Pgzip(l, b));
    }

    /**
     * The layer's gzip header: candidates that suit it go first (Go's gzip.Writer writes mtime 0,
     * OS 255, and XFL 4 only at level 1 and 2 only at 9; pgzip writes the mtime of Go's zero time,
     * 0x886e0900); they are the ones kept when the field narrows after 4 MiB.
     */
    void header(byte[] header) {
        if (header == null || header.length < 10) return;
        int xfl = header[8] & 0xff;
        boolean goOs = (header[9] & 0xff) == 255;
        long mtime = (header[4] & 0xffL) | (header[5] & 0xffL) << 8 | (header[6] & 0xffL) << 16 | (header[7] & 0xffL) << 24;
        alive.sort(java.util.Comparator.comparingInt(c -> rank(c, goOs, mtime, xfl)));
    }

    private static int rank(Candidate c, boolean goOs, long mtime, int xfl) {
        int goXfl = c.level == 9 ? 2 : c.level == 1 ? 4 : 0;
        return switch (c.family) {
            case PGZIP -> goOs && mtime == 0x886e0900L && goXfl == xfl ? 0 : 3;
            case GO -> goOs && mtime == 0 && goXfl == xfl ? 1 : 3;
            case ZLIB -> goOs && (mtime == 0 || mtime == 0x886e0900L) ? 3 : 2;
        };
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
        for (Candidate c : new ArrayList<>(alive)) c.plain(b, off, len);
        if (plainSeen > NARROW_AFTER) {
            while (alive.size() > 2) drop(alive.get(alive.size() - 1));
        }
    }

    /**
     * The uncompressed bytes ended; {@code deflateLength} is the original deflate stream's length.
     * Returns the family and level that reproduced it exactly (with {@code header}), or null.
     */
    GzipForm finish(long deflateLength, byte[] header) {
        for (Candidate c : new ArrayList<>(alive)) c.finish();
        GzipForm found = null;
        for (Candidate c : alive) {
            if (found == null && c.aheadLen == 0 && c.matched == deflateLength && c.written == deflateLength) found = new GzipForm(c.family, c.level, c.blockSize, header);
        }
        stop();
        return found;
    }

    void stop() {
        for (Candidate c : alive) {
            c.dropped = true;
            c.end();
        }
        alive.clear();
    }

    /** Compares what the candidate wrote with the original bytes there are so far; false when it differs (the candidate is dropped). */
    private boolean compareAhead(Candidate c) {
        long have = windowStart + windowLen - c.matched;
        int n = (int) Math.min(have, c.aheadLen);
        int from = (int) (c.matched - windowStart);
        if (java.util.Arrays.mismatch(c.ahead, 0, n, window, from, from + n) >= 0) {
            drop(c);
            return false;
        }
        c.matched += n;
        System.arraycopy(c.ahead, n, c.ahead, 0, c.aheadLen - n);
        c.aheadLen -= n;
        return true;
    }

    private void drop(Candidate c) {
        if (c.dropped) return;
        c.dropped = true;
        alive.remove(c);
        c.end();
    }
}
