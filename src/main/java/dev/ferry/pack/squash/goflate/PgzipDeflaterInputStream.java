package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.InputStream;

/**
 * The deflate data klauspost/pgzip 1.2 writes between its gzip header and trailer
 * ({@link PgzipDeflater}), pulled as it is read. Memory: the deflater's blocks in flight and their
 * outputs; closing the stream stops the blocks not yet compressed.
 */
public final class PgzipDeflaterInputStream extends DeflatedInputStream {
    private final PgzipDeflater deflater;

    public PgzipDeflaterInputStream(InputStream plain, int level, int blockSize) {
        super(plain, 64 << 10);
        this.deflater = new PgzipDeflater(sink, level, blockSize);
    }

    @Override protected void deflate(byte[] b, int off, int len) throws IOException {
        deflater.write(b, off, len);
    }

    @Override protected void finish() throws IOException {
        deflater.finish();
    }

    @Override protected void stop() {
        deflater.abandon();
    }
}
