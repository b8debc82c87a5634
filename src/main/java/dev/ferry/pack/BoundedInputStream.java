package dev.ferry.pack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The next {@code length} bytes of a stream, then its end. Closing it closes the stream below (override to keep that open). */
public class BoundedInputStream extends FilterInputStream {
    private long left;

    public BoundedInputStream(InputStream in, long length) {
        super(in);
        this.left = length;
    }

    @Override public int read() throws IOException {
        if (left <= 0) return -1;
        int b = super.read();
        if (b >= 0) left--;
        return b;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) return -1;
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) left -= n;
        return n;
    }
}
