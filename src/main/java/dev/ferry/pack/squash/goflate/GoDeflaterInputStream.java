package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.InputStream;

/**
 * The raw deflate bytes of what {@code plain} holds, as Go's {@code flate.Writer} at a level writes
 * them, pulled as they are read. Memory stays bounded: the compressor's window and tables, one
 * 32 KiB input chunk and the output one chunk makes. {@link #close()} closes {@code plain}.
 */
public final class GoDeflaterInputStream extends DeflatedInputStream {
    private final GoDeflater deflater;

    public GoDeflaterInputStream(InputStream plain, int level) {
        super(plain, 32 << 10);
        this.deflater = new GoDeflater(sink, level);
    }

    @Override protected void deflate(byte[] b, int off, int len) throws IOException {
        deflater.write(b, off, len);
    }

    @Override protected void finish() throws IOException {
        deflater.finish();
    }
}
