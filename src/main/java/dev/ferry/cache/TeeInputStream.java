package dev.ferry.cache;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source's blob stream whose bytes also go to a {@link CacheWriter}. Reading never waits for
 * the cache; a source failure ends caching of the blob quietly (the failure is the caller's to
 * report), the end of the stream lets the writer check and store what it got.
 */
final class TeeInputStream extends InputStream {
    private final InputStream in;
    private final CacheWriter writer;
    private final long size;
    private final AtomicLong fromSource;
    private long count;
    private boolean eof;
    private boolean closed;

    TeeInputStream(InputStream in, CacheWriter writer, long size, AtomicLong fromSource) {
        this.in = in;
        this.writer = writer;
        this.size = size;
        this.fromSource = fromSource;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException | Error e) {
            writer.abandon();
            throw e;
        }
        if (n < 0) {
            eof = true;
            writer.finish();
            return -1;
        }
        if (n > 0) {
            count += n;
            fromSource.addAndGet(n);
            writer.offer(b, off, n);
        }
        return n;
    }

    /** Skipped bytes are read, so the cached copy stays whole. */
    @Override public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) break;
            left -= r;
        }
        return n - left;
    }

    @Override public int available() throws IOException {
        return in.available();
    }

    @Override public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (!eof && count == size) {
                // a reader that stopped at the declared size without asking for the end: look for it
                try {
                    if (in.read() < 0) {
                        eof = true;
                        writer.finish();
                    }
                } catch (IOException ignored) {
                    // not the end after all
                }
            }
            in.close();
        } finally {
            if (!eof) writer.abandon();
        }
    }
}
