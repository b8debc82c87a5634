package dev.ferry.pack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The tar stream of an {@link ArchiveWriter}: every entry stamped alike (owned by root, dated when
 * the archive was started, files 0644 and directories 0755), the {@code blobs/} directories first,
 * and the bytes that reached the output counted. A failure of the output breaks it for good: the
 * failure is kept and the writer refuses every later call with it. Not thread-safe: the writer
 * calls it under its lock.
 */
final class ArchiveTar {
    private final CountingStream counted;
    private final TarArchiveOutputStream tar;
    private final Date mtime = Date.from(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    private volatile IOException failure;
    private boolean started;
    private long bytes;

    ArchiveTar(OutputStream out) {
        this.counted = new CountingStream(out);
        this.tar = new TarArchiveOutputStream(counted, 512 * 20);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Why the output failed, or null. */
    IOException failure() { return failure; }

    /** Bytes that reached the output so far. */
    long bytes() { return bytes; }

    /** Writes the {@code blobs/} directory entries, once, before the first file. */
    void startIfNeeded() throws IOException {
        if (started) return;
        started = true;
        output(() -> {
            for (String dir : List.of("blobs/", "blobs/sha256/")) {
                TarArchiveEntry e = new TarArchiveEntry(dir);
                stamp(e, 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        });
    }

    /** Starts a file entry of {@code size} bytes; its bytes follow with {@link #write}, then {@link #endFile()}. */
    void beginFile(String name, long size) throws IOException {
        output(() -> tar.putArchiveEntry(file(name, size)));
    }

    void write(byte[] b, int off, int len) throws IOException {
        output(() -> tar.write(b, off, len));
    }

    void endFile() throws IOException {
        output(tar::closeArchiveEntry);
    }

    /** A whole file entry from bytes in memory. */
    void small(String name, byte[] content) throws IOException {
        output(() -> {
            tar.putArchiveEntry(file(name, content.length));
            tar.write(content);
            tar.closeArchiveEntry();
        });
    }

    /** Ends the tar (its closing blocks); {@link #close()} then closes the output. */
    void finish() throws IOException {
        output(tar::finish);
    }

    void close() throws IOException {
        output(tar::close);
    }

    /** Closes the output as it is, without ending the tar. */
    void closeRaw() throws IOException {
        counted.closeRaw();
    }

    private TarArchiveEntry file(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        stamp(e, 0644);
        return e;
    }

    private void stamp(TarArchiveEntry e, int mode) {
        e.setMode((e.isDirectory() ? 0040000 : 0100000) | mode);
        e.setModTime(mtime);
        e.setIds(0, 0);
        e.setNames("root", "root");
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs a step that writes to the output; a failure there breaks the archive for good. */
    private void output(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            if (failure == null) failure = io;
            throw io;
        }
    }

    /** Counts the bytes that reach the output and lets {@link #closeRaw()} close it directly. */
    private final class CountingStream extends FilterOutputStream {
        CountingStream(OutputStream out) {
            super(out);
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        void closeRaw() throws IOException {
            out.close();
        }
    }
}
