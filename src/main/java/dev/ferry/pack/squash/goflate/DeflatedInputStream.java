package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A push compressor turned into a pull stream: the plain bytes are read in chunks of a fixed size
 * and pushed into the compressor, whose output collects in a buffer that the reader drains (the
 * part already read is dropped before the buffer grows). Memory: one chunk, the output one chunk
 * makes and the compressor's own. {@link #close()} stops the compressor and closes the plain stream.
 */
abstract class DeflatedInputStream extends InputStream {
    private final InputStream plain;
    private final byte[] in;
    private byte[] buf;
    private int pos;
    private int lim;
    private boolean ended;
    /** Where the compressor writes. */
    protected final OutputStream sink = new OutputStream() {
        @Override public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) {
            if (lim + len > buf.length) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                }
                if (lim + len > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, lim + len));
            }
            System.arraycopy(b, off, buf, lim, len);
            lim += len;
        }
    };

    /** @param chunk how many plain bytes each push gives the compressor (the last may be fewer) */
    DeflatedInputStream(InputStream plain, int chunk) {
        this.plain = plain;
        this.in = new byte[chunk];
        this.buf = new byte[chunk + 1024];
    }

    /** Compresses {@code len} more plain bytes into {@link #sink}. */
    protected abstract void deflate(byte[] b, int off, int len) throws IOException;

    /** The plain bytes ended: the rest of the compressed bytes into {@link #sink}. */
    protected abstract void finish() throws IOException;

    /** The reader closed the stream: compressing may stop. */
    protected void stop() { }

    private boolean more() throws IOException {
        while (pos == lim) {
            if (ended) return false;
            pos = 0;
            lim = 0;
            int n = plain.readNBytes(in, 0, in.length);
            if (n > 0) deflate(in, 0, n);
            if (n < in.length) {
                finish();
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
        stop();
        plain.close();
    }
}
