package dev.ferry.cache;

import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.Descriptor;
import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A cached blob, read under a shared lock and hashed as it streams. The read that reaches the
 * end fails when size or digest are wrong, after the file was discarded (so a retry fetches the
 * blob again); a verified read leaves the blob pinned for the rest of the job.
 */
final class CachedBlobStream extends InputStream {
    private final BlobCache cache;
    private final Descriptor d;
    private final Path file;
    private final InputStream in;
    private final LockTable.Lease lease;
    private final MessageDigest md;
    private long count;
    private boolean verified;
    private boolean closed;
    private IOException failure;

    CachedBlobStream(BlobCache cache, Descriptor d, Path file, InputStream in, LockTable.Lease lease) {
        this.cache = cache;
        this.d = d;
        this.file = file;
        this.in = in;
        this.lease = lease;
        this.md = d.digest().newMessageDigest();
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (count > d.size()) throw corrupt(Text.of("cache.corrupt_longer", d.size()));
        cache.addFromCache(n);
        return n;
    }

    private void verify() throws IOException {
        if (verified) return;
        if (failure != null) throw failure;
        if (count != d.size()) throw corrupt(Text.of("cache.corrupt_ended", count, d.size()));
        if (!d.digest().matches(md)) throw corrupt(Text.of("cache.corrupt_digest"));
        verified = true;
    }

    private IOException corrupt(Text why) {
        if (failure != null) return failure;
        cache.discard(d, file, why);
        return failure = new Corrupt(Text.of("cache.corrupt", d.digest().shortForm(), cache.directory(), why));
    }

    /** A cached copy that did not verify, said in the person's language. */
    static final class Corrupt extends BlobVerificationException implements Localized {
        private final transient Text text;

        Corrupt(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }
    }

    @Override public long skip(long n) throws IOException {
        throw new IllegalStateException("skip is not allowed on a verifying stream"); // no reader of ferry's skips
    }

    @Override public int available() throws IOException {
        return in.available();
    }

    @Override public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            in.close();
        } finally {
            if (verified) cache.keepAsPin(lease);
            else lease.close();
        }
    }
}
