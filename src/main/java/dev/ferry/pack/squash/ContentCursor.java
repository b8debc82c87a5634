package dev.ferry.pack.squash;

import dev.ferry.pack.InvalidInputException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads the contents a recipe refers to, one after another: a frame stays open while the next
 * content lies further on in it (contents of one layer are written in the order the layer reads
 * them), else the frame is opened again. Each content is hashed as it is read; one that does not
 * hash to its sha256 is refused.
 *
 * <p>A content the recipe names more than once ({@code again}) is kept the first time it is read:
 * small ones in memory, larger ones in a temporary file (at most the layer's own size on disk, all
 * removed at close). Without that, each later reference decompressed its frame from the start up
 * to the content again: for a layer with large duplicate files, most of a squash load's time.
 */
final class ContentCursor implements AutoCloseable {
    /** Small contents read once are kept (up to this many bytes in all): a file that occurs again costs no frame read. */
    private static final int SMALL = 64 << 10, KEPT_BYTES = 8 << 20, CURSORS = 2;

    private final SquashFiles files;
    private final java.util.Set<String> again;
    /** Large contents read once and named again later: sha256 -> their file in {@link #spill}. */
    private final java.util.Map<String, java.nio.file.Path> spilled = new java.util.HashMap<>();
    private java.nio.file.Path spill;
    /** The file a content being read is copied into, until it is read to the end. */
    private java.io.OutputStream openTee;
    private final java.util.LinkedHashMap<String, byte[]> kept = new java.util.LinkedHashMap<>(64, 0.75f, true);
    private long keptBytes;
    /** Open frames, most recently used last: a layer's own new contents and those it shares with an earlier layer alternate. */
    private final java.util.List<Cursor> cursors = new java.util.ArrayList<>();
    private InputStream open;
    private long position;
    private Cursor current;

    private static final class Cursor {
        final String file;
        final long frame;
        InputStream in;
        long position;

        Cursor(String file, long frame, InputStream in) {
            this.file = file;
            this.frame = frame;
            this.in = in;
        }
    }

    ContentCursor(SquashFiles files) {
        this(files, java.util.Set.of());
    }

    ContentCursor(SquashFiles files, java.util.Set<String> again) {
        this.files = files;
        this.again = again;
    }

    /** The content's bytes; read them to the end before asking for the next. */
    InputStream open(ContentRef ref) throws IOException {
        byte[] small = kept.get(ref.sha256());
        if (small != null && small.length == ref.size()) return new java.io.ByteArrayInputStream(small);
        java.nio.file.Path kept = spilled.get(ref.sha256());
        if (kept != null && java.nio.file.Files.size(kept) == ref.size()) return java.nio.file.Files.newInputStream(kept);
        if (current != null) current.position = position;
        current = null;
        for (Cursor c : cursors) {
            if (c.file.equals(ref.file()) && c.frame == ref.frame() && c.position <= ref.offset()) current = c;
        }
        if (current == null) {
            if (cursors.size() >= CURSORS) cursors.remove(0).in.close();
            current = new Cursor(ref.file(), ref.frame(), files.frame(ref.file(), ref.frame(), -1));
        } else {
            cursors.remove(current);
        }
        cursors.add(current);
        open = current.in;
        position = current.position;
        long skip = ref.offset() - position;
        try {
            open.skipNBytes(skip);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(Text.of("squash.content_past_frame", ref.sha256().substring(0, 12), ref.file()));
        }
        position = ref.offset();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        java.io.OutputStream keep = null;
        java.nio.file.Path keepAt = null;
        if (ref.size() > SMALL && again.contains(ref.sha256())) {
            if (spill == null) spill = java.nio.file.Files.createTempDirectory("ferry-squash-");
            keepAt = spill.resolve(ref.sha256());
            keep = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(keepAt), 1 << 16);
            closeQuietly(openTee); // a content left unread: its copy is incomplete and never used
            openTee = keep;
        }
        java.io.OutputStream tee = keep;
        java.nio.file.Path teeAt = keepAt;
        return new InputStream() {
            long left = ref.size();
            final byte[] copy = ref.size() <= SMALL ? new byte[(int) ref.size()] : null;

            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) return -1;
                int n = open.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new InvalidInputException(Text.of("squash.content_cut_short", ref.sha256().substring(0, 12), ref.file()));
                sha.update(b, off, n);
                if (copy != null) System.arraycopy(b, off, copy, (int) (ref.size() - left), n);
                if (tee != null) tee.write(b, off, n);
                left -= n;
                position += n;
                if (left == 0) {
                    if (tee != null) {
                        tee.close();
                        openTee = null;
                    }
                    if (!ContentRef.hex(sha.digest()).equals(ref.sha256())) {
                        throw new InvalidInputException(Text.of("squash.content_hash", ref.sha256().substring(0, 12), ref.file()));
                    }
                    if (copy != null) keep(ref.sha256(), copy);
                    if (tee != null) spilled.put(ref.sha256(), teeAt);
                }
                return n;
            }
        };
    }

    private static void closeQuietly(java.io.OutputStream out) {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            // a copy that is thrown away
        }
    }

    private void keep(String sha, byte[] bytes) {
        if (kept.put(sha, bytes) == null) keptBytes += bytes.length;
        var it = kept.entrySet().iterator();
        while (keptBytes > KEPT_BYTES && it.hasNext()) {
            keptBytes -= it.next().getValue().length;
            it.remove();
        }
    }

    @Override public void close() throws IOException {
        for (Cursor c : cursors) c.in.close();
        cursors.clear();
        open = null;
        current = null;
        closeQuietly(openTee);
        openTee = null;
        if (spill != null) {
            try (var all = java.nio.file.Files.list(spill)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) all::iterator) java.nio.file.Files.deleteIfExists(p);
            }
            java.nio.file.Files.deleteIfExists(spill);
            spill = null;
            spilled.clear();
        }
    }
}
