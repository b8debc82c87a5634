package dev.ferry.pack.squash;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One file's content while it is read from a layer, hashed as it comes: in memory up to 4 MiB,
 * beyond that in a temporary file (at most one file's size of disk per worker).
 */
final class ContentBuffer implements AutoCloseable {
    private static final int IN_MEMORY = 4 << 20;
    private byte[] bytes = new byte[64 << 10];
    private int length;
    private Path spill;
    private OutputStream spillOut;
    private long size;
    private MessageDigest sha;

    void reset() {
        close();
        length = 0;
        size = 0;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        sha.update(b, off, len);
        size += len;
        if (spillOut == null && length + len <= IN_MEMORY) {
            if (length + len > bytes.length) bytes = java.util.Arrays.copyOf(bytes, Math.min(IN_MEMORY, Math.max(bytes.length * 2, length + len)));
            System.arraycopy(b, off, bytes, length, len);
            length += len;
            return;
        }
        if (spillOut == null) {
            spill = Files.createTempFile("ferry-squash-", ".content");
            spillOut = new java.io.BufferedOutputStream(Files.newOutputStream(spill), 1 << 16);
            spillOut.write(bytes, 0, length);
        }
        spillOut.write(b, off, len);
    }

    long size() { return size; }

    String sha256() { return ContentRef.hex(sha.digest()); }

    /** The bytes written so far (call once, after the last write). */
    InputStream open() throws IOException {
        if (spillOut == null) return new ByteArrayInputStream(bytes, 0, length);
        spillOut.close();
        spillOut = null;
        return Files.newInputStream(spill);
    }

    @Override public void close() {
        try {
            if (spillOut != null) spillOut.close();
            if (spill != null) Files.deleteIfExists(spill);
        } catch (IOException ignored) {
            // a temporary file; the next reset tries with a new one
        }
        spillOut = null;
        spill = null;
    }
}
