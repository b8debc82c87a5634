package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes one data file of a pack: a tar stream of {@code blobs/sha256/<hex>} entries, each entry
 * (header, content, padding) compressed as a frame of its own, then the tar's end blocks. The
 * file's size and sha256 are computed while writing. A blob whose stream fails (a source
 * error, a digest mismatch) is cut off again: the file is truncated to where that blob began.
 *
 * <p>The file is written as {@code NAME.partial}, locked while it is written, and gets its name
 * only from {@link #publish()}, once the whole pack is complete (see {@link PackFiles}).
 */
public final class DataFileWriter implements AutoCloseable {
    private static final int BLOCK = 512;

    /** Where a blob's frame sits in the data file. */
    public record Placement(String file, long offset, long length) {}

    /** What the meta file records about a finished data file. */
    record Finished(String name, long size, String sha256) {}

    private final Path path;
    private final Path partial;
    private final Compression compression;
    private final FileChannel channel;
    private final Out out;
    private boolean closed;
    private boolean published;

    /** @param path the data file's final name; until {@link #publish()} the bytes go to {@code path.partial} */
    DataFileWriter(Path path, Compression compression) throws IOException {
        this.path = path;
        this.partial = PackFiles.partial(path);
        this.compression = compression;
        if (java.nio.file.Files.exists(path)) throw new java.nio.file.FileAlreadyExistsException(path.toString());
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.lock(); // another save sees the file is being written (PackFiles.leftovers); released when the channel closes
        } catch (IOException | RuntimeException e) {
            channel.close();
            java.nio.file.Files.deleteIfExists(partial);
            throw e;
        }
        this.out = new Out(channel);
    }

    /** The final name, as the meta file records it. */
    public String name() { return path.getFileName().toString(); }

    /** Where the next byte goes (squash packs place their own frames). */
    public synchronized long position() throws IOException {
        out.flush();
        return out.count;
    }

    /**
     * The file's stream from its current end, for a squash pack's frames: bytes written through it
     * are counted and hashed like every other; closing it flushes but leaves the file open. The
     * caller holds the writer alone while it writes (the pack hands a writer to one worker at a time).
     */
    public OutputStream appendStream() throws IOException {
        if (closed) throw new LocalizedIOException(Text.of("packfile.data_file_closed", name()));
        return new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override public void close() throws IOException { out.flush(); }
        };
    }

    long size() { return out.count; }

    /** Appends one blob as a tar entry in a frame of its own; the content stream verifies itself when it ends. */
    synchronized Placement write(Descriptor d, InputStream content) throws IOException {
        return writeEntry("blobs/" + d.digest().algorithm() + "/" + d.digest().hex(), d.size(), content, Compression.compressedAlready(d.mediaType()));
    }

    /** Appends a small named entry (metadata of the single-file format). */
    synchronized Placement writeEntry(String name, byte[] bytes) throws IOException {
        return writeEntry(name, bytes.length, new java.io.ByteArrayInputStream(bytes), false);
    }

    private Placement writeEntry(String name, long size, InputStream content, boolean compressedAlready) throws IOException {
        if (closed) throw new LocalizedIOException(Text.of("packfile.data_file_closed", name()));
        out.flush(); // nothing of earlier entries stays in the buffer, so a rewind cannot lose it
        long start = out.count;
        MessageDigest before = out.snapshot();
        try {
            OutputStream frame = compression.frame(out, compressedAlready);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(size);
            e.setMode(0100644);
            e.setModTime(0);
            byte[] header = new byte[BLOCK];
            e.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding("UTF-8"), true);
            frame.write(header);
            byte[] buf = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = content.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new LocalizedIOException(Text.of("packfile.content_ended", name, size - left, size));
                frame.write(buf, 0, n);
                left -= n;
            }
            if (content.read() != -1) throw new LocalizedIOException(Text.of("packfile.content_longer", name, size));
            int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
            if (pad > 0) frame.write(new byte[pad]);
            frame.close();
            return new Placement(name(), start, out.count - start);
        } catch (IOException | RuntimeException e) {
            out.rewind(start, before);
            throw e;
        }
    }

    /** Writes the tar end (as a last frame), closes the file, and returns its size and sha256. */
    synchronized Finished finish() throws IOException {
        if (!closed) {
            if (!compression.squash()) {
                OutputStream frame = compression.frame(out);
                frame.write(new byte[2 * BLOCK]);
                frame.close();
            }
            out.flush();
            channel.force(true);
            channel.close();
            closed = true;
        }
        return new Finished(name(), out.count, HexFormat.of().formatHex(out.sha.digest()));
    }

    /** Gives the finished file its name (never over an existing file). */
    synchronized void publish() throws IOException {
        if (!closed) throw new IllegalStateException("publish before finish");
        if (!published) {
            java.nio.file.Files.move(partial, path); // without REPLACE_EXISTING: fails rather than overwrite a file of that name
            published = true;
        }
    }

    /** Closes the file and deletes it, under whichever name it has. */
    synchronized void discard() throws IOException {
        close();
        java.nio.file.Files.deleteIfExists(published ? path : partial);
    }

    @Override public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    /** Buffered, counting, hashing output to the channel, which can be rewound to an earlier point. */
    private static final class Out extends OutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        private MessageDigest sha;
        long count;

        Out(FileChannel channel) {
            this.channel = channel;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        MessageDigest snapshot() throws IOException {
            try {
                return (MessageDigest) sha.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("cannot snapshot sha256 state", e); // the JDK's sha256 clones
            }
        }

        void rewind(long to, MessageDigest state) throws IOException {
            buffer.clear();
            channel.truncate(to);
            channel.position(to);
            count = to;
            sha = state;
        }

        @Override public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            count += len;
            while (len > 0) {
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
                if (!buffer.hasRemaining()) flush();
            }
        }

        @Override public void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) channel.write(buffer);
            buffer.clear();
        }
    }
}
