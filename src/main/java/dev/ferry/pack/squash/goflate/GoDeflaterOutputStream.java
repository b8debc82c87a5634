package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/** Raw deflate as Go's {@code flate.Writer} writes it, as an OutputStream: {@link #close()} is Go's Close, then closes the output. */
public final class GoDeflaterOutputStream extends OutputStream {
    private final OutputStream out;
    private final GoDeflater deflater;
    private final byte[] one = new byte[1];

    public GoDeflaterOutputStream(OutputStream out, int level) {
        this.out = out;
        this.deflater = new GoDeflater(out, level);
    }

    @Override public void write(int b) throws IOException {
        one[0] = (byte) b;
        deflater.write(one, 0, 1);
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        deflater.write(b, off, len);
    }

    /** Go's Flush (a sync flush: an empty stored block), then the output's flush. */
    @Override public void flush() throws IOException {
        deflater.flush();
        out.flush();
    }

    /** Ends the deflate stream without closing the output. */
    public void finish() throws IOException {
        deflater.finish();
    }

    @Override public void close() throws IOException {
        try {
            deflater.finish();
        } finally {
            out.close();
        }
    }
}
