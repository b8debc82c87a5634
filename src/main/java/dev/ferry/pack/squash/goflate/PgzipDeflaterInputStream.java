package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The deflate data klauspost/pgzip 1.2 writes between its gzip header and trailer, pulled as it
 * is read: the input cut into blocks of {@code blockSize} bytes (1 MiB by default; umoci sets
 * 256 KiB), each compressed on its own by klauspost/compress's flate with the previous block's
 * last 16 KiB as dictionary and ended by a sync flush; the last block (shorter, or empty when the
 * input fills whole blocks) is closed. How many blocks pgzip compresses at once does not change
 * the bytes. Memory: one block, its output and the compressor.
 */
public final class PgzipDeflaterInputStream extends InputStream {
    private static final int TAIL_SIZE = 16384;

    private final InputStream plain;
    private final int level;
    private final byte[] block;
    private byte[] tail;
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

    /** Whether this port reproduces pgzip at {@code level}: -1 (its default, that is 5), 5, -2 (HuffmanOnly) and 0. */
    public static boolean supports(int level) {
        return KpDeflater.supports(level);
    }

    public PgzipDeflaterInputStream(InputStream plain, int level, int blockSize) {
        if (blockSize <= TAIL_SIZE) throw new IllegalStateException("gzip: block size cannot be less than or equal to " + TAIL_SIZE);
        this.plain = plain;
        this.level = level;
        this.block = new byte[blockSize];
        new KpDeflater(OutputStream.nullOutputStream(), level); // refuses a level that is not ported, now
    }

    private boolean more() throws IOException {
        while (pos == lim) {
            if (ended) return false;
            pos = 0;
            lim = 0;
            int n = plain.readNBytes(block, 0, block.length);
            boolean last = n < block.length;
            KpDeflater d = new KpDeflater(sink, level);
            if (tail != null) d.dictionary(tail, 0, tail.length);
            d.write(block, 0, n);
            d.flush();
            if (last) {
                d.finish();
                ended = true;
            }
            tail = n > TAIL_SIZE ? java.util.Arrays.copyOfRange(block, n - TAIL_SIZE, n) : null;
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

    @Override public void close() throws IOException {
        plain.close();
    }
}
