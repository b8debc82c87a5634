package dev.ferry.pack.squash;

import dev.ferry.oci.Digest;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A layer's uncompressed bytes, rebuilt from its recipe as they are read. At the end the bytes
 * must have the layer's size and hash to its diff_id, else reading fails: a recipe or content
 * that was tampered with never yields a layer.
 */
final class LayerRebuild extends InputStream {
    private final Recipe.Reader recipe;
    private final InputStream recipeStream;
    private final ContentCursor contents;
    private final Digest diffId;
    private final long size;
    private final String what;
    private final MessageDigest sha;
    private byte[] raw;
    private int rawAt, rawLen;
    private InputStream content;
    private long total;
    private boolean ended;

    LayerRebuild(SquashFiles files, String file, long offset, long length, Digest diffId, long size, String what) throws IOException {
        this.contents = new ContentCursor(files, plan(files, file, offset, length, what), what);
        this.recipeStream = files.frame(file, offset, length);
        this.diffId = diffId;
        this.size = size;
        this.what = what;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
            this.recipe = new Recipe.Reader(recipeStream);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            close();
            throw new InvalidInputException(what + ": " + e.getMessage(), e);
        }
    }

    /** The plan of the contents' reads, from a first pass over the recipe (it is small: tar headers and references). */
    private static ContentPlan plan(SquashFiles files, String file, long offset, long length, String what) throws IOException {
        try (InputStream in = files.frame(file, offset, length)) {
            return ContentPlan.of(in);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidInputException(what + ": " + e.getMessage(), e);
        }
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            if (rawAt < rawLen) {
                int n = Math.min(len, rawLen - rawAt);
                System.arraycopy(raw, rawAt, b, off, n);
                rawAt += n;
                return counted(b, off, n);
            }
            if (content != null) {
                int n = content.read(b, off, len);
                if (n > 0) return counted(b, off, n);
                content = null;
            }
            Recipe.Op op;
            try {
                op = recipe.next();
            } catch (InvalidInputException e) {
                throw e;
            } catch (IOException e) {
                throw new InvalidInputException(what + ": " + e.getMessage(), e);
            }
            if (op instanceof Recipe.Raw r) {
                raw = r.bytes();
                rawAt = 0;
                rawLen = r.length();
            } else if (op instanceof Recipe.Content c) {
                content = contents.open(c.ref());
            } else if (op instanceof Recipe.End e) {
                ended = true;
                if (e.total() != total || total != size) {
                    throw new InvalidInputException(Text.of("squash.rebuilt_size", what, total, size));
                }
                Digest got = Digest.parse("sha256:" + ContentRef.hex(sha.digest()));
                if (!got.equals(diffId)) throw new InvalidInputException(Text.of("squash.rebuilt_digest", what, got.shortForm(), diffId.shortForm()));
            }
        }
        return -1;
    }

    private int counted(byte[] b, int off, int n) throws IOException {
        sha.update(b, off, n);
        total += n;
        if (total > size) throw new InvalidInputException(Text.of("squash.rebuilt_too_long", what, size));
        return n;
    }

    @Override public void close() throws IOException {
        try {
            contents.close();
        } finally {
            recipeStream.close();
        }
    }
}
