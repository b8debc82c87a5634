package dev.ferry.pack.squash;

import dev.ferry.pack.InvalidInputException;

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
    private final SquashFiles files;
    private InputStream open;
    private String openFile;
    private long openFrame;
    private long position;

    ContentCursor(SquashFiles files) {
        this.files = files;
    }

    /** The content's bytes; read them to the end before asking for the next. */
    InputStream open(ContentRef ref) throws IOException {
        if (open == null || !ref.file().equals(openFile) || ref.frame() != openFrame || ref.offset() < position) {
            close();
            open = files.frame(ref.file(), ref.frame(), -1);
            openFile = ref.file();
            openFrame = ref.frame();
            position = 0;
        }
        long skip = ref.offset() - position;
        try {
            open.skipNBytes(skip);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException("content " + ref.sha256().substring(0, 12) + " lies past the end of its frame in " + ref.file());
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

            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) return -1;
                int n = open.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new InvalidInputException("content " + ref.sha256().substring(0, 12) + " in " + ref.file() + " is cut short");
                sha.update(b, off, n);
                left -= n;
                position += n;
                if (left == 0 && !ContentRef.hex(sha.digest()).equals(ref.sha256())) {
                    throw new InvalidInputException("content " + ref.sha256().substring(0, 12) + " in " + ref.file() + " does not hash to its sha256 (damaged or tampered)");
                }
                return n;
            }
        };
    }

    @Override public void close() throws IOException {
        if (open != null) open.close();
        open = null;
    }
}
