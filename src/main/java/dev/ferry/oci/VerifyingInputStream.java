package dev.ferry.oci;

import dev.ferry.ref.Text;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Hashes a blob while it streams and fails the read that reaches the end when the digest or
 * size is not the expected one, and any read that goes past the expected size. A consumer
 * of this stream therefore never sees a clean end of a wrong blob.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final Text what;
    private final MessageDigest md;
    private final LongConsumer progress;
    private long count;
    private boolean verified;

    /**
     * @param what     what is being read, for the error message ("blob sha256:… from 127.0.0.1:5000/app")
     * @param progress called with the number of bytes of each read (may be null)
     */
    public VerifyingInputStream(InputStream in, Descriptor expected, String what, LongConsumer progress) {
        this(in, expected, Text.verbatim(what), progress);
    }

    /** As above, with {@code what} a catalogue text, so that the failure reads in the person's language. */
    public VerifyingInputStream(InputStream in, Descriptor expected, Text what, LongConsumer progress) {
        super(in);
        this.expected = expected;
        this.what = what;
        this.md = expected.digest().newMessageDigest();
        this.progress = progress;
    }

    @Override public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (count > expected.size()) {
            throw new BlobVerificationException(Text.of("oci.blob_too_long", what, expected.size()));
        }
        if (progress != null && n > 0) progress.accept(n);
        return n;
    }

    private void verify() throws BlobVerificationException {
        if (verified) return;
        if (count != expected.size()) {
            throw new BlobVerificationException(Text.of("oci.blob_truncated", what, count, expected.size()));
        }
        if (!expected.digest().matches(md)) {
            throw new BlobVerificationException(Text.of("oci.blob_mismatch", what, expected.digest()));
        }
        verified = true;
    }

    /** Reads whatever is left to the end, so the digest is checked. */
    public void drainAndVerify() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) { /* hashing */ }
    }

    public long bytesRead() { return count; }

    public boolean isVerified() { return verified; }

    @Override public long skip(long n) throws IOException {
        throw new dev.ferry.ref.LocalizedIOException(Text.of("oci.skip_refused"));
    }

    @Override public boolean markSupported() { return false; }
}
