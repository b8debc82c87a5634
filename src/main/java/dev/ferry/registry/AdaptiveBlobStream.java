package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.function.DoubleSupplier;

/**
 * A large blob read over one connection that turns into parallel byte ranges once that connection
 * proves slow, and that resumes from where it was cut when the connection drops.
 *
 * <p>The decision is measured on the stream itself, over windows of a few hundred milliseconds:
 * the rate while waiting on the source (time spent inside {@code read}), the share of the time
 * spent waiting, and how busy ferry keeps the processors. A link that throttles each connection (common
 * across borders) shows a low rate, most time waiting, and processors ferry leaves idle: the rest of the blob,
 * from one chunk ahead, is then fetched as ranges over several connections while this connection
 * carries on up to that point. On a fast link, or on a machine whose processors are the
 * bottleneck, the stream stays one plain GET: ranges there would only cost requests and copies.
 *
 * <p>If the registry does not honour ranges, the stream simply carries on over its connection.
 */
final class AdaptiveBlobStream extends InputStream {

    /** How the stream reaches the registry. */
    interface Opener {
        /** The rest of the blob from {@code offset} (a {@code Range} request), to resume a cut connection. */
        InputStream from(long offset) throws IOException;

        /**
         * Parallel ranges from {@code start} to the end, already fetching; {@link RangedBlobStream#NOT_NOW}
         * when no connection can be spared at the moment (the registry's limit is in use); or null when ranges are
         * known not to work (a registry that answered a range with the whole blob is not asked again).
         */
        RangedBlobStream ranges(long start) throws IOException;
    }

    /** Bytes per second above which one connection is not throttled and ranges are not worth their requests. */
    static volatile double fastConnection = 60e6;
    /** The share of a window spent waiting inside {@code read} from which the link, not ferry's own work, holds the stream back. */
    static volatile double waitingShare = 0.5;
    /** The length of a measuring window. */
    static volatile long windowNanos = 300_000_000L;
    /** The share of the machine's processors ferry uses, 0 to 1 (NaN: unknown). */
    static volatile DoubleSupplier load = SystemLoad::recent;
    /** Processor share at and above which ferry's own work, not the link, is taken to be the bottleneck. */
    static final double SATURATED = 0.8;
    static final long MIN_WINDOW_BYTES = 1 << 20;

    private final Descriptor blob;
    private final Opener opener;
    private final long chunk;
    private final int resumes;
    private InputStream direct;
    private long pos;
    private long boundary = Long.MAX_VALUE;
    private RangedBlobStream ranged;
    private boolean rangedConfirmed;
    private boolean decided;
    private long windowStart = System.nanoTime();
    private long windowBytes;
    private long windowWait;
    private int resumed;
    private boolean closed;

    AdaptiveBlobStream(Descriptor blob, InputStream direct, Opener opener, long chunk, int resumes) {
        this.blob = blob;
        this.direct = direct;
        this.opener = opener;
        this.chunk = chunk;
        this.resumes = resumes;
    }

    /** Whether the rest of the blob is (being) read as ranges. */
    boolean isRanged() {
        return ranged != null;
    }

    /** How many times a cut connection was resumed. */
    int resumed() {
        return resumed;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new LocalizedIOException(Text.of("remote.detail.stream_closed"));
        if (len == 0) return 0;
        if (ranged != null && pos >= boundary) return readRanged(b, off, len);
        int max = ranged == null ? len : (int) Math.min(len, boundary - pos);
        long t0 = System.nanoTime();
        int n;
        try {
            n = direct.read(b, off, max);
            if (n < 0 && pos < blob.size()) n = resume(new LocalizedIOException(Text.of("remote.detail.connection_ended", pos, blob.size())), b, off, max);
        } catch (IOException e) {
            n = resume(e, b, off, max);
        }
        long t1 = System.nanoTime();
        if (n > 0) {
            pos += n;
            windowBytes += n;
            windowWait += t1 - t0;
            if (!decided && ranged == null) consider(t1);
        }
        return n;
    }

    private int readRanged(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = ranged.read(b, off, len);
        } catch (IOException e) {
            if (rangedConfirmed) throw e;
            // the first range did not come: carry on over the connection that is still open
            ranged.close();
            ranged = null;
            boundary = Long.MAX_VALUE;
            decided = true;
            return read(b, off, len);
        }
        if (!rangedConfirmed) {
            rangedConfirmed = true;
            closeQuietly(direct);
            direct = null;
        }
        if (n > 0) pos += n;
        return n;
    }

    private void consider(long now) throws IOException {
        long window = now - windowStart;
        if (window < windowNanos || windowBytes < MIN_WINDOW_BYTES) return;
        if (blob.size() - pos < 2 * chunk) {
            decided = true; // too little left for ranges to pay off
            return;
        }
        double rate = windowBytes / Math.max(windowWait / 1e9, 1e-9);
        double waiting = windowWait / (double) Math.max(window, 1);
        windowStart = now;
        windowBytes = 0;
        windowWait = 0;
        if (rate >= fastConnection || waiting < waitingShare) return;
        double l = load.getAsDouble();
        if (l >= SATURATED) return; // NaN (unknown) does not hold ranges back
        long start = pos + chunk;
        RangedBlobStream r = opener.ranges(start);
        if (r == RangedBlobStream.NOT_NOW) return; // no connection to spare yet: ask again after the next window
        if (r == null) {
            decided = true;
            return;
        }
        ranged = r;
        boundary = start;
    }

    private int resume(IOException cause, byte[] b, int off, int max) throws IOException {
        while (true) {
            if (closed || resumed >= resumes || !resumable(cause)) throw cause;
            resumed++;
            closeQuietly(direct);
            direct = null;
            try {
                direct = opener.from(pos);
            } catch (IOException e) {
                cause.addSuppressed(e);
                throw cause;
            }
            try {
                int n = direct.read(b, off, max);
                if (n >= 0 || pos >= blob.size()) return n;
                cause = new LocalizedIOException(Text.of("remote.detail.connection_ended", pos, blob.size()));
            } catch (IOException e) {
                cause = e;
            }
        }
    }

    private static boolean resumable(IOException e) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) return false;
        return !(e instanceof RegistryException re) || re.isRetryable();
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) return;
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // abandoning a connection
        }
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(direct);
        if (ranged != null) ranged.close();
    }
}
