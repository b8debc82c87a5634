package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * klauspost/pgzip 1.2's deflate data, pushed: the input cut into blocks of {@code blockSize}
 * bytes, each compressed on its own by klauspost/compress's flate with the previous block's last
 * 16 KiB as dictionary and ended by a sync flush; the last block (shorter, or empty when the input
 * fills whole blocks) is closed. How many blocks pgzip compresses at once does not change the
 * bytes. Memory: one block and the compressor.
 */
public final class PgzipDeflater {
    private static final int TAIL_SIZE = 16384;

    private final OutputStream out;
    private final int level;
    private final byte[] block;
    private int blockLen;
    private byte[] tail;
    private boolean finished;

    /** Whether this port reproduces pgzip at {@code level}: -1 (its default, that is 5), 5, -2 (HuffmanOnly) and 0. */
    public static boolean supports(int level) {
        return KpDeflater.supports(level);
    }

    public PgzipDeflater(OutputStream out, int level, int blockSize) {
        if (blockSize <= TAIL_SIZE) throw new IllegalStateException("gzip: block size cannot be less than or equal to " + TAIL_SIZE);
        if (!supports(level)) throw new IllegalStateException("klauspost level " + level + " is not ported");
        this.out = out;
        this.level = level;
        this.block = new byte[blockSize];
    }

    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) throw new IllegalStateException("pgzip: write after close");
        while (len > 0) {
            int n = Math.min(len, block.length - blockLen);
            System.arraycopy(b, off, block, blockLen, n);
            blockLen += n;
            off += n;
            len -= n;
            if (blockLen == block.length) compress(false);
        }
    }

    /** pgzip's Close without the trailer: the last block. */
    public void finish() throws IOException {
        if (finished) return;
        finished = true;
        compress(true);
    }

    private void compress(boolean last) throws IOException {
        KpDeflater d = new KpDeflater(out, level);
        if (tail != null) d.dictionary(tail, 0, tail.length);
        d.write(block, 0, blockLen);
        d.flush();
        if (last) d.finish();
        tail = blockLen > TAIL_SIZE ? java.util.Arrays.copyOfRange(block, blockLen - TAIL_SIZE, blockLen) : null;
        blockLen = 0;
    }
}
