package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The deflate data klauspost/pgzip 1.2 writes between its gzip header and trailer
 * ({@link PgzipDeflater}), pulled as it is read. Memory: the deflater's blocks in flight and their
 * outputs; closing the stream stops the blocks not yet compressed.
 */
public final class PgzipDeflaterInputStream extends InputStream {
    private static final int CHUNK = 64 << 10;

    private final InputStream plain;
    private final PgzipDeflater deflater;
    private final byte[] in = new byte[CHUNK];
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean ended;
    private final OutputStream sink = new OutputStream() {
        @Override public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) {
            if (lim + len > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, lim + len));
            System.arraycopy(b, off, buf, lim, len);
            lim += len;
        }
    };

    public PgzipDeflaterInputStream(InputStream plain, int level, int blockSize) {
        this.plain = plain;
        this.deflater = new PgzipDeflater(sink, level, blockSize);
    }

    private boolean more() throws IOException {
        while (pos == lim) {
            if (ended) return false;
            pos = 0;
            lim = 0;
            int n = plain.readNBytes(in, 0, CHUNK);
            if (n > 0) deflater.write(in, 0, n);
            if (n < CHUNK) {
                deflater.finish();
                ended = true;
            }
        }
        return true;
    }

    @Override public int read() throws IOException {
        return more() ? buf[pos++] & 0xff : -1;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!more()) return -1;
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override public int available() {
        return lim - pos;
    }

    @Override public void close() throws IOException {
        deflater.abandon();
        plain.close();
    }
}
