package dev.ferry.pack.squash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Contents a rebuild took out of their frames to serve later (named again, or lying where the
 * frame being streamed cannot go back to): in memory up to {@value #KEPT_BYTES} bytes in all, the
 * rest in one temporary file (at most the layer's own size), removed at close.
 */
final class ContentCopies implements AutoCloseable {
    static final int KEPT_BYTES = 8 << 20;

    private final Map<String, byte[]> kept = new HashMap<>();
    private final Map<String, long[]> spilled = new HashMap<>();
    private long keptBytes;
    private Path spill;
    private FileChannel channel;
    private long end;

    boolean has(String sha) {
        return kept.containsKey(sha) || spilled.containsKey(sha);
    }

    /** The bytes of a content copied before, or null. */
    InputStream open(String sha) {
        byte[] b = kept.get(sha);
        if (b != null) return new java.io.ByteArrayInputStream(b);
        long[] at = spilled.get(sha);
        if (at == null) return null;
        return new InputStream() {
            long pos = at[0];
            final long limit = at[0] + at[1];

            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] dst, int off, int len) throws IOException {
                if (pos >= limit) return -1;
                int n = channel.read(ByteBuffer.wrap(dst, off, (int) Math.min(len, limit - pos)), pos);
                if (n < 0) throw new java.io.EOFException();
                pos += n;
                return n;
            }
        };
    }

    /** A copy being made, in the order its bytes come; {@link Copy#done()} makes it available. */
    Copy begin(String sha, long size) throws IOException {
        if (size <= KEPT_BYTES - keptBytes) {
            keptBytes += size;
            return new Copy(sha, new byte[(int) size], 0);
        }
        if (channel == null) {
            spill = Files.createTempFile("ferry-squash-", ".contents");
            channel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        Copy c = new Copy(sha, null, end);
        end += size;
        return c;
    }

    final class Copy {
        private final String sha;
        private final byte[] bytes;
        private final long start;
        private long at;

        private Copy(String sha, byte[] bytes, long start) {
            this.sha = sha;
            this.bytes = bytes;
            this.start = start;
        }

        void write(byte[] b, int off, int len) throws IOException {
            if (bytes != null) {
                System.arraycopy(b, off, bytes, (int) at, len);
            } else {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) channel.write(buf, start + at + (len - buf.remaining()));
            }
            at += len;
        }

        void done() {
            if (bytes != null) {
                kept.put(sha, bytes);
            } else {
                spilled.put(sha, new long[]{start, at});
            }
        }
    }

    @Override public void close() throws IOException {
        kept.clear();
        spilled.clear();
        if (channel != null) {
            try {
                channel.close();
            } finally {
                channel = null;
                Files.deleteIfExists(spill);
            }
        }
    }
}
