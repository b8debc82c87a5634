package dev.ferry.pack;

import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads one data file of a pack once, from start to end: the sha256 of the whole file, and on the
 * way every blob the meta file places in it, decompressed from its frame, its tar header checked
 * ({@link #headerProblem}) and its bytes hashed against its digest. A data file whose sha256 was
 * fixed up to match tampered content passes the first check and fails the second.
 */
final class DataFileCheck {
    private static final int BLOCK = 512;

    private DataFileCheck() {}

    /**
     * The problems of one data file (empty: it is sound).
     *
     * @param blobs  the blobs the meta file places in this file (in any order; they do not overlap)
     * @param hashed told the size of each chunk read, from this thread
     * @throws InterruptedIOException when the thread is interrupted (the job was cancelled)
     * @throws IOException            when the file cannot be read at all
     */
    static List<Text> check(Path path, PackMeta.DataFile file, Compression compression, List<PackMeta.Blob> blobs,
                              LongConsumer hashed) throws IOException {
        List<PackMeta.Blob> sorted = new ArrayList<>(blobs);
        sorted.sort(Comparator.comparingLong(PackMeta.Blob::offset));
        List<Text> problems = new ArrayList<>();
        MessageDigest sha = newSha256();
        try (Position in = new Position(Files.newInputStream(path), sha, hashed)) {
            for (PackMeta.Blob b : sorted) {
                in.skipTo(b.offset());
                Text p = blob(in, b, compression);
                if (p != null) problems.add(p);
                in.skipTo(b.offset() + b.length());
            }
            in.skipTo(Long.MAX_VALUE);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256())) {
            problems.add(0, Text.of("packfile.problem.sha256", file.name(), actual, file.sha256()));
        }
        return problems;
    }

    /**
     * One blob's frame read where it lies in its data file (the rest of the file is not read, nor its sha256 taken):
     * null when header and bytes are as the meta file says.
     */
    static Text frame(Path path, PackMeta.Blob b, Compression compression) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ)) {
            ch.position(b.offset());
            Position in = new Position(java.nio.channels.Channels.newInputStream(ch), null, n -> { });
            return blob(in, b, compression);
        }
    }

    /** One blob's frame, read from where {@code in} is: null when header and bytes are as the meta file says. */
    private static Text blob(Position in, PackMeta.Blob b, Compression compression) throws IOException {
        Text where = Text.of("packfile.problem.blob_at", b.digest().shortForm(), b.file(), b.offset());
        try {
            InputStream frame = compression.unframe(new Frame(in, b.length()));
            Text header = headerProblem(frame.readNBytes(BLOCK), b);
            if (header != null) return header;
            MessageDigest md = b.digest().newMessageDigest();
            byte[] buf = new byte[64 * 1024];
            long left = b.size();
            while (left > 0) {
                int n = frame.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) return Text.of("packfile.problem.blob_ends", where, b.size() - left, b.size());
                md.update(buf, 0, n);
                left -= n;
            }
            if (!b.digest().matches(md)) {
                return Text.of("packfile.problem.blob_digest", where);
            }
            return null;
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_verifying", b.file()));
            return Text.of("packfile.problem.blob_unreadable", where, Text.of(e));
        }
    }

    /**
     * What is wrong with the tar header in front of a blob, or null: it must be a regular file
     * named {@code blobs/ALG/HEX} for the blob's digest, with the blob's size and a good checksum.
     * A symbolic or hard link, a folder, a device or any other type is refused, even when it
     * carries bytes: a tar reader would not extract it as the blob.
     */
    static Text headerProblem(byte[] header, PackMeta.Blob b) {
        Text at = Text.of("packfile.problem.at_offset", b.file(), b.offset());
        String want = "blobs/" + b.digest().algorithm() + "/" + b.digest().hex();
        if (header.length < BLOCK) return Text.of("packfile.problem.no_header", at, want);
        if (!TarUtils.verifyCheckSum(header)) return Text.of("packfile.problem.bad_checksum", at, want);
        TarArchiveEntry e;
        try {
            e = new TarArchiveEntry(header, ZipEncodingHelper.getZipEncoding("UTF-8"), false);
        } catch (IOException | RuntimeException x) {
            return Text.of("packfile.problem.invalid_header", at, want, Text.of(x));
        }
        if (!want.equals(e.getName()) || e.getSize() != b.size()) {
            return Text.of("packfile.problem.other_entry", at, e.getName(), e.getSize(), want, b.size());
        }
        byte type = e.getLinkFlag();
        if (type != TarConstants.LF_NORMAL && type != TarConstants.LF_OLDNORM) {
            return Text.of("packfile.problem.not_regular", at, want, typeName(type));
        }
        return null;
    }

    private static Text typeName(byte type) {
        return switch (type) {
            case TarConstants.LF_SYMLINK -> Text.of("packfile.type.symlink");
            case TarConstants.LF_LINK -> Text.of("packfile.type.hard_link");
            case TarConstants.LF_DIR -> Text.of("packfile.type.folder");
            case TarConstants.LF_CHR, TarConstants.LF_BLK -> Text.of("packfile.type.device");
            case TarConstants.LF_FIFO -> Text.of("packfile.type.fifo");
            default -> Text.of("packfile.type.other", type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : "\\" + (type & 0xff));
        };
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data file read in order: counted, hashed, told to {@code hashed}; a cancelled job's interrupt stops it. */
    private static final class Position extends FilterInputStream {
        private final MessageDigest sha;
        private final LongConsumer hashed;
        private long position;

        Position(InputStream in, MessageDigest sha, LongConsumer hashed) {
            super(in);
            this.sha = sha;
            this.hashed = hashed;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (Thread.currentThread().isInterrupted()) throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_verifying_pack"));
            int n = super.read(b, off, len);
            if (n > 0) {
                if (sha != null) sha.update(b, off, n);
                position += n;
                hashed.accept(n);
            }
            return n;
        }

        @Override public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        /** Reads (and hashes) up to {@code target}, or to the end of the file. */
        void skipTo(long target) throws IOException {
            byte[] buf = new byte[64 * 1024];
            while (position < target) {
                int n = read(buf, 0, (int) Math.min(buf.length, target - position));
                if (n < 0) return;
            }
        }
    }

    /** The next {@code length} bytes of the data file, one blob's frame; closing it leaves the file open. */
    private static final class Frame extends BoundedInputStream {
        Frame(InputStream in, long length) {
            super(in, length);
        }

        @Override public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(Math.max(n, 1), 64 * 1024)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override public int available() { return 0; }

        @Override public void close() {}
    }
}
