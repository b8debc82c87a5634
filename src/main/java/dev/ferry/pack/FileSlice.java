package dev.ferry.pack;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** {@code size} bytes of a file from {@code offset}, read with positional reads (no shared position). */
final class FileSlice extends InputStream {
    private final FileChannel ch;
    private final String what;
    private final long end;
    private long pos;

    FileSlice(FileChannel ch, long offset, long size, String what) {
        this.ch = ch;
        this.pos = offset;
        this.end = offset + size;
        this.what = what;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int want = (int) Math.min(len, end - pos);
        int n = ch.read(ByteBuffer.wrap(b, off, want), pos);
        if (n < 0) throw new LocalizedIOException(Text.of("transmit.truncated_entry", what));
        pos += n;
        return n;
    }

    @Override public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - pos));
        pos += k;
        return k;
    }

    @Override public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }

    @Override public void close() throws IOException {
        ch.close();
    }
}
