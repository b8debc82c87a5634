package dev.ferry.cache;

import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.Descriptor;

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
        if (count > d.size()) throw corrupt("it holds more than the " + d.size() + " bytes its descriptor declares");
        cache.addFromCache(n);
        return n;
    }

    private void verify() throws IOException {
        if (verified) return;
        if (failure != null) throw failure;
        if (count != d.size()) throw corrupt("it ended after " + count + " of " + d.size() + " bytes");
        if (!d.digest().matches(md)) throw corrupt("its content does not match its digest");
        verified = true;
    }

    private IOException corrupt(String why) {
        if (failure != null) return failure;
        cache.discard(d, file, why);
        return failure = new BlobVerificationException("blob " + d.digest().shortForm() + " in the cache " + cache.directory()
                + " was corrupt (" + why + "); it was discarded and the next try fetches it from the source");
    }

    @Override public long skip(long n) throws IOException {
        throw new IOException("skip is not allowed on a verifying stream");
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
