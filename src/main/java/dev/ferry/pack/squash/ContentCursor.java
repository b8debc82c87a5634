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
 */
final class ContentCursor implements AutoCloseable {
    /** Small contents read once are kept (up to this many bytes in all): a file that occurs again costs no frame read. */
    private static final int SMALL = 64 << 10, KEPT_BYTES = 8 << 20, CURSORS = 2;

    private final SquashFiles files;
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
        this.files = files;
    }

    /** The content's bytes; read them to the end before asking for the next. */
    InputStream open(ContentRef ref) throws IOException {
        byte[] small = kept.get(ref.sha256());
        if (small != null && small.length == ref.size()) return new java.io.ByteArrayInputStream(small);
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
                left -= n;
                position += n;
                if (left == 0) {
                    if (!ContentRef.hex(sha.digest()).equals(ref.sha256())) {
                        throw new InvalidInputException(Text.of("squash.content_hash", ref.sha256().substring(0, 12), ref.file()));
                    }
                    if (copy != null) keep(ref.sha256(), copy);
                }
                return n;
            }
        };
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
    }
}
